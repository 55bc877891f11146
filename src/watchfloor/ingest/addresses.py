"""Which network addresses watchfloor fetches from: public ones, and those the user allowed.

A URL that names (or resolves to, or redirects to) a loopback, private (RFC 1918, fc00::/7),
link-local, carrier-grade NAT, unspecified, multicast or otherwise reserved address is refused,
so that a feed or a redirect cannot make watchfloor read the user's router, intranet or a cloud
metadata service. ``allowed`` networks, given explicitly by the user, pass anyway.
"""

from __future__ import annotations

import ipaddress

from watchfloor.errors import ConfigError

__all__ = [
    "IPAddress",
    "IPNetwork",
    "blocked_range",
    "parse_address",
    "parse_network",
    "refusal_problem",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


_BLOCKED: tuple[tuple[str, tuple[IPNetwork, ...]], ...] = (
    ("unspecified", _networks("0.0.0.0/8", "::/128")),
    ("loopback", _networks("127.0.0.0/8", "::1/128")),
    ("private", _networks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
    ("link-local", _networks("169.254.0.0/16", "fe80::/10")),
    ("carrier-grade NAT", _networks("100.64.0.0/10")),
    ("multicast", _networks("224.0.0.0/4", "ff00::/8")),
)
"""The non-public ranges named in messages; other non-global addresses are called reserved."""
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_network(text: str) -> IPNetwork:
    """The network written as ``10.0.0.0/8`` (or a single address), for ``allowed_networks``."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise ConfigError(
            f"{text!r} is not an IP network: write it as an address with a prefix length, "
            "e.g. 10.0.0.0/8 or fd00::/8"
        ) from None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address reaches (IPv4-mapped, 6to4, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    return None


def _in_any(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def blocked_range(
    address: IPAddress, allowed: tuple[IPNetwork, ...] = ()
) -> tuple[str, IPNetwork] | None:
    """``None`` when ``address`` may be fetched, else the kind of address ("private",
    "loopback"…) and the network to allow to fetch it anyway.

    Global unicast addresses pass; so does anything inside ``allowed``. An IPv6 address that
    carries an IPv4 one (IPv4-mapped, 6to4, NAT64) is judged by the IPv4 address it reaches.
    """
    inner = _embedded_ipv4(address)
    if _in_any(address, allowed) or (inner is not None and _in_any(inner, allowed)):
        return None
    judged: IPAddress = inner if inner is not None else address
    for kind, networks in _BLOCKED:
        for net in networks:
            if judged.version == net.version and judged in net:
                return kind, net
    if not judged.is_global or judged.is_reserved:
        return "reserved", ipaddress.ip_network(judged)
    return None


def parse_address(text: str) -> IPAddress | None:
    """``text`` as an IP address (an IPv6 zone such as ``%eth0`` dropped), or None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None


def refusal_problem(how: str, address: str, allowed: tuple[IPNetwork, ...]) -> str | None:
    """The sentence that refuses ``address`` ("example.org resolves to private address
    10.0.0.1: pass --allow-network 10.0.0.0/8 to fetch it anyway"), or None when it may be
    fetched. ``how`` starts the sentence; an unparseable address is always refused."""
    ip = parse_address(address)
    if ip is None:
        return f"{how} {address[:80]!r}, which is not an IP address: check the address"
    blocked = blocked_range(ip, allowed)
    if blocked is None:
        return None
    kind, network = blocked
    return f"{how} {kind} address {ip}: pass --allow-network {network} to fetch it anyway"
