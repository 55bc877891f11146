"""The web face of the ledger: one server over one ledger, with a JSON API under ``/api/v1`` and
server-rendered pages that show the same data (``watchfloor serve``).

Pages and API read through :class:`~watchfloor.web.floor.Floor`, which holds the ledger, the
playbooks and what is costly to compute (assessments, timelines), recomputed when the ledger's
claims change. Writes (ingest, grade edits) need an API token; see :mod:`watchfloor.web.security`.
"""

from __future__ import annotations

from watchfloor.web.app import create_app
from watchfloor.web.floor import Floor, WebConfig

__all__ = ["Floor", "WebConfig", "create_app"]
