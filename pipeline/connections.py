"""httpcore's network layer on asyncio's own transports: the HTTP client's sockets, without anyio.

httpcore's default backend on asyncio goes through anyio: a cancel scope around every read and write, and a poll
system call on every idle connection each time its pool assigns a request (`is_readable`). With thousands of
requests per poll on two cores, that was a large share of a request's CPU. Here a connection is an asyncio
protocol: bytes arrive in its buffer as the event loop reads them, a read waits on one future with one timer, a
write waits only when the transport asks us to (flow control), and an idle connection is readable when bytes or
an end of stream have arrived, which the protocol already knows.

httpcore still does HTTP (with h11) and keeps the pool; what connects where (the vetted address) is its caller's.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections import deque
from collections.abc import Iterable
from typing import Any

import httpcore
from httpcore import AsyncNetworkBackend, AsyncNetworkStream

# Bytes held unread before we stop reading the socket: a server cannot fill our memory faster than we read.
_PAUSE_AT = 256 * 1024
_RESUME_AT = 64 * 1024
_HAPPY_EYEBALLS = 0.25  # seconds before the next address is tried alongside (as anyio's connect did)


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


class AsyncioStream(AsyncNetworkStream):
    """httpcore's view of one connection: read, write, close, upgrade to TLS, and what it asks about it."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        connection = self._connection
        if not connection.chunks and not connection.eof:
            try:
                await connection.wait(timeout)
            except _Expired:
                raise httpcore.ReadTimeout(f"no bytes within {timeout:g} s") from None
        if connection.chunks:
            return connection.take(max_bytes)
        if connection.error is not None:
            raise httpcore.ReadError(str(connection.error) or type(connection.error).__name__)
        return b""  # the peer closed the connection: h11 decides whether that was allowed here

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        connection = self._connection
        transport = connection.transport
        if transport is None or transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        transport.write(buffer)
        while connection.writing_paused:  # the transport's buffer is full: wait for the socket to take it
            try:
                await connection.wait(timeout)
            except _Expired:
                raise httpcore.WriteTimeout(f"could not send within {timeout:g} s") from None
        if connection.error is not None:
            raise httpcore.WriteError(str(connection.error) or type(connection.error).__name__)

    async def aclose(self) -> None:
        # At once, unsent bytes discarded, no TLS close_notify: as httpcore's anyio backend closes.
        if self._connection.transport is not None:
            self._connection.transport.abort()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> AsyncNetworkStream:
        connection = self._connection
        transport = connection.transport
        if transport is None:
            raise httpcore.ConnectError("the connection is closed")
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                tls = await loop.start_tls(
                    transport, connection, ssl_context, server_hostname=server_hostname, ssl_handshake_timeout=timeout
                )
        except TimeoutError:
            transport.abort()
            raise httpcore.ConnectTimeout(f"no TLS handshake within {timeout:g} s") from None
        except (OSError, ssl.SSLError, ConnectionError) as exc:  # SSLError is an OSError; said for the reader
            transport.abort()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        if tls is None:  # only when the loop is closing
            transport.abort()
            raise httpcore.ConnectError("TLS could not start")
        assert isinstance(tls, asyncio.Transport)
        connection.transport = tls
        return AsyncioStream(connection)

    def get_extra_info(self, info: str) -> Any:
        connection = self._connection
        if info == "is_readable":  # asked of idle connections: anything arrived, or closed, means not reusable
            return bool(connection.chunks) or connection.eof
        transport = connection.transport
        if transport is None:
            return None
        names = {"ssl_object": "ssl_object", "client_addr": "sockname", "server_addr": "peername", "socket": "socket"}
        return transport.get_extra_info(names[info]) if info in names else None


class AsyncioBackend(AsyncNetworkBackend):
    """Connects TCP sockets on the running asyncio loop for httpcore's pool."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        connection = _Connection()
        try:
            async with asyncio.timeout(timeout):
                transport, _ = await loop.create_connection(
                    lambda: connection,
                    host,
                    port,
                    local_addr=(local_address, 0) if local_address else None,
                    happy_eyeballs_delay=_HAPPY_EYEBALLS,
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"no connection to {host}:{port} within {timeout:g} s") from None
        except OSError as exc:  # refused, unreachable, unresolvable
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        sock: socket.socket | None = transport.get_extra_info("socket")
        for option in socket_options or ():
            if sock is not None:
                sock.setsockopt(*option)
        return AsyncioStream(connection)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
