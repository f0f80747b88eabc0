"""`passend serve --workers N`: each worker listens on a socket of its own (SO_REUSEPORT), so
the kernel spreads connections over the workers instead of one worker taking them all."""

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import psutil
import pytest
from sqlalchemy import Engine

from app.core import serving

pytestmark = pytest.mark.skipif(
    not serving.reuse_port_supported(), reason="SO_REUSEPORT balancing is Linux-only"
)
CONNECTIONS = 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(engine: Engine, port: int, workers: int, *, output: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PASSEND_DATABASE_URL": str(engine.url.render_as_string(hide_password=False)),
        "PASSEND_PORT": str(port),
        "PASSEND_WORKERS": str(workers),
        "PASSEND_RUN_WORKER": "false",
        "PASSEND_DEMO_KEYS_FILE": "/nonexistent/keys.txt",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture
def two_workers(engine: Engine) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = _free_port()
    process = _serve(engine, port, 2, output=subprocess.DEVNULL)  # an unread pipe could fill
    try:
        deadline = time.monotonic() + 60
        while len(_workers(process)) < 2 or not _all_listening(port, process):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("two workers did not start listening")
            time.sleep(0.2)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _workers(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    return psutil.Process(process.pid).children(recursive=True)


def _connections(worker: psutil.Process) -> list[Any]:
    """A child's TCP connections; none if it exited since it was listed (the server's start
    runs short-lived children, e.g. multiprocessing's spawn helpers)."""
    try:
        return list(worker.net_connections("tcp"))
    except psutil.NoSuchProcess:
        return []


def _all_listening(port: int, process: subprocess.Popen[bytes]) -> bool:
    listening = {
        w.pid
        for w in _workers(process)
        for c in _connections(w)
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    }
    return len(listening) == 2


def _keep_alive_request(port: int) -> tuple[socket.socket, bytes]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
    return sock, sock.recv(4096)


def test_each_worker_listens_on_its_own_socket_and_gets_a_share(
    two_workers: tuple[int, subprocess.Popen[bytes]],
) -> None:
    port, process = two_workers
    opened = [_keep_alive_request(port) for _ in range(CONNECTIONS)]
    try:
        assert all(answer.startswith(b"HTTP/1.1 200") for _, answer in opened)
        held: Counter[int] = Counter()
        for worker in _workers(process):
            for c in _connections(worker):
                if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port:
                    held[worker.pid] += 1
        assert sum(held.values()) == CONNECTIONS
        # Hashing 40 connections over 2 sockets: fewer than 8 on one is a 1-in-100,000 event;
        # with one shared socket a single worker typically took (nearly) all of them.
        assert len(held) == 2 and min(held.values()) >= 8, held
    finally:
        for sock, _ in opened:
            sock.close()


def test_a_taken_port_stops_the_server_instead_of_sharing_it(engine: Engine) -> None:
    port = _free_port()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        process = _serve(engine, port, 2, output=subprocess.PIPE)
        out, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert f"Cannot listen on 127.0.0.1:{port}" in out.decode()


def test_reuse_port_sockets_share_a_port_and_a_plain_socket_cannot_join() -> None:
    first = serving.listening_socket("127.0.0.1", 0)
    port = first.getsockname()[1]
    second = serving.listening_socket("127.0.0.1", port)
    try:
        first.listen()
        second.listen()
        with pytest.raises(OSError):
            serving.listening_socket("127.0.0.1", port, reuse_port=False)
    finally:
        first.close()
        second.close()
