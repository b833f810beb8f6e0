"""The HTTP client's connections: sockets on asyncio's own transports, HTTP/1.1 through h11, kept alive per host.

httpx and httpcore did this before, and on asyncio they go through anyio: a cancel scope around every read and
write, a lock or event with its own cancel scope and an extra turn of the event loop at each step of a request, and
a poll system call on every idle connection each time the pool assigned one. With thousands of requests per poll on
two cores that was most of a request's CPU. Here a connection is an asyncio protocol: bytes arrive in its buffer as
the event loop reads them, a read waits on one future with one timer, a write waits only when the transport asks
us to (flow control), and an idle connection is stale when bytes or an end of stream have arrived, which the
protocol already knows. h11 (httpcore's own HTTP/1.1 engine) parses and frames every message.

A host's pool has no limit of its own: the client's per-host semaphore bounds the connections in use, and an
idle one is reused (newest first) until it has been idle `keepalive` seconds. Where to connect (the vetted
address) and what to send are the caller's.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import dataclass
from types import TracebackType

import h11

# Bytes held unread before we stop reading the socket: a server cannot fill our memory faster than we read.
_PAUSE_AT = 256 * 1024
_RESUME_AT = 64 * 1024
_READ_SIZE = 64 * 1024
_MAX_HEAD = 100 * 1024  # a response's status line and headers (httpcore's limit)
_HAPPY_EYEBALLS = 0.25  # seconds before the next address is tried alongside (as anyio's connect did)


class TransportError(Exception):
    """A network fault, a time-out or a malformed answer: the request may succeed another time."""


class TimeoutException(TransportError):
    pass


class ConnectTimeout(TimeoutException):
    pass


class ReadTimeout(TimeoutException):
    pass


class WriteTimeout(TimeoutException):
    pass


class ConnectError(TransportError):
    pass


class ReadError(TransportError):
    pass


class WriteError(TransportError):
    pass


class RemoteProtocolError(TransportError):
    """The server broke HTTP/1.1: a malformed answer, or one cut short."""


class LocalProtocolError(TransportError):
    """What we were asked to send is not valid HTTP/1.1 (a header value with a line break)."""


class _Expired(Exception):
    """A wait's own time-out (not the caller's deadline, which cancels the task instead)."""


class _Connection(asyncio.Protocol):
    """One TCP (or TLS) connection's received bytes and state, as the event loop delivers them."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.eof = False  # the peer closed its side, or the connection is gone
        self.error: BaseException | None = None
        self.reading_paused = False
        self.writing_paused = False
        self.waiter: asyncio.Future[None] | None = None  # a read or a write waiting for the loop

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > _PAUSE_AT and not self.reading_paused and self.transport is not None:
            self.reading_paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False  # nothing more to send either: the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self.writing_paused = False
        self._wake()

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        self._wake()

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def take(self, max_bytes: int) -> bytes:
        """Up to `max_bytes` of what has arrived (the caller checked there is some)."""
        chunks = self.chunks
        if len(chunks) == 1 and len(chunks[0]) <= max_bytes:
            data = chunks.popleft()
        else:
            joined = b"".join(chunks)
            chunks.clear()
            data, rest = joined[:max_bytes], joined[max_bytes:]
            if rest:
                chunks.append(rest)
        self.buffered -= len(data)
        if self.reading_paused and self.buffered < _RESUME_AT and self.transport is not None:
            self.reading_paused = False
            self.transport.resume_reading()
        return data

    async def wait(self, timeout: float | None) -> None:
        """Until the loop wakes us (bytes, end of stream, room to write), or `_Expired` after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        waiter = self.waiter = loop.create_future()
        timer = loop.call_later(timeout, _expire, waiter) if timeout is not None else None
        try:
            await waiter
        finally:
            self.waiter = None
            if timer is not None:
                timer.cancel()


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(_Expired())


class Stream:
    """One connection: read, write, close, upgrade to TLS, and whether an idle one has gone stale."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def read(self, max_bytes: int, timeout: float | None) -> bytes:
        connection = self._connection
        if not connection.chunks and not connection.eof:
            try:
                await connection.wait(timeout)
            except _Expired:
                raise ReadTimeout(f"no bytes within {timeout:g} s") from None
        if connection.chunks:
            return connection.take(max_bytes)
        if connection.error is not None:
            raise ReadError(str(connection.error) or type(connection.error).__name__)
        return b""  # the peer closed the connection: h11 decides whether that was allowed here

    async def write(self, data: bytes, timeout: float | None) -> None:
        connection = self._connection
        transport = connection.transport
        if transport is None or transport.is_closing():
            raise WriteError("the connection is closed")
        transport.write(data)
        while connection.writing_paused:  # the transport's buffer is full: wait for the socket to take it
            try:
                await connection.wait(timeout)
            except _Expired:
                raise WriteTimeout(f"could not send within {timeout:g} s") from None
        if connection.error is not None:
            raise WriteError(str(connection.error) or type(connection.error).__name__)

    def close(self) -> None:
        """At once, unsent bytes discarded, no TLS close_notify (as httpcore closed)."""
        if self._connection.transport is not None:
            self._connection.transport.abort()

    @property
    def stale(self) -> bool:
        """For an idle connection: anything arrived, or the peer closed it, means it cannot take a request."""
        return bool(self._connection.chunks) or self._connection.eof

    async def start_tls(self, context: ssl.SSLContext, server_hostname: str, timeout: float | None) -> None:
        connection = self._connection
        transport = connection.transport
        assert transport is not None
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                tls = await loop.start_tls(
                    transport, connection, context, server_hostname=server_hostname, ssl_handshake_timeout=timeout
                )
        except TimeoutError:
            transport.abort()
            raise ConnectTimeout(f"no TLS handshake within {timeout:g} s") from None
        except OSError as exc:  # ssl.SSLError (a certificate refused) is one
            transport.abort()
            raise ConnectError(str(exc) or type(exc).__name__) from exc
        if tls is None:  # only when the loop is closing
            transport.abort()
            raise ConnectError("TLS could not start")
        assert isinstance(tls, asyncio.Transport)
        connection.transport = tls

    def extra(self, name: str) -> object:
        """The transport's `get_extra_info` (peername, sockname, ssl_object, ...)."""
        transport = self._connection.transport
        return transport.get_extra_info(name) if transport is not None else None


async def connect(host: str, port: int, timeout: float | None) -> Stream:
    """A TCP connection to `host` (an address, or a name asyncio resolves) on the running loop."""
    loop = asyncio.get_running_loop()
    connection = _Connection()
    try:
        async with asyncio.timeout(timeout):
            await loop.create_connection(lambda: connection, host, port, happy_eyeballs_delay=_HAPPY_EYEBALLS)
    except TimeoutError:
        raise ConnectTimeout(f"no connection to {host}:{port} within {timeout:g} s") from None
    except OSError as exc:  # refused, unreachable, unresolvable
        raise ConnectError(str(exc) or type(exc).__name__) from exc
    return Stream(connection)


class _Kept:
    """A connection and its HTTP/1.1 state, between requests."""

    __slots__ = ("http", "idle_until", "stream")

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.http = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        self.idle_until = 0.0


@dataclass(frozen=True, slots=True)
class Request:
    """What to send (`target`, `headers`, `content`) and where: `address` and `port` (the vetted address), and the
    name TLS checks the certificate for."""

    method: bytes
    address: str
    port: int
    target: bytes
    headers: list[tuple[bytes, bytes]]
    content: bytes | None
    server_name: str
    timeouts: Timeouts


class Timeouts:
    """Seconds for each step: connecting (TLS included), each read, each write."""

    __slots__ = ("connect", "read", "write")

    def __init__(self, connect: float | None, read: float | None, write: float | None) -> None:
        self.connect, self.read, self.write = connect, read, write


class Response:
    """An answer's status and headers; its body read with `raw()`. Closed by the `async with` that made it."""

    __slots__ = ("_kept", "_timeout", "done", "headers", "status")

    def __init__(self, kept: _Kept, status: int, headers: list[tuple[bytes, bytes]], timeout: float | None) -> None:
        self._kept, self._timeout = kept, timeout
        self.status, self.headers = status, headers
        self.done = False  # the whole body was read: the connection can take another request

    async def raw(self) -> AsyncIterator[bytes]:
        """The body's bytes as they arrive, still compressed."""
        while True:
            event = await _next_event(self._kept, self._timeout)
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                self.done = True
                return


class Pool:
    """One host's kept-alive connections."""

    def __init__(self, tls: ssl.SSLContext | None, keepalive: float) -> None:
        self._tls = tls  # None for http
        self._keepalive = keepalive
        self._idle: list[_Kept] = []

    def request(self, request: Request) -> _Exchange:
        """`async with pool.request(...) as response:` one request to its address; TLS (if any) checks its
        `server_name`'s certificate. Leaving the block returns the connection if the answer was read to its end."""
        return _Exchange(self, request)

    async def _checkout(self, address: str, port: int, server_name: str, timeouts: Timeouts) -> _Kept:
        now = time.monotonic()
        while self._idle:
            kept = self._idle.pop()
            if kept.idle_until > now and not kept.stream.stale:
                return kept
            kept.stream.close()
        stream = await connect(address, port, timeouts.connect)
        if self._tls is not None:
            try:
                await stream.start_tls(self._tls, server_name, timeouts.connect)
            except BaseException:  # refused, timed out, or the caller's deadline: no half-open connection stays
                stream.close()
                raise
        return _Kept(stream)

    def _checkin(self, kept: _Kept, reusable: bool) -> None:
        http = kept.http
        if reusable and http.our_state is h11.DONE and http.their_state is h11.DONE:
            http.start_next_cycle()
            kept.idle_until = time.monotonic() + self._keepalive
            self._idle.append(kept)
        else:
            kept.stream.close()

    def close(self) -> None:
        idle, self._idle = self._idle, []
        for kept in idle:
            kept.stream.close()


class _Exchange:
    """One request on one connection, as an async context manager around its response."""

    def __init__(self, pool: Pool, request: Request) -> None:
        self._pool, self._request = pool, request
        self._kept: _Kept | None = None
        self._response: Response | None = None

    async def __aenter__(self) -> Response:
        request, timeouts = self._request, self._request.timeouts
        kept = self._kept = await self._pool._checkout(request.address, request.port, request.server_name, timeouts)
        try:
            http = kept.http
            try:
                data = http.send(h11.Request(method=request.method, target=request.target, headers=request.headers))
                if request.content:
                    data += http.send(h11.Data(data=request.content))
                data += http.send(h11.EndOfMessage())
            except h11.LocalProtocolError as exc:
                raise LocalProtocolError(str(exc)) from exc
            # A server may answer (an error, say) and close before reading all we send: its answer is read.
            with suppress(WriteError):
                await kept.stream.write(data, timeouts.write)
            while True:
                event = await _next_event(kept, timeouts.read)
                if isinstance(event, h11.Response):
                    break
                # An informational (1xx) answer comes before the real one.
            self._response = Response(kept, event.status_code, event.headers.raw_items(), timeouts.read)
            return self._response
        except BaseException:
            self._pool._checkin(kept, reusable=False)
            self._kept = None
            raise

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._kept is not None:
            done = self._response is not None and self._response.done and kind is None
            self._pool._checkin(self._kept, reusable=done)
            self._kept = None


async def _next_event(kept: _Kept, timeout: float | None) -> h11.Event:
    http = kept.http
    while True:
        try:
            event = http.next_event()
        except h11.RemoteProtocolError as exc:
            raise RemoteProtocolError(str(exc)) from exc
        if event is h11.NEED_DATA:
            data = await kept.stream.read(_READ_SIZE, timeout)
            if not data and http.their_state is h11.SEND_RESPONSE:
                raise RemoteProtocolError("the server closed the connection without answering")
            http.receive_data(data)
            continue
        if event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
            raise RemoteProtocolError("the server closed the connection in the middle of an answer")
        assert isinstance(event, h11.Event)
        return event
