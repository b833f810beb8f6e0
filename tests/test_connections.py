"""pipeline.connections, the HTTP client's asyncio sockets, against real local servers: TLS (the name checked while
the vetted address is connected), keep-alive, a connection the server closed, flow control both ways, resets."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pipeline import connections, http
from pipeline.http import FetchResult, HttpClient, HttpTransientError, check_url
from pipeline.settings import Settings
from tests.localserver import LocalServer, Response

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Mare Tranquillitatis notes</title></channel></rss>'
MB = 1024 * 1024
LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]


@pytest.fixture
def server(reused_server: LocalServer) -> LocalServer:
    return reused_server


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"allow_private_networks": True}
    values.update(overrides)
    return Settings(**values)


def fetch_all(urls: list[str], config: Settings | None = None, pause: float = 0.0) -> list[FetchResult]:
    """GET each URL in turn on one client (so on its kept-alive connections), `pause` seconds apart."""

    async def go() -> list[FetchResult]:
        results = []
        async with HttpClient(config or settings()) as client:
            for url in urls:
                results.append(await client.get(url, max_bytes=16 * MB))
                await asyncio.sleep(pause)
        return results

    return asyncio.run(go())


# --- TLS ---------------------------------------------------------------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey, ca: bool
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False
        )
    return builder.sign(signer, hashes.SHA256())


def _pem(path: Path, *items: x509.Certificate | ec.EllipticCurvePrivateKey) -> Path:
    parts = [
        item.public_bytes(serialization.Encoding.PEM)
        if isinstance(item, x509.Certificate)
        else item.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        for item in items
    ]
    path.write_bytes(b"".join(parts))
    return path


@pytest.fixture
def authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, ssl.SSLContext]]:
    """A certificate authority of our own that the client trusts (through SSL_CERT_FILE, which httpx's context
    reads), and a server context for each of two names it signed: "localhost" and "elsewhere.example"."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("ILRS Watch test authority", ca_key, "ILRS Watch test authority", ca_key, ca=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(_pem(tmp_path / "ca.pem", ca)))
    http._tls.cache_clear()  # the client's one TLS context, built again from our authority
    contexts = {}
    for name in ("localhost", "elsewhere.example"):
        key = ec.generate_private_key(ec.SECP256R1())
        chain = _pem(tmp_path / f"{name}.pem", _certificate(name, key, "ILRS Watch test authority", ca_key, False), key)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(chain)
        contexts[name] = context
    yield contexts
    http._tls.cache_clear()  # later tests get the machine's authorities back


def _tls_server(context: ssl.SSLContext) -> LocalServer:
    # Where the guard will connect for "localhost": the first address the name resolves to, IPv4 or IPv6.
    address = check_url("https://localhost/", LOOPBACK)
    assert address is not None
    served = LocalServer(tls=context, address=address)  # started by `with`
    served.route("/feed.xml", Response(200, FEED, {"Content-Type": "application/rss+xml"}))
    return served


def test_https_is_read_with_the_certificate_checked_for_the_name(authority: dict[str, ssl.SSLContext]) -> None:
    with _tls_server(authority["localhost"]) as served:
        url = served.url("/feed.xml", host="localhost")
        first, second = fetch_all([url, url])
    assert first.status == second.status == 200 and first.body == second.body == FEED
    assert len(set(served.peers)) == 1  # the second request went over the same TLS connection


def test_https_to_the_vetted_address_still_checks_the_certificate_for_the_name(
    authority: dict[str, ssl.SSLContext],
) -> None:
    """The guard pins the address it vetted; the name still goes in SNI and the certificate check."""
    with _tls_server(authority["localhost"]) as served:
        [result] = fetch_all([served.url("/feed.xml", host="localhost")], settings(allow_private_networks=LOOPBACK))
    assert result.body == FEED
    assert served.hits("/feed.xml")[0].headers["host"] == f"localhost:{served.port}"


def test_a_certificate_for_another_name_is_refused(authority: dict[str, ssl.SSLContext]) -> None:
    with _tls_server(authority["elsewhere.example"]) as served:
        url = served.url("/feed.xml", host="localhost")
        for config in (settings(), settings(allow_private_networks=LOOPBACK)):
            with pytest.raises(HttpTransientError, match="ConnectError"):
                fetch_all([url], config)
        assert served.hits("/feed.xml") == []


def test_a_certificate_from_an_unknown_authority_is_refused(authority: dict[str, ssl.SSLContext]) -> None:
    with _tls_server(authority["localhost"]) as served:
        http._tls.cache_clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SSL_CERT_FILE")
            patch.delenv("SSL_CERT_DIR", raising=False)
            with pytest.raises(HttpTransientError, match="ConnectError"):
                fetch_all([served.url("/feed.xml", host="localhost")])
        http._tls.cache_clear()


# --- keep-alive --------------------------------------------------------------------------------------------


def test_a_kept_plain_connection_never_carries_an_https_request_to_the_same_host(server: LocalServer) -> None:
    """`http://host` and `https://host` share a host (and its limit) but never a connection: the https request
    after a plain one to the same host and port must try TLS, which this plain server cannot speak."""
    server.route("/feed.xml", Response(200, FEED))

    async def go() -> tuple[FetchResult, BaseException | None]:
        async with HttpClient(settings()) as client:
            plain = await client.get(server.url("/feed.xml"), max_bytes=MB)
            try:
                await client.get(server.url("/feed.xml").replace("http:", "https:"), max_bytes=MB)
            except HttpTransientError as exc:
                return plain, exc
            return plain, None

    plain, refused = asyncio.run(go())
    assert plain.body == FEED
    assert refused is not None and "ConnectError" in str(refused)
    assert len(server.hits("/feed.xml")) == 1


def test_requests_to_one_host_reuse_one_connection(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, FEED))
    results = fetch_all([server.url("/feed.xml")] * 3)
    assert [r.body for r in results] == [FEED] * 3
    assert len(set(server.peers)) == 1


def test_a_connection_the_server_closed_while_idle_is_not_reused(server: LocalServer) -> None:
    """The server hangs up after each answer without saying so (no `Connection: close`): the next request, a
    moment later, must see the closed connection as gone and open a new one, not fail on it."""

    server.route("/feed.xml", Response(200, FEED, hang_up=True))
    results = fetch_all([server.url("/feed.xml")] * 3, pause=0.2)
    assert [r.body for r in results] == [FEED] * 3
    assert len(set(server.peers)) == 3


# --- flow control ------------------------------------------------------------------------------------------


def test_a_large_body_arrives_whole(server: LocalServer) -> None:
    body = bytes(range(256)) * (12 * 1024)  # 3 MiB, over the bytes a connection holds unread
    server.route("/big", Response(200, body))
    assert fetch_all([server.url("/big")])[0].body == body


def test_a_connection_stops_reading_while_its_reader_does_not() -> None:
    """A server that sends faster than we read fills the socket's buffers, not our memory: the connection stops
    reading at 256 KiB held, and starts again once read."""
    payload = bytes(4 * MB)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def send() -> None:
            peer, _ = listener.accept()
            with peer:
                peer.sendall(payload)

        sender = threading.Thread(target=send, daemon=True)
        sender.start()

        async def go() -> tuple[int, bool, bytes]:
            stream = await connections.connect("127.0.0.1", port, timeout=5)
            await asyncio.sleep(0.3)  # the loop reads what arrives; nobody takes it
            held, paused = stream._connection.buffered, stream._connection.reading_paused
            received = bytearray()
            while chunk := await stream.read(64 * 1024, timeout=5):
                received += chunk
            stream.close()
            return held, paused, bytes(received)

        held, paused, received = asyncio.run(go())
        sender.join(5)
    assert paused and held <= 512 * 1024, held
    assert received == payload


def test_a_large_post_body_is_sent_whole(server: LocalServer) -> None:
    server.route("/upload", lambda request: Response(200, str(len(request.body)).encode()))
    content = bytes(8 * MB)  # far over the transport's write buffer: the write waits for the socket

    async def go() -> FetchResult:
        async with HttpClient(settings()) as client:
            return await client.post(server.url("/upload"), content, content_type="text/plain", max_bytes=100)

    assert asyncio.run(go()).body == str(len(content)).encode()


def test_a_write_the_server_never_reads_times_out() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:  # accepts (the kernel's backlog) and never reads
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/upload"

        async def go() -> FetchResult:
            async with HttpClient(settings(read_timeout=0.3, total_timeout=30)) as client:
                return await client.post(url, bytes(64 * MB), content_type="text/plain", max_bytes=100)

        with pytest.raises(HttpTransientError, match="WriteTimeout"):
            asyncio.run(go())


# --- faults ------------------------------------------------------------------------------------------------


def test_a_reset_in_the_middle_of_a_body_is_transient() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def answer_then_reset() -> None:
            peer, _ = listener.accept()
            peer.recv(65536)
            peer.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"r" * 1000)
            peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            peer.close()  # with a zero linger: a reset, not an orderly end

        thread = threading.Thread(target=answer_then_reset, daemon=True)
        thread.start()
        with pytest.raises(HttpTransientError):
            fetch_all([f"http://127.0.0.1:{port}/feed.xml"])
        thread.join(5)
