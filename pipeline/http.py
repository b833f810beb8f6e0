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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

import httpx

from pipeline import connections
from pipeline.errors import PermanentError, TooLargeError, TransientError, UnsafeURLError
from pipeline.redaction import redact_logs_of, redact_url
from pipeline.settings import Network, Settings

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_INFLATE = {"gzip": 47, "x-gzip": 47, "deflate": 47}  # wbits 32 + 15: zlib or gzip header, detected
_KEEPALIVE_SECONDS = 5.0  # an idle connection older than this is closed, not reused (httpx's default)


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
    context = httpx.create_ssl_context()
    context.set_alpn_protocols(["http/1.1"])
    return context


class _Host:
    """What one host needs per request, made once: its request limit, its connections, its default headers."""

    __slots__ = ("headers", "limit", "pools")

    def __init__(self, limit: asyncio.Semaphore, headers: dict[str, str]):
        self.limit = limit
        self.headers = headers
        self.pools: dict[str, connections.Pool] = {}  # by scheme: `http://x` and `https://x` share a netloc

    def pool(self, scheme: str) -> connections.Pool:
        pool = self.pools.get(scheme)
        if pool is None:
            pool = self.pools[scheme] = connections.Pool(_tls() if scheme == "https" else None, _KEEPALIVE_SECONDS)
        return pool


class HttpClient:
    """Async, pooled, polite: a global and a per-host limit on concurrent requests.

    Requests go straight to their host's kept-alive connections (`pipeline.connections`: asyncio transports, h11),
    not through httpx: we follow redirects ourselves, keep no cookies and read bodies raw, and httpx's and
    httpcore's per-request work (a cookie jar, merged defaults, URL and header models, anyio's cancel scopes and
    locks, a poll system call per idle connection) was most of a feed poll's CPU."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        # httpx and httpcore log each request's full URL, credentials and all: our requests no longer go through
        # them, but the filter stays on for any request in this process that does.
        redact_logs_of("httpx", "httpcore")
        self._all = asyncio.Semaphore(settings.concurrency)
        # Connections per host: the host's slots bound how many are in use; an idle one is kept for the next.
        self._hosts: dict[str, _Host] = {}
        # A request without a read time-out would wait on the network for ever; a write waits as long as a read.
        self._timeouts = connections.Timeouts(settings.connect_timeout, settings.read_timeout, settings.read_timeout)
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        }

    def _host(self, netloc: str) -> _Host:
        host = self._hosts.get(netloc)
        if host is None:
            limit = asyncio.Semaphore(self._settings.per_host_concurrency)
            host = self._hosts[netloc] = _Host(limit, dict(self._headers))
        return host

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        hosts, self._hosts = list(self._hosts.values()), {}
        for host in hosts:
            for pool in host.pools.values():
                pool.close()

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
        except connections.TimeoutException as exc:
            raise HttpTransientError(f"{redact_url(url)}: timed out ({type(exc).__name__})") from exc
        except connections.TransportError as exc:
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
        sent = [(b"Host", target.netloc), *((k.encode("ascii"), _header_bytes(v)) for k, v in headers.items())]
        # Connect to the address we vetted; the name still goes in Host and in TLS (SNI, certificate check).
        name = target.raw_host.decode("ascii")  # IDNA-encoded, as in Host
        port = target.port or (443 if target.scheme == "https" else 80)
        request = connections.Request(
            method.encode("ascii"), pinned or name, port, target.raw_path, sent, content, name, self._timeouts
        )
        async with host.pool(target.scheme).request(request) as response:
            response_headers = _headers(response.headers)
            status = response.status
            if status == 304:
                # No body by definition; reading to its end returns the connection to the pool.
                async for _ in response.raw():
                    pass
                return status, response_headers, b""
            if status in _REDIRECTS:
                return status, response_headers, b""
            _raise_for_status(url, status, response_headers)
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and "content-encoding" not in response_headers:
                raise TooLargeError(f"{redact_url(url)}: {int(declared)} bytes declared, cap is {max_bytes}")
            return status, response_headers, await _bounded_body(response, url, response_headers, max_bytes)


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


async def _bounded_body(response: connections.Response, url: str, headers: Mapping[str, str], max_bytes: int) -> bytes:
    """The body, decompressed by us with a bound: httpx would inflate a whole network read (64 KiB of a gzip
    bomb is ~64 MB) before any cap could be checked."""
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in _INFLATE and encoding not in ("identity", ""):
        raise PermanentError(f"{redact_url(url)}: unsupported content encoding {encoding!r}")
    inflate = zlib.decompressobj(_INFLATE[encoding]) if encoding in _INFLATE else None
    chunks, size = [], 0
    async for raw in response.raw():
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
