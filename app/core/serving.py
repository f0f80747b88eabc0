"""Several worker processes, each accepting on a listening socket of its own (Linux).

uvicorn's ``workers=N`` binds one socket in the parent and lets every worker accept from it.
Whichever worker's loop wakes first takes every waiting connection at once (asyncio accepts
up to the backlog per wake-up), and keep-alive clients stay where they landed: under the
load benchmark 49 of 51 connections sat on one of two workers, which then ran one core flat
out while the other idled (docs/decisions/100, point 10). With ``SO_REUSEPORT`` every worker
listens on its own socket bound to the same port and the kernel spreads new connections over
them by a hash of the address pair, so the workers share the load from the first second. A
worker also joins only after its startup (snapshot, sealer) is done.

uvicorn's supervisor is kept as it is (health pings, restarts, signals): only the worker
process class it creates is ours, and our server binds its own socket instead of using the
parent's. Elsewhere than Linux, or with one worker, ``passend serve`` runs uvicorn as usual.
"""

import contextlib
import socket
import sys

import uvicorn
from uvicorn.supervisors import multiprocess


def reuse_port_supported() -> bool:
    """Linux balances SO_REUSEPORT listeners; other systems accept the option but do not."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, *, reuse_port: bool = True) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not yet listening); with ``reuse_port`` other
    sockets of this user may bind the same port and the kernel balances between them."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class OwnSocketServer(uvicorn.Server):
    """A uvicorn server that listens on a socket of its own instead of the parent's."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        own = listening_socket(self.config.host, self.config.port)
        await super().startup(sockets=[own])


class OwnSocketProcess(multiprocess.Process):
    """uvicorn's worker process, serving with :class:`OwnSocketServer`."""

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = OwnSocketServer(config=self.config)
        return self._server


def run(config: uvicorn.Config) -> None:
    """Serve ``config`` with ``config.workers`` processes, each on its own socket (Linux)."""
    # A port that is already taken must fail here, as it would without SO_REUSEPORT, and not
    # be shared with whatever holds it: a plain bind first, released before the workers bind.
    try:
        listening_socket(config.host, config.port, reuse_port=False).close()
    except OSError as exc:
        sys.exit(f"Cannot listen on {config.host}:{config.port}: {exc.strerror}")
    multiprocess.Process = OwnSocketProcess  # type: ignore[misc]  # what the supervisor starts
    with contextlib.suppress(KeyboardInterrupt):  # as uvicorn.run: Ctrl-C ends it quietly
        multiprocess.Multiprocess(config, sockets=[]).run()
