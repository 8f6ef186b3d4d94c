"""`mdime serve` under hostile clients (issue 13, item 4): only its own Host is
answered (DNS rebinding), idle and half-sent connections are closed, and the number
of connections served at once is bounded."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from mdime_publish import serve as serve_module
from mdime_publish.pipeline import Workspace


@pytest.fixture
def preview(mini: Path, monkeypatch):
    monkeypatch.setattr(serve_module, "IDLE_SECONDS", 1.0)
    monkeypatch.setattr(serve_module, "MAX_CONNECTIONS", 4)
    server = serve_module.serve([(Workspace(mini), mini / "content" / "testland" / "russia.md")], 0, lambda _: None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.close()
        thread.join(timeout=5)


def _port(server) -> int:
    return server.server.server_address[1]


def _get(port: int, host: str | None, path: str = "/testland/russia.html") -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\n".encode() + (f"Host: {host}\r\n".encode() if host is not None else b"")
                     + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "localhost.evil.example:{port}",
                                  "0.0.0.0:{port}", "", None])
def test_a_request_for_another_host_is_misdirected(preview, host):
    port = _port(preview)
    status, data = _get(port, None if host is None else host.format(port=port))
    assert status == 421
    assert b"Testland" not in data


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"])
def test_a_request_for_its_own_address_is_served(preview, host):
    status, data = _get(_port(preview), host.format(port=_port(preview)))
    assert status == 200 and b"Instruments of Russian Military Influence in Testland" in data


@pytest.mark.parametrize("sent", [b"", b"GET /testland/russia.html HTTP/1.1\r\nHost: 127.0.0.1"])
def test_an_idle_or_half_sent_connection_is_closed(preview, sent):
    with socket.create_connection(("127.0.0.1", _port(preview)), timeout=10) as conn:
        conn.sendall(sent)
        started = time.monotonic()
        assert conn.recv(1024) == b""  # closed by the server, without an answer
        assert time.monotonic() - started < 5


def test_connections_beyond_the_bound_get_503_without_a_thread(preview):
    port = _port(preview)
    before = threading.active_count()
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(4)]
    try:
        time.sleep(0.2)
        assert threading.active_count() - before == 4
        status, _ = _get(port, f"127.0.0.1:{port}")
        assert status == 503
    finally:
        for conn in held:
            conn.close()
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _get(port, f"127.0.0.1:{port}")[0] == 200
