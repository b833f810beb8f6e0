"""The project's one HTTP client: time-outs, size caps, our own redirects, an address guard, conditional GET.

Feed and article URLs come from the internet, so every hop is checked before anything is sent to it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import zlib
from base64 import b64encode
from collections.abc import AsyncIterable, AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

import httpcore
import httpx

from pipeline.connections import AsyncioBackend
from pipeline.errors import PermanentError, TooLargeError, TransientError, UnsafeURLError
from pipeline.redaction import redact_logs_of, redact_url
from pipeline.settings import Network, Settings

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_INFLATE = {"gzip": 47, "x-gzip": 47, "deflate": 47}  # wbits 32 + 15: zlib or gzip header, detected
_KEEPALIVE_SECONDS = 5.0  # an idle connection older than this is closed, not reused (httpx's default)
# What httpcore raises for a network fault, a malformed or truncated answer, or a scheme it cannot speak.
_TRANSPORT_ERRORS = (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, httpcore.ProxyError)


class HttpStatusError(PermanentError):
    """A 4xx answer other than 429: the same request would fail the same way."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class HttpTransientError(TransientError):
    """A 5xx, 429 or 503 answer (with Retry-After seconds when the server sent one), or a network fault."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, retry_after)
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    requested_url: str
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET that matched
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    permanent_url: str | None = None  # where a chain of only 301/308 ended: the feed has moved


def check_url(url: str, allow_private: bool | Sequence[Network], parts: SplitResult | None = None) -> str | None:
    """Refuse non-http(s) URLs, and hosts that resolve into loopback/private/link-local space.

    `allow_private` is True (every address allowed), False, or the networks allowed besides public space.
    Returns the vetted address to connect to (None when every address is allowed: nothing to pin). The
    caller connects to that address, not to the name, so a second DNS answer cannot point the request
    somewhere else (DNS rebinding). `parts` is `urlsplit(url)` when the caller already has it."""
    parts = parts or urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURLError(f"refused {redact_url(url)}: only http(s) URLs with a host are fetched")
    if allow_private is True:
        return None
    allowed = () if allow_private is False else tuple(allow_private)
    addresses = _addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        if not (_public(address) or any(address in network for network in allowed)):
            raise UnsafeURLError(f"refused {redact_url(url)}: {address} is not a public address")
    return str(addresses[0])


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_global and not address.is_multicast


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise HttpTransientError(f"cannot resolve {host}: {exc.strerror}") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context (its CA bundle loaded once) for every host's pool: loading it costs tens of ms."""
    return httpx.create_ssl_context()


class _Host:
    """What one host needs per request, made once: its request limit, its connection pool, its default headers."""

    __slots__ = ("headers", "limit", "pool")

    def __init__(self, limit: asyncio.Semaphore, pool: httpcore.AsyncConnectionPool, headers: dict[str, str]):
        self.limit = limit
        self.pool = pool
        self.headers = headers


class HttpClient:
    """Async, pooled, polite: a global and a per-host limit on concurrent requests.

    Requests go straight to a per-host httpcore connection pool on our own asyncio network backend
    (`pipeline.connections`), not through httpx: we follow redirects ourselves, keep no cookies and read bodies
    raw, and httpx's per-request work (a cookie jar, merged defaults, its URL and header models, anyio's cancel
    scopes and a poll system call per idle connection) was most of a feed poll's CPU."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        redact_logs_of("httpx", "httpcore")  # their debug logs name each request's full URL, credentials and all
        self._all = asyncio.Semaphore(settings.concurrency)
        # A connection pool per host: httpcore matches waiting requests to connections by scanning them all, so
        # one pool for every host costs CPU in the square of the connections open (it made polling CPU-bound).
        self._hosts: dict[str, _Host] = {}
        self._backend = AsyncioBackend()
        # httpcore reads these per request; a request without them would wait on the network for ever.
        self._timeouts = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout).as_dict()
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        }

    def _host(self, netloc: str) -> _Host:
        host = self._hosts.get(netloc)
        if host is None:
            per_host = self._settings.per_host_concurrency
            pool = httpcore.AsyncConnectionPool(
                ssl_context=_tls(),
                max_connections=per_host,
                max_keepalive_connections=per_host,
                keepalive_expiry=_KEEPALIVE_SECONDS,
                network_backend=self._backend,
            )
            host = self._hosts[netloc] = _Host(asyncio.Semaphore(per_host), pool, dict(self._headers))
        return host

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        hosts, self._hosts = list(self._hosts.values()), {}
        for host in hosts:
            await host.pool.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int,
        accept: str = "*/*",
    ) -> FetchResult:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, permanent = url, True
        for _ in range(self._settings.max_redirects + 1):
            parts = urlsplit(current)
            pinned = await self._vetted(current, parts)
            host = self._host(parts.netloc.lower())
            # Its host's slot first: a request waiting on a busy host holds none of the slots other hosts could use.
            async with host.limit, self._all:
                status, response_headers, body = await self._once(current, parts, host, headers, max_bytes, pinned)
            if status in _REDIRECTS and "location" in response_headers:
                permanent = permanent and status in _PERMANENT
                current = urljoin(current, response_headers["location"])
                continue
            moved = current if permanent and current != url else None
            return FetchResult(url, current, status, response_headers, body, moved)
        raise PermanentError(f"too many redirects from {redact_url(url)}")

    async def post(
        self, url: str, content: bytes, *, content_type: str, max_bytes: int, accept: str = "*/*"
    ) -> FetchResult:
        """One POST under the same guard, caps and limits as `get`. Redirects are not followed: replaying a body
        to wherever a server points is not something an API we call needs, so a 3xx is an error."""
        parts = urlsplit(url)
        pinned = await self._vetted(url, parts)
        headers = {"Accept": accept, "Content-Type": content_type}
        host = self._host(parts.netloc.lower())
        async with host.limit, self._all:
            status, response_headers, body = await self._once(
                url, parts, host, headers, max_bytes, pinned, "POST", content
            )
        if status in _REDIRECTS:
            raise PermanentError(f"{redact_url(url)}: POST answered with a redirect (HTTP {status})")
        return FetchResult(url, url, status, response_headers, body)

    async def _vetted(self, url: str, parts: SplitResult) -> str | None:
        """The address guard for every request, GET or POST: the address to connect to, or UnsafeURLError."""
        allowed = self._settings.allow_private_networks
        if allowed is True:
            return check_url(url, True, parts)  # no DNS lookup to do: no thread hop
        return await asyncio.to_thread(check_url, url, allowed, parts)

    async def _once(
        self,
        url: str,
        parts: SplitResult,
        host: _Host,
        headers: dict[str, str],
        max_bytes: int,
        pinned: str | None,
        method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            # asyncio.timeout, not wait_for: the deadline is the same, without a task made per request.
            async with asyncio.timeout(self._settings.total_timeout):
                return await self._read(url, parts, host, headers, max_bytes, pinned, method, content)
        except TimeoutError as exc:
            raise HttpTransientError(
                f"{redact_url(url)}: no complete answer within {self._settings.total_timeout:g} s"
            ) from exc
        except httpcore.TimeoutException as exc:
            raise HttpTransientError(f"{redact_url(url)}: timed out ({type(exc).__name__})") from exc
        except _TRANSPORT_ERRORS as exc:
            # Includes truncated bodies (RemoteProtocolError) and resets: worth another try later.
            raise HttpTransientError(f"{redact_url(url)}: {type(exc).__name__}") from exc

    async def _read(
        self,
        url: str,
        parts: SplitResult,
        host: _Host,
        headers: dict[str, str],
        max_bytes: int,
        pinned: str | None,
        method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        target = httpx.URL(url)  # httpx's parsing: the host IDNA-encoded, path and query percent-encoded
        headers = host.headers | headers
        if parts.username is not None or parts.password is not None:
            # Credentials in the URL are sent as Basic auth (as httpx.AsyncClient did), never in the request line.
            userinfo = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
            headers["Authorization"] = "Basic " + b64encode(userinfo.encode()).decode("ascii")
        if content is not None:
            headers["Content-Length"] = str(len(content))
        extensions: dict[str, object] = {"timeout": self._timeouts}
        if pinned is not None:
            # Connect to the address we vetted; the name still goes in Host and in TLS (SNI, certificate check).
            extensions["sni_hostname"] = parts.hostname or ""
        request = httpcore.Request(
            method.encode("ascii"),
            httpcore.URL(
                scheme=target.raw_scheme,
                host=pinned.encode("ascii") if pinned is not None else target.raw_host,
                port=target.port,
                target=target.raw_path,
            ),
            headers=[(b"Host", target.netloc), *((k.encode("ascii"), _header_bytes(v)) for k, v in headers.items())],
            content=content,
            extensions=extensions,
        )
        response = await host.pool.handle_async_request(request)
        try:
            response_headers = _headers(response.headers)
            status = response.status
            if status == 304:
                # No body by definition; reading to its end returns the connection to the pool.
                async for _ in _raw(response):
                    pass
                return status, response_headers, b""
            if status in _REDIRECTS:
                return status, response_headers, b""
            _raise_for_status(url, status, response_headers)
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and "content-encoding" not in response_headers:
                raise TooLargeError(f"{redact_url(url)}: {int(declared)} bytes declared, cap is {max_bytes}")
            return status, response_headers, await _bounded_body(response, url, response_headers, max_bytes)
        finally:
            await response.aclose()


def _headers(raw: Sequence[tuple[bytes, bytes]]) -> dict[str, str]:
    """Lower-case names to values; a header sent more than once is one value joined by commas (as httpx did)."""
    headers: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), _header_text(value)
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def _header_bytes(value: str) -> bytes:
    """A header value as sent: ASCII, or UTF-8 when a value we stored (an ETag) came to us so."""
    try:
        return value.encode("ascii")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _header_text(value: bytes) -> str:
    """A header value as httpx read it: UTF-8 (ASCII included) where it decodes, else Latin-1."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _raw(response: httpcore.Response) -> AsyncIterator[bytes]:
    """The body's bytes as they arrive, still compressed."""
    stream = response.stream
    assert isinstance(stream, AsyncIterable)  # an async pool's answer streams asynchronously
    return aiter(stream)


async def _bounded_body(response: httpcore.Response, url: str, headers: Mapping[str, str], max_bytes: int) -> bytes:
    """The body, decompressed by us with a bound: httpx would inflate a whole network read (64 KiB of a gzip
    bomb is ~64 MB) before any cap could be checked."""
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in _INFLATE and encoding not in ("identity", ""):
        raise PermanentError(f"{redact_url(url)}: unsupported content encoding {encoding!r}")
    inflate = zlib.decompressobj(_INFLATE[encoding]) if encoding in _INFLATE else None
    chunks, size = [], 0
    async for raw in _raw(response):
        try:
            chunk = inflate.decompress(raw, max_bytes + 1 - size) if inflate else raw
        except zlib.error as exc:
            raise PermanentError(f"{redact_url(url)}: corrupt {encoding} body") from exc
        size += len(chunk)
        if size > max_bytes or (inflate is not None and inflate.unconsumed_tail):
            raise TooLargeError(f"{redact_url(url)}: body over the {max_bytes}-byte cap")
        chunks.append(chunk)
    if inflate is not None:
        chunks.append(inflate.flush())
        if size + len(chunks[-1]) > max_bytes:
            raise TooLargeError(f"{redact_url(url)}: body over the {max_bytes}-byte cap")
    return b"".join(chunks)


def _raise_for_status(url: str, status: int, headers: Mapping[str, str]) -> None:
    if status < 400:
        return
    if status in (429, 503) or status >= 500:
        raise HttpTransientError(
            f"{redact_url(url)}: HTTP {status}",
            status=status,
            retry_after=retry_after_seconds(headers.get("retry-after")),
        )
    raise HttpStatusError(f"{redact_url(url)}: HTTP {status}", status)
