"""A real HTTP server on 127.0.0.1 for tests: routes map a path to a canned or computed response.

Tests fake the network here, at the far end of a real socket, never inside httpx, feedparser or trafilatura.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (read time-outs)
    hang_up: bool = False  # close the connection after answering, without a `Connection: close` to say so


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Handler = Callable[[Request], Response]
POLL_SECONDS = 0.02


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class LocalServer:
    """`server.route("/feed.xml", Response(...))` or `server.route("/x", lambda req: Response(...))`.

    With `tls`, an HTTPS server (its certificate in that context); `address` is where it listens (IPv4 or IPv6)."""

    def __init__(self, tls: ssl.SSLContext | None = None, address: str = "127.0.0.1") -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[Request] = []
        self.peers: list[tuple[str, int]] = []  # the client's address and port of each request: which connection
        self._lock = threading.Lock()
        self._httpd = (_Server6 if ":" in address else _Server)((address, 0), self._handler_class())
        self._scheme = "http"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
            self._scheme = "https"
        # `shutdown` waits for the serving loop to look at its flag, which it does once per poll interval: the
        # default half second, paid by every test that stops a server, would be a minute of the whole suite.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(POLL_SECONDS,), daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self._scheme}://{host}:{self.port}{path}"

    def route(self, path: str, response: Response | Handler) -> None:
        self.routes[path] = response

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except ConnectionResetError:
                    # The client closed, with a reset, a connection whose answer it gave up on (caps, errors) after
                    # this thread had sent it all: the same as a reset while sending (`_write`), not a fault.
                    self.close_connection = True

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.requests.append(request)
                    server.peers.append(self.client_address[:2])
                target = server.routes.get(self.path.split("?")[0]) or server.routes.get(self.path)
                if target is None:
                    response = Response(404, b"not found")
                else:
                    response = target(request) if callable(target) else target
                if response.delay:
                    threading.Event().wait(response.delay)
                self._write(response)

            def _write(self, response: Response) -> None:
                try:
                    self.send_response(response.status)
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    if isinstance(response.body, bytes):
                        headers.setdefault("content-length", str(len(response.body)))
                    else:
                        headers.setdefault("connection", "close")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    chunks = [response.body] if isinstance(response.body, bytes) else response.body
                    for chunk in chunks:
                        self.wfile.write(chunk)
                    if "content-length" not in headers or response.hang_up:
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up on purpose (size caps, time-outs)

            do_GET = do_POST = do_HEAD = _serve

        return _Handler
