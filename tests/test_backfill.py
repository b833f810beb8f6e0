"""Issue 4's backfill: re-process history without flooding anyone, dating facts by their sources."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from flows.backfill import backfill
from flows.cli import main
from flows.monitor import monitor
from pipeline import articles
from pipeline.errors import InputError
from pipeline.records import Document, Extraction
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response
from tests.scenario import page, serve_accessions

COUNTRIES = [
    "Kazakhstan",
    "Uzbekistan",
    "Mongolia",
    "Laos",
    "Cambodia",
    "Sri Lanka",
    "Nepal",
    "Bangladesh",
    "Kenya",
    "Tanzania",
    "Uganda",
    "Zimbabwe",
    "Namibia",
    "Angola",
    "Algeria",
    "Tunisia",
    "Oman",
    "Kuwait",
    "Bahrain",
    "Jordan",
    "Peru",
    "Ecuador",
    "Uruguay",
    "Paraguay",
    "Cuba",
]
START = datetime(2023, 1, 10, 8, 0, tzinfo=UTC)


def history() -> list[Document]:
    """Fifty stored articles: each country first in talks, then signing, weeks apart."""
    docs = []
    for i, country in enumerate(COUNTRIES):
        talks = START + timedelta(days=9 * i)
        signed = talks + timedelta(days=30)
        for kind, when, text in (
            (
                "talks",
                talks,
                f"{country} is in talks with China on joining the International Lunar Research "
                f"Station, its science minister told reporters on a visit to Beijing.",
            ),
            (
                "signed",
                signed,
                f"{country} signed a memorandum of understanding on the International Lunar "
                f"Research Station with the China National Space Administration on Tuesday.",
            ),
        ):
            url = f"https://news.example.org/{kind}/{country.lower().replace(' ', '-')}"
            docs.append(articles.from_text(text, url, origin="url", published=when, title=f"{country} and the ILRS"))
    return docs


class Hook:
    def __init__(self, server: LocalServer) -> None:
        self.received: list[dict] = []
        server.route("/hook", self._handle)
        self.url = f"json://127.0.0.1:{server.port}/hook"

    def _handle(self, request: Request) -> Response:
        self.received.append(json.loads(request.body))
        return Response(200, b"ok")


@pytest.fixture
def hook() -> Iterator[Hook]:
    with LocalServer() as srv:
        yield Hook(srv)


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, hook: Hook, prefect_harness: None) -> Settings:
    for name, value in {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_APPRISE_URLS": hook.url,
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
    }.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


@pytest.fixture
def stored(settings: Settings) -> list[Document]:
    """The history as an older extractor left it: documents stored, nothing found in them."""
    docs = history()
    store = Store(settings.database())
    try:
        store.migrate()
        store.ingest(
            [(d, Extraction(relevant=False, language="en")) for d in docs],
            policy="live",
            run_id="old-extractor",
            now=datetime.now(UTC),
        )
    finally:
        store.close()
    return docs


def _register(settings: Settings) -> dict:
    store = Store(settings.database())
    try:
        return {e.name: e for e in store.register()}
    finally:
        store.close()


def test_stored_backfill_without_alerts_dates_facts_by_publication(
    settings: Settings, stored: list[Document], hook: Hook
) -> None:
    assert len(stored) == 50
    summary = backfill(stored=True)
    assert hook.received == []
    # Processed together, talks then signature are one new partner, already joined: one change each.
    assert summary.documents_updated == 50 and len(summary.changes) == len(COUNTRIES)
    register = _register(settings)
    for i, country in enumerate(COUNTRIES):
        entry = register[country]
        assert entry.value == "joined"
        assert entry.first_seen == START + timedelta(days=9 * i)
        assert entry.last_seen == START + timedelta(days=9 * i + 30)
    again = backfill(stored=True, alert="live")
    assert again.changes == () and hook.received == []  # known facts never alert again


def test_stored_backfill_with_a_digest_sends_exactly_one_notification(
    settings: Settings, stored: list[Document], hook: Hook
) -> None:
    summary = backfill(stored=True, alert="digest")
    assert len(hook.received) == 1
    assert summary.alerts_queued == 1 and summary.alerts_sent == 1
    assert "Kazakhstan" in hook.received[0]["message"] and "Cuba" in hook.received[0]["message"]


def test_url_list_backfill(settings: Settings, hook: Hook, server: LocalServer, tmp_path: Path) -> None:
    when = datetime(2024, 6, 3, tzinfo=UTC)
    server.route(
        "/a",
        Response(
            200,
            page(
                "Mongolia joins lunar station",
                [
                    "Mongolia signed an agreement to join the International Lunar Research Station on Monday, "
                    "the country's space agency said in a statement."
                ],
                site="Ulaanbaatar Post",
                byline="By Staff",
                published=when,
            ),
            {"Content-Type": "text/html"},
        ),
    )
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# one URL per line\n{server.url('/a')}\n\n")
    summary = backfill(url_file=str(listing))
    assert [c.name for c in summary.changes] == ["Mongolia"] and hook.received == []
    assert _register(settings)["Mongolia"].first_seen.date() == when.date()


def serve_march(server: LocalServer, tmp_path: Path) -> Path:
    """A feed of three accessions at noon UTC on 1, 10 and 20 March 2024; returns the feed list."""
    days = ((1, "Laos"), (10, "Nepal"), (20, "Peru"))
    return serve_accessions(server, tmp_path, [(datetime(2024, 3, day, 12, tzinfo=UTC), c) for day, c in days])


def test_date_range_backfill_takes_only_entries_in_range(
    settings: Settings, hook: Hook, server: LocalServer, tmp_path: Path
) -> None:
    feeds = serve_march(server, tmp_path)
    summary = backfill(
        since=datetime(2024, 3, 5, tzinfo=UTC), until=datetime(2024, 3, 15, tzinfo=UTC), feeds_file=str(feeds)
    )
    assert [c.name for c in summary.changes] == ["Nepal"] and hook.received == []


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2024-03-10", "2024-03-10"),  # as the UI's form sends plain dates: `until` means the end of that day
        (date(2024, 3, 2), date(2024, 3, 10)),
        (datetime(2024, 3, 2), "2024-03-15T08:00"),  # naive: UTC
        ("2024-03-10T15:00:00+02:00", None),  # aware: 13:00 UTC, after Nepal at noon; Peru is in
    ],
)
def test_date_range_backfill_takes_plain_dates_and_datetimes(
    settings: Settings, server: LocalServer, tmp_path: Path, since: object, until: object
) -> None:
    feeds = serve_march(server, tmp_path)
    summary = backfill(since=since, until=until, feeds_file=str(feeds))
    expected = ["Peru"] if until is None else ["Nepal"]
    assert sorted({c.name for c in summary.changes}) == expected


def test_date_range_backfill_from_the_cli_with_plain_dates(
    settings: Settings, server: LocalServer, tmp_path: Path
) -> None:
    feeds = serve_march(server, tmp_path)
    assert main(["backfill", "--since", "2024-03-01", "--until", "2024-03-10", "--feeds", str(feeds)]) == 0
    assert {"Laos", "Nepal"} <= set(_register(settings)) and "Peru" not in _register(settings)


def test_date_range_backfill_reprocesses_seen_entries_without_alerting_again(
    settings: Settings, hook: Hook, server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ILRS_FEEDS_FILE", str(serve_march(server, tmp_path)))
    first = monitor()  # sees every entry, records the three accessions and alerts them live
    assert sorted(c.name for c in first.changes) == ["Laos", "Nepal", "Peru"]
    alerted = len(hook.received)
    assert alerted >= 1 and len(server.hits("/nepal")) == 1

    again = backfill(since="2024-03-05", until="2024-03-15", alert="live")
    assert len(server.hits("/nepal")) == 2 and len(server.hits("/laos")) == 1  # in range, seen or not
    assert again.articles_fetched == 1 and again.changes == ()
    assert len(hook.received) == alerted  # nothing alerted twice


def test_a_backfill_needs_a_mode(settings: Settings) -> None:
    with pytest.raises(InputError):
        backfill.fn()
