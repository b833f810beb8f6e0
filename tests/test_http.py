"""pipeline.http against real local servers: the address guard, caps, time-outs, status codes, redirects."""

from __future__ import annotations

import asyncio
import gc
import gzip
import ipaddress
import resource
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from pipeline import http
from pipeline.errors import PermanentError, TooLargeError, TransientError, UnsafeURLError
from pipeline.http import (
    FetchResult,
    HttpClient,
    HttpStatusError,
    HttpTransientError,
    check_url,
    redact_url,
    retry_after_seconds,
)
from pipeline.settings import Settings
from tests.localserver import LocalServer, Request, Response

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Regolith Reporter</title><link>https://regolith.example/</link>
<description>Short notes on crewed and robotic lunar programmes</description>
<item><title>Lunar south-pole landing sites narrowed to three</title><guid>regolith-88</guid></item>
</channel></rss>"""

MB = 1024 * 1024


@pytest.fixture
def server(reused_server: LocalServer) -> LocalServer:
    return reused_server


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"allow_private_networks": True}
    values.update(overrides)
    return Settings(**values)


def fetch(url: str, config: Settings | None = None, *, max_bytes: int = MB, **kwargs: Any) -> FetchResult:
    async def go() -> FetchResult:
        async with HttpClient(config or settings()) as client:
            return await client.get(url, max_bytes=max_bytes, **kwargs)

    return asyncio.run(go())


def measured(action: Callable[[], Any]) -> tuple[Any, float, int, int]:
    """Run `action`; return (result or raised exception, seconds, tracemalloc peak bytes, ru_maxrss growth bytes)."""
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    tracemalloc.start()
    start = time.monotonic()
    try:
        outcome: Any = action()
    except Exception as exc:  # the caller asserts on what was raised
        outcome = exc
    elapsed = time.monotonic() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    return outcome, elapsed, peak, rss_growth


# --- the address guard -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/feed.xml",
        "gopher://127.0.0.1:70/1",
        "javascript:alert(1)",
        "data:text/xml,<rss/>",
        "http:///no-host/feed.xml",
        "feed.example/rss.xml",
    ],
)
def test_only_http_urls_with_a_host_are_fetched(url: str) -> None:
    for allow_private in (False, True):
        with pytest.raises(UnsafeURLError):
            check_url(url, allow_private)
    with pytest.raises(UnsafeURLError):
        fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml",
        "http://127.8.9.10:8080/feed.xml",
        "http://localhost/feed.xml",
        "http://2130706433/feed.xml",  # 127.0.0.1 written as one number
        "http://0.0.0.0/",
        "http://10.1.2.3/rss",
        "http://172.16.0.9/rss",
        "http://192.168.1.20/rss",
        "http://100.64.0.1/rss",  # carrier-grade NAT
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata, link-local
        "https://[::1]/feed.xml",
        "https://[fe80::1]/feed.xml",
        "https://[fd12:3456::1]/feed.xml",
        "https://[::ffff:127.0.0.1]/feed.xml",
        "http://224.0.0.1/feed.xml",
    ],
)
def test_non_public_addresses_are_refused_unless_allowed(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="not a public address"):
        check_url(url, allow_private=False)
    check_url(url, allow_private=True)  # the switch for tests and intranet deployments


def test_a_public_address_passes_the_guard() -> None:
    check_url("https://93.184.216.34/feeds/lunar.xml", allow_private=False)
    check_url("http://[2606:4700:4700::1111]/feed", allow_private=False)


def test_the_guard_refuses_before_any_request_is_made(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, FEED))
    with pytest.raises(UnsafeURLError):
        fetch(server.url("/feed.xml"), settings(allow_private_networks=False))
    with pytest.raises(UnsafeURLError):
        fetch(f"http://localhost:{server.port}/feed.xml", settings(allow_private_networks=False))
    assert server.requests == []
    assert isinstance(UnsafeURLError("x"), PermanentError)


LOOPBACK = ipaddress.ip_address("127.0.0.1")


def _pretend_public(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> None:
    """Offline stand-ins for public names: `names` resolve as given, and 127.0.0.1 counts as public."""
    real = http._addresses

    def addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        if host in names:
            return [ipaddress.ip_address(names[host].pop(0) if len(names[host]) > 1 else names[host][0])]
        return real(host, port)

    monkeypatch.setattr(http, "_addresses", addresses)
    monkeypatch.setattr(http, "_public", lambda address: address == LOOPBACK)


def test_every_redirect_hop_is_checked(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A public-looking host that redirects into private space: the second hop is refused, never requested."""
    _pretend_public(monkeypatch, {"news.example": ["127.0.0.1"]})
    server.route("/hop", Response(302, b"", {"Location": f"http://127.0.0.2:{server.port}/internal/admin"}))
    server.route("/internal/admin", Response(200, b"secret"))
    with pytest.raises(UnsafeURLError):
        fetch(f"http://news.example:{server.port}/hop", settings(allow_private_networks=False))
    assert len(server.hits("/hop")) == 1
    assert server.hits("/internal/admin") == []


def test_the_connection_goes_to_the_vetted_address_not_to_a_second_dns_answer(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers a public address for the check, then a private one. We resolve once
    and connect to the vetted address, with the name in the Host header."""
    _pretend_public(monkeypatch, {"rebind.example": ["127.0.0.1", "10.0.0.1"]})
    server.route("/feed.xml", Response(200, FEED))
    result = fetch(f"http://rebind.example:{server.port}/feed.xml", settings(allow_private_networks=False))
    assert result.status == 200 and result.body == FEED
    assert result.url == f"http://rebind.example:{server.port}/feed.xml"
    assert server.hits("/feed.xml")[0].headers["host"] == f"rebind.example:{server.port}"


def test_a_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    server.route("/feed.xml", Response(301, b"", {"Location": "file:///etc/passwd"}))
    with pytest.raises(UnsafeURLError):
        fetch(server.url("/feed.xml"))


# --- what we send ------------------------------------------------------------------------------------------


def test_user_agent_identifies_the_project(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, FEED))
    config = settings()
    result = fetch(server.url("/feed.xml"), config, accept="application/rss+xml")
    assert result.status == 200 and result.body == FEED
    sent = server.hits("/feed.xml")[0].headers
    assert sent["user-agent"] == config.user_agent
    assert "ILRS-Watch" in sent["user-agent"] and "python-httpx" not in sent["user-agent"]
    assert "gzip" in sent["accept-encoding"]
    assert sent["accept"] == "application/rss+xml"
    assert "if-none-match" not in sent and "if-modified-since" not in sent


def test_conditional_headers_are_sent_verbatim_and_304_has_no_body(server: LocalServer) -> None:
    etag, modified = 'W/"ilrs-0x5f"', "Wed, 01 Apr 2026 06:30:00 GMT"
    server.route("/feed.xml", Response(304, b"", {"ETag": etag}))
    result = fetch(server.url("/feed.xml"), etag=etag, last_modified=modified)
    assert (result.status, result.body) == (304, b"")
    sent = server.hits("/feed.xml")[0].headers
    assert sent["if-none-match"] == etag and sent["if-modified-since"] == modified


def test_response_headers_are_returned_with_lower_case_names(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, FEED, {"ETag": '"abc"', "Content-Type": "application/rss+xml"}))
    result = fetch(server.url("/feed.xml"))
    assert result.headers["etag"] == '"abc"'
    assert result.headers["content-type"] == "application/rss+xml"
    assert result.requested_url == result.url == server.url("/feed.xml")
    assert result.permanent_url is None


# --- bodies and caps ---------------------------------------------------------------------------------------


def test_gzip_body_is_decoded(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, gzip.compress(FEED), {"Content-Encoding": "gzip"}))
    assert fetch(server.url("/feed.xml")).body == FEED


def test_deflate_body_is_decoded(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, zlib.compress(FEED), {"Content-Encoding": "deflate"}))
    assert fetch(server.url("/feed.xml")).body == FEED


def test_a_body_exactly_at_the_cap_is_accepted(server: LocalServer) -> None:
    body = b"m" * 4096
    server.route("/exact", Response(200, body))
    server.route("/exact-streamed", Response(200, iter([body[:1000], body[1000:]])))
    assert fetch(server.url("/exact"), max_bytes=4096).body == body
    assert fetch(server.url("/exact-streamed"), max_bytes=4096).body == body


def test_a_declared_length_over_the_cap_is_refused(server: LocalServer) -> None:
    server.route("/big", Response(200, b"x" * 20_000))
    with pytest.raises(TooLargeError, match="declared"):
        fetch(server.url("/big"), max_bytes=10_000)


def test_a_streamed_body_without_content_length_is_capped(server: LocalServer) -> None:
    chunk = b"<item>lunar</item>" * 500

    def endless() -> Iterator[bytes]:
        for _ in range(10_000):  # ~90 MB if anybody read it all
            yield chunk

    server.route("/stream", lambda request: Response(200, endless()))
    with pytest.raises(TooLargeError, match="cap"):
        fetch(server.url("/stream"), max_bytes=50_000)
    assert isinstance(TooLargeError("x"), PermanentError)


def test_a_lying_content_length_does_not_beat_the_cap(server: LocalServer) -> None:
    """Content-Length says small: httpx stops at it, so the body returned is never more than declared."""
    server.route("/liar", Response(200, b"y" * 100, {"Content-Length": "100"}))
    assert len(fetch(server.url("/liar"), max_bytes=100).body) == 100


def test_gzip_that_expands_past_the_cap_is_refused(server: LocalServer) -> None:
    server.route("/zipped", Response(200, gzip.compress(bytes(2 * MB)), {"Content-Encoding": "gzip"}))
    with pytest.raises(TooLargeError):
        fetch(server.url("/zipped"), max_bytes=100_000)


def _gzip_bomb(decoded_megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MB)
    return b"".join([*(packer.compress(block) for _ in range(decoded_megabytes)), packer.flush()])


def test_a_gzip_bomb_is_refused_within_100_mb(server: LocalServer) -> None:
    bomb = _gzip_bomb(512)  # ~0.5 MB on the wire, 512 MB decoded
    server.route("/bomb.xml", Response(200, bomb, {"Content-Encoding": "gzip", "Content-Type": "application/xml"}))
    outcome, elapsed, peak, rss_growth = measured(lambda: fetch(server.url("/bomb.xml"), max_bytes=5 * MB))
    assert isinstance(outcome, TooLargeError), outcome
    assert elapsed < 30.0, f"{elapsed:.2f} s: a hang, not slowness on a loaded machine"
    assert peak < 100 * MB, f"tracemalloc peak {peak / MB:.0f} MB"
    assert rss_growth < 100 * MB, f"ru_maxrss grew {rss_growth / MB:.0f} MB"


def test_a_truncated_transfer_is_transient(server: LocalServer) -> None:
    """The server promises 10 000 bytes, sends 200 and hangs up: worth another try, not a crash."""
    server.route("/cut", Response(200, b"z" * 200, {"Content-Length": "10000", "Connection": "close"}))
    with pytest.raises(HttpTransientError):
        fetch(server.url("/cut"))


# --- time-outs ---------------------------------------------------------------------------------------------


def test_read_timeout_is_transient(server: LocalServer) -> None:
    server.route("/slow", Response(200, FEED, delay=1.5))
    with pytest.raises(HttpTransientError, match="timed out") as caught:
        fetch(server.url("/slow"), settings(read_timeout=0.3))
    assert caught.value.status is None and caught.value.retry_after is None
    assert isinstance(caught.value, TransientError)


def test_a_body_that_trickles_in_meets_the_total_timeout(server: LocalServer) -> None:
    def trickle() -> Iterator[bytes]:
        for _ in range(40):
            time.sleep(0.1)
            yield b"<"

    server.route("/drip", lambda request: Response(200, trickle()))
    with pytest.raises(HttpTransientError, match="no complete answer"):
        fetch(server.url("/drip"), settings(read_timeout=5.0, total_timeout=0.5))


def test_a_refused_connection_is_transient() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens there
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/feed.xml"
    with pytest.raises(HttpTransientError):
        fetch(url)


# --- status codes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_in_seconds_is_carried(server: LocalServer, status: int) -> None:
    server.route("/busy", Response(status, b"slow down", {"Retry-After": "120"}))
    with pytest.raises(HttpTransientError) as caught:
        fetch(server.url("/busy"))
    assert caught.value.status == status
    assert caught.value.retry_after == 120.0


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_as_http_date_is_carried(server: LocalServer, status: int) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    server.route("/busy", Response(status, b"", {"Retry-After": when}))
    with pytest.raises(HttpTransientError) as caught:
        fetch(server.url("/busy"))
    assert caught.value.status == status
    assert caught.value.retry_after is not None and 540 <= caught.value.retry_after <= 600


@pytest.mark.parametrize("status", [429, 503, 500, 502])
def test_overload_without_retry_after_is_transient(server: LocalServer, status: int) -> None:
    server.route("/busy", Response(status, b"oops"))
    with pytest.raises(HttpTransientError) as caught:
        fetch(server.url("/busy"))
    assert caught.value.status == status and caught.value.retry_after is None


@pytest.mark.parametrize("status", [404, 410, 403, 400])
def test_client_errors_are_permanent(server: LocalServer, status: int) -> None:
    server.route("/gone", Response(status, b"no"))
    with pytest.raises(HttpStatusError) as caught:
        fetch(server.url("/gone"))
    assert caught.value.status == status
    assert isinstance(caught.value, PermanentError) and not isinstance(caught.value, TransientError)


def test_errors_never_carry_credentials_or_query(server: LocalServer) -> None:
    server.route("/private", Response(404, b""))
    url = f"http://reader:hunter2@127.0.0.1:{server.port}/private?token=s3cr3t"
    with pytest.raises(HttpStatusError) as caught:
        fetch(url)
    assert "s3cr3t" not in str(caught.value) and "hunter2" not in str(caught.value)
    assert redact_url(url) == server.url("/private?token=REDACTED")


def test_retry_after_parsing() -> None:
    now = datetime(2026, 4, 12, 8, 0, tzinfo=UTC)
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("") is None
    assert retry_after_seconds(" 30 ") == 30.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Sun, 12 Apr 2026 08:05:00 GMT", now) == 300.0
    assert retry_after_seconds("Sun, 12 Apr 2026 07:00:00 GMT", now) == 0.0  # in the past: now


# --- redirects ---------------------------------------------------------------------------------------------


def test_a_chain_of_permanent_redirects_reports_where_the_feed_moved(server: LocalServer) -> None:
    server.route("/old.xml", Response(301, b"", {"Location": "/interim.xml"}))
    server.route("/interim.xml", Response(308, b"", {"Location": server.url("/new.xml")}))
    server.route("/new.xml", Response(200, FEED))
    result = fetch(server.url("/old.xml"))
    assert result.body == FEED
    assert result.url == result.permanent_url == server.url("/new.xml")
    assert result.requested_url == server.url("/old.xml")


@pytest.mark.parametrize("statuses", [(302,), (307,), (303,), (301, 302), (307, 301)])
def test_a_chain_with_a_temporary_redirect_moves_nothing(server: LocalServer, statuses: tuple[int, ...]) -> None:
    for n, status in enumerate(statuses):
        server.route(f"/hop{n}", Response(status, b"", {"Location": f"/hop{n + 1}"}))
    server.route(f"/hop{len(statuses)}", Response(200, FEED))
    result = fetch(server.url("/hop0"))
    assert result.body == FEED and result.url == server.url(f"/hop{len(statuses)}")
    assert result.permanent_url is None


def test_conditional_headers_follow_redirects(server: LocalServer) -> None:
    server.route("/old.xml", Response(301, b"", {"Location": "/new.xml"}))
    server.route("/new.xml", Response(304, b""))
    result = fetch(server.url("/old.xml"), etag='"v7"')
    assert result.status == 304
    assert server.hits("/new.xml")[0].headers["if-none-match"] == '"v7"'


def test_redirect_loops_end(server: LocalServer) -> None:
    server.route("/a", Response(302, b"", {"Location": "/b"}))
    server.route("/b", Response(302, b"", {"Location": "/a"}))
    with pytest.raises(PermanentError, match="too many redirects"):
        fetch(server.url("/a"), settings(max_redirects=3))
    assert len(server.requests) == 4


def test_requests_to_one_host_respect_the_per_host_limit(server: LocalServer) -> None:
    import threading

    lock, active, seen = threading.Lock(), [0], [0]

    def handler(request: Request) -> Response:
        with lock:
            active[0] += 1
            seen[0] = max(seen[0], active[0])
        time.sleep(0.1)
        with lock:
            active[0] -= 1
        return Response(200, FEED)

    server.route("/feed.xml", handler)

    async def go() -> list[FetchResult]:
        async with HttpClient(settings(per_host_concurrency=2)) as client:
            return await asyncio.gather(*(client.get(server.url("/feed.xml"), max_bytes=MB) for _ in range(6)))

    assert all(r.status == 200 for r in asyncio.run(go()))
    assert seen[0] <= 2
