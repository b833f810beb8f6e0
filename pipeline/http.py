"""The project's one HTTP client: time-outs, size caps, our own redirects, an address guard, conditional GET.

Feed and article URLs come from the internet, so every hop is checked before anything is sent to it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import zlib
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.errors import PermanentError, TooLargeError, TransientError, UnsafeURLError
from pipeline.redaction import redact_logs_of, redact_url
from pipeline.settings import Network, Settings

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_INFLATE = {"gzip": 47, "x-gzip": 47, "deflate": 47}  # wbits 32 + 15: zlib or gzip header, detected


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


def check_url(url: str, allow_private: bool | Sequence[Network]) -> str | None:
    """Refuse non-http(s) URLs, and hosts that resolve into loopback/private/link-local space.

    `allow_private` is True (every address allowed), False, or the networks allowed besides public space.
    Returns the vetted address to connect to (None when every address is allowed: nothing to pin). The
    caller connects to that address, not to the name, so a second DNS answer cannot point the request
    somewhere else (DNS rebinding)."""
    parts = urlsplit(url)
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


class HttpClient:
    """Async, pooled, polite: a global and a per-host limit on concurrent requests."""

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._settings = settings
        redact_logs_of("httpx", "httpcore")  # httpx logs each request's full URL, credentials and all
        self._transport = transport
        self._all = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        # A connection pool per host: httpcore matches waiting requests to connections by scanning them all, so
        # one pool for every host costs CPU in the square of the connections open (it made polling CPU-bound).
        self._clients: dict[str, httpx.AsyncClient] = {}

    def _client(self, url: str) -> httpx.AsyncClient:
        host = urlsplit(url).netloc.lower()
        client = self._clients.get(host)
        if client is None:
            per_host = self._settings.per_host_concurrency
            client = self._clients[host] = httpx.AsyncClient(
                timeout=httpx.Timeout(self._settings.read_timeout, connect=self._settings.connect_timeout),
                limits=httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host),
                transport=self._transport,
                verify=_tls(),
                follow_redirects=False,
                headers={"User-Agent": self._settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return client

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._settings.per_host_concurrency)
        return self._hosts[host]

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
            pinned = await self._vetted(current)
            # Its host's slot first: a request waiting on a busy host holds none of the slots other hosts could use.
            async with self._host_limit(current), self._all:
                status, response_headers, body = await self._once(current, headers, max_bytes, pinned)
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
        pinned = await self._vetted(url)
        headers = {"Accept": accept, "Content-Type": content_type}
        async with self._host_limit(url), self._all:
            status, response_headers, body = await self._once(url, headers, max_bytes, pinned, "POST", content)
        if status in _REDIRECTS:
            raise PermanentError(f"{redact_url(url)}: POST answered with a redirect (HTTP {status})")
        return FetchResult(url, url, status, response_headers, body)

    async def _vetted(self, url: str) -> str | None:
        """The address guard for every request, GET or POST: the address to connect to, or UnsafeURLError."""
        allowed = self._settings.allow_private_networks
        if allowed is True:
            return check_url(url, True)  # no DNS lookup to do: no thread hop
        return await asyncio.to_thread(check_url, url, allowed)

    async def _once(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        pinned: str | None,
        method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            return await asyncio.wait_for(
                self._read(url, headers, max_bytes, pinned, method, content), self._settings.total_timeout
            )
        except TimeoutError as exc:
            raise HttpTransientError(
                f"{redact_url(url)}: no complete answer within {self._settings.total_timeout:g} s"
            ) from exc
        except httpx.TimeoutException as exc:
            raise HttpTransientError(f"{redact_url(url)}: timed out ({type(exc).__name__})") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            # Includes truncated bodies (RemoteProtocolError) and resets: worth another try later.
            raise HttpTransientError(f"{redact_url(url)}: {type(exc).__name__}") from exc

    async def _read(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        pinned: str | None,
        method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        client = self._client(url)
        request = client.build_request(method, url, headers=headers, content=content)
        if pinned is not None:
            # Connect to the address we vetted; the name still goes in Host and in TLS (SNI, certificate check).
            request.url = request.url.copy_with(host=pinned)
            request.extensions["sni_hostname"] = urlsplit(url).hostname or ""
        async with _streamed(client, request) as response:
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            status = response.status_code
            if status == 304:
                await response.aread()  # no body by definition; reading to the end returns the connection to the pool
                return status, response_headers, b""
            if status in _REDIRECTS:
                return status, response_headers, b""
            _raise_for_status(url, status, response_headers)
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and "content-encoding" not in response_headers:
                raise TooLargeError(f"{redact_url(url)}: {int(declared)} bytes declared, cap is {max_bytes}")
            return status, response_headers, await _bounded_body(response, url, response_headers, max_bytes)


async def _bounded_body(response: httpx.Response, url: str, headers: Mapping[str, str], max_bytes: int) -> bytes:
    """The body, decompressed by us with a bound: httpx would inflate a whole network read (64 KiB of a gzip
    bomb is ~64 MB) before any cap could be checked."""
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in _INFLATE and encoding not in ("identity", ""):
        raise PermanentError(f"{redact_url(url)}: unsupported content encoding {encoding!r}")
    inflate = zlib.decompressobj(_INFLATE[encoding]) if encoding in _INFLATE else None
    chunks, size = [], 0
    async for raw in response.aiter_raw():
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


@asynccontextmanager
async def _streamed(client: httpx.AsyncClient, request: httpx.Request) -> AsyncIterator[httpx.Response]:
    response = await client.send(request, stream=True)
    try:
        yield response
    finally:
        await response.aclose()


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
