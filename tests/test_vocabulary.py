"""Issue 14: every screen tells the same truth in the same words.

One finding is confirmed by an analyst and one rejected; the alert, the digest, `state` (table and JSON),
`review`, the register artifact, the run summary and the HTML page are read before and after, and must say
"unconfirmed", "confirmed", "rejected by an analyst" alike, and never call a rejection "retracted".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from flows.cli import main
from pipeline import alerts, articles, entities, page, report, review
from pipeline import monitor as stages
from pipeline.records import IngestResult
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer
from tests.test_alerts import Hook

WHEN = datetime(2026, 4, 2, tzinfo=UTC)
MONGOLIA = ("Mongolia is part of the International Lunar Research Station, the country's space agency told "
            "reporters at an exhibition.")  # fmt: skip
HONDURAS = ("Honduras signed an agreement to join the International Lunar Research Station last week, a blog that "
            "follows Central American politics wrote, quoting no official.")  # fmt: skip


@pytest.fixture
def hooks() -> Iterator[tuple[Hook, Hook]]:
    with LocalServer() as server:
        yield Hook(server, "/team"), Hook(server, "/analyst")


@pytest.fixture
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("ILRS_DATABASE_URL", sqlite_url)
    with Store(sqlite_url) as s:
        s.migrate()
        yield s


def _ingest(store: Store, text: str, url: str) -> IngestResult:
    document = articles.from_text(text, url, origin="url", published=WHEN, title="Lunar station news")
    pairs = [(document, entities.extract(text, title=document.title))]
    return store.ingest(pairs, policy="live", run_id="monitor-1", now=WHEN)


def _screens(store: Store, capsys: pytest.CaptureFixture[str], changes: tuple) -> dict[str, str]:  # type: ignore[type-arg]
    """Every screen's text, by name."""
    screens = {}
    for name, argv in {"state": ["state"], "state --json": ["state", "--json"], "review": ["review"]}.items():
        assert main(argv) == 0
        screens[name] = capsys.readouterr().out
    entries = store.register()
    screens["artifact"] = json.dumps(report.register_artifact_rows(entries), ensure_ascii=False)
    summary = stages.summarise("run-1", "monitor", ingested=[IngestResult(0, 0, changes, 0)])
    steps = report.history_steps(store.history(), store.changes())
    screens["run summary"] = report.run_markdown(summary, entries, steps)
    screens["page"] = page.render(entries, steps, review.queue(store), store.reviews(), generated_at=WHEN)
    screens["digest"] = alerts.render_digest("digest", store.changes()).body
    return screens


def _line(text: str, name: str) -> str:
    """The part of a screen about one name: its lines (the page: its table rows)."""
    if "<html" in text.lower():
        return " ".join(row for row in text.split("<tr>") if name in row)
    return " ".join(line for line in text.splitlines() if name in line)


def test_a_confirmation_and_a_rejection_read_the_same_on_every_screen(
    store: Store, hooks: tuple[Hook, Hook], capsys: pytest.CaptureFixture[str]
) -> None:
    team, analyst = hooks
    settings = Settings(apprise_urls=(SecretStr(team.url),), apprise_everything_urls=(SecretStr(analyst.url),))
    found = _ingest(store, MONGOLIA, "https://wire.example.org/mongolia").changes
    found += _ingest(store, HONDURAS, "https://blog.example.net/honduras").changes
    alerts.deliver_pending(store, settings, "run-1", WHEN)

    # Before any verdict: both are unconfirmed, everywhere, and only the analyst's inbox heard of them.
    assert team.received == []
    assert sorted(m["title"] for m in analyst.received) == [
        "ILRS: Honduras joined (unconfirmed, one medium-confidence source)",
        "ILRS: Mongolia joined (unconfirmed, one medium-confidence source)",
    ]
    before = _screens(store, capsys, found)
    for screen, text in before.items():
        for name in ("Mongolia", "Honduras"):
            said = "unconfirmed" in _line(text, name).lower()
            assert said or (screen == "state --json" and '"unconfirmed"' in text), (screen, name)
    assert json.loads(before["state --json"])[0]["standing"] == "unconfirmed"

    keys = {i.entry.name: i.review_key for i in review.queue(store)}
    review.judge(store, keys["Mongolia"], "confirmed", reviewer="ana", reason=None, run_id="review", now=WHEN)
    review.judge(store, keys["Honduras"], "rejected", reviewer="ana", reason="a blog's guess", run_id="review",
                 now=WHEN)  # fmt: skip
    alerts.deliver_pending(store, settings, "run-2", WHEN)

    # The alert: the confirmation alerts everyone once, in the words of every other screen; the rejection does not.
    assert [m["title"] for m in team.received] == ["ILRS: Mongolia joined (confirmed)"]
    assert "Confirmed**: confirmed by ana" in team.received[0]["message"]
    settled = tuple(c for c in store.changes() if c.settled_at is not None or c.change_type == "rejected")
    after = _screens(store, capsys, settled)
    for screen, text in after.items():
        honduras = _line(text, "Honduras").lower()
        if screen not in ("review", "state --json"):
            assert "rejected by an analyst" in honduras, screen
        assert "retracted" not in honduras, screen  # a rejection is the analyst's word, not the source's
        assert "unconfirmed" not in _line(text, "Mongolia").lower(), screen
    rows = {r["name"]: r for r in json.loads(after["state --json"])}
    assert (rows["Honduras"]["status"], rows["Honduras"]["standing"]) == ("rejected", "rejected by an analyst")
    assert rows["Mongolia"]["standing"] is None and rows["Mongolia"]["confidence"] == "high"
    assert after["review"].startswith("Nothing awaits review.")
    artifact = {r["name"]: r for r in json.loads(after["artifact"])}
    assert (artifact["Honduras"]["kind"], artifact["Honduras"]["status/year"]) == ("country", "rejected by an analyst")
    assert "- ILRS: Mongolia joined (confirmed)" in after["digest"] and "## To review" not in after["digest"]
    assert "**Mongolia**: joined (confirmed)" in after["run summary"]
