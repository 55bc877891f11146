"""``watchfloor serve``: the web app (pages and the JSON API) over one ledger."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import typer

from watchfloor.cli.ledger_options import DB_OPTION, REGISTRY_OPTION
from watchfloor.errors import ConfigError

__all__ = ["serve"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port (0: any free one)."),
    playbook: list[Path] = typer.Option(
        [], "--playbook", "-p", help="A playbook to assess (repeat for more)."
    ),
    registry: str | None = REGISTRY_OPTION,
    elements: Path | None = typer.Option(
        None, "--elements", help="Satellite elements (TLE or OMM) for upcoming overflights."
    ),
    sites: Path | None = typer.Option(None, "--sites", help="Your sites (YAML or CSV)."),
    satellites: Path | None = typer.Option(
        None, "--satellites", help="The satellite list: owner and sensor of each."
    ),
    allow_network: list[str] = typer.Option(
        [], "--allow-network", metavar="CIDR", help="Let URL ingest reach this private network."
    ),
) -> None:
    """Serve the pages and the JSON API (/api/v1) of the ledger. Reading is open; writing
    (ingest, grade edits) needs a token from `watchfloor token create`. Listening beyond this
    machine (--host 0.0.0.0) is refused until a token exists."""
    import uvicorn

    from watchfloor.ledger import open_ledger
    from watchfloor.web import WebConfig, create_app

    if (elements is None) != (sites is None):
        raise ConfigError("--elements and --sites go together: give both or neither")
    if not _loopback(host):
        with open_ledger(db) as ledger:
            if not ledger.has_tokens():
                raise ConfigError(
                    f"--host {host} would let other machines reach the ledger: create an API "
                    "token first (watchfloor token create NAME), or serve on 127.0.0.1"
                )
    config = WebConfig(
        db=db,
        playbooks=tuple(playbook),
        registry=Path(registry) if registry else None,
        allowed_networks=tuple(allow_network),
        elements=elements,
        sites=sites,
        satellites=satellites,
    )
    app = create_app(config)
    print(f"watchfloor: serving {db} on http://{host}:{port}", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
