"""The client's IP address: the socket peer, unless that peer is a proxy we trust.

``PASSEND_TRUSTED_PROXIES`` lists proxy addresses or networks. Only when the peer is one of
them is ``X-Forwarded-For`` read, from the right: the first address that is not a trusted
proxy is the client (addresses further left were written by the client and prove nothing).
With no trusted proxies the header is ignored, so nobody picks their own address by sending
it. The middleware rewrites the ASGI ``client``, so every limit and log sees the same value.
"""

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str) -> list[Network]:
    networks = []
    for part in value.replace(";", ",").split(","):
        if part.strip():
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
    return networks


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(peer: str, forwarded_for: str, networks: list[Network]) -> str:
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a garbled chain: trust nothing the header says
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


class TrustedProxies:
    """ASGI middleware: set ``scope["client"]`` to the real client behind trusted proxies."""

    def __init__(self, app: ASGIApp, trusted_proxies: str) -> None:
        self.app = app
        self.networks = parse_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.networks and scope.get("client"):
            forwarded = b",".join(
                value for name, value in scope.get("headers", []) if name == b"x-forwarded-for"
            ).decode("latin-1")
            peer = scope["client"][0]
            ip = client_ip(peer, forwarded, self.networks)
            if ip != peer:
                scope = {**scope, "client": (ip, 0)}
        await self.app(scope, receive, send)
