"""Issue 9's review loop: a false finding is rejected (CLI and Prefect flow) and stays rejected."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from flows import cli
from flows.backfill import backfill
from flows.review import review_finding
from pipeline import alerts, articles, entities, report, review
from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer
from tests.test_backfill import Hook

WHEN = datetime(2026, 4, 2, tzinfo=UTC)
# A blog misreads an invitation as an accession: the kind of finding an analyst rejects.
FALSE = (
    "Honduras signed an agreement to join the International Lunar Research Station last week, a blog "
    "that follows Central American politics wrote, quoting no official."
)
TRUE = "Serbia signed a memorandum on the International Lunar Research Station with the CNSA in Belgrade."


def _ingest(store: Store, text: str, url: str, policy: str = "live") -> None:
    document = articles.from_text(text, url, origin="url", published=WHEN, title="Lunar station news")
    store.ingest([(document, entities.extract(text, title=document.title))], policy=policy, run_id="r1", now=WHEN)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    s.migrate()
    _ingest(s, FALSE, "https://blog.example.net/honduras")
    _ingest(s, TRUE, "https://wire.example.org/serbia")
    yield s
    s.close()


def _standing(store: Store) -> set[str]:
    """Names the register holds a value for (a rejected finding's row stays, retracted, with no value)."""
    return {e.name for e in store.register() if e.value is not None}


def _key(store: Store, name: str) -> str:
    return next(i.review_key for i in review.queue(store) if i.entry.name == name)


def test_a_rejection_takes_the_finding_out_and_says_why(store: Store) -> None:
    key = _key(store, "Honduras")
    done = review.judge(store, key, "rejected", reviewer="ana", reason="an invitation, not a signature",
                        run_id="review", now=WHEN)
    assert (done.verdict, done.reviewer, done.reason) == ("rejected", "ana", "an invitation, not a signature")
    assert "Honduras" not in _standing(store)
    assert key not in {i.review_key for i in review.queue(store)}
    rejected = [c for c in store.changes() if c.change_type == "rejected"]
    assert [(c.name, c.old_value, c.new_value) for c in rejected] == [("Honduras", "joined", None)]
    assert "an invitation, not a signature" in alerts.render_change(rejected[0]).body
    assert rejected[0] in store.changes(alertable=True)  # the next digest shows it; nothing is sent at once
    # The same evidence never brings it back: neither a re-ingest, nor a syndicated copy of the story.
    _ingest(store, FALSE, "https://blog.example.net/honduras?ref=rss")
    _ingest(store, FALSE, "https://mirror.example.com/honduras-copy")
    assert "Honduras" not in _standing(store)


def test_a_confirmation_makes_a_finding_sure(store: Store) -> None:
    key = _key(store, "Serbia")
    review.judge(store, key, "confirmed", reviewer="ana", reason=None, run_id="review", now=WHEN)
    serbia = next(e for e in store.register() if e.name == "Serbia")
    assert serbia.confidence == "high" and serbia.value == "joined"
    assert key not in {i.review_key for i in review.queue(store)}


def test_verdicts_need_a_known_key_and_a_reason(store: Store) -> None:
    with pytest.raises(InputError, match="no finding"):
        review.judge(store, "0000000000", "confirmed", reviewer="ana", reason=None, run_id="r", now=WHEN)
    with pytest.raises(InputError, match="reason"):
        review.judge(store, _key(store, "Honduras"), "rejected", reviewer="ana", reason=" ", run_id="r", now=WHEN)


@pytest.fixture
def hook() -> Iterator[Hook]:
    with LocalServer() as srv:
        yield Hook(srv)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, hook: Hook, prefect_harness: None) -> Settings:
    for name, value in {"ILRS_DATABASE_URL": sqlite_url, "ILRS_APPRISE_URLS": hook.url,
                        "ILRS_TASK_RETRIES": "0"}.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    s = Store(settings.database())
    s.migrate()
    _ingest(s, FALSE, "https://blog.example.net/honduras", policy="none")  # known before alerts were set up
    s.close()
    return settings


def test_reject_through_the_cli_then_a_stored_backfill_keeps_it_rejected(
    env: Settings, hook: Hook, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["review"]) == 0
    listed = capsys.readouterr().out
    assert "Honduras joined  [unconfirmed" in listed and "why: one source of medium confidence" in listed
    key = listed.split("ilrs-watch review confirm ")[1].split()[0]
    assert f'ilrs-watch review reject {key} --why "..."' in listed
    assert cli.main(["review", "reject", key, "--why", "misread invitation", "--by", "ana"]) == 0
    assert "rejected by ana" in capsys.readouterr().out

    backfill(stored=True, alert="live")  # re-extraction of every stored document, alerts on
    assert hook.received == []
    assert cli.main(["state"]) == 0
    state = capsys.readouterr().out
    assert "misread invitation" in state and "rejected by an analyst (ana)" in state
    assert "Honduras      joined" not in state


def test_reject_through_the_prefect_flow(env: Settings, hook: Hook) -> None:
    s = Store(env.database())
    key = _key(s, "Honduras")
    s.close()
    result = review_finding(key=key, verdict="reject", why="no official source", reviewer="ben")
    assert result["awaiting"] == 0 and "rejected by ben" in str(result["verdict"])
    backfill(stored=True, alert="live")
    assert hook.received == []
    s = Store(env.database())
    try:
        assert "Honduras" not in _standing(s)
        assert [r.reason for r in s.reviews()] == ["no official source"]
    finally:
        s.close()


def test_the_queue_is_ordered_by_impact_and_says_why_with_the_commands(db_url: str) -> None:
    with Store(db_url) as s:
        s.migrate()
        year = ("China plans to launch Chang'e-8, a key mission of the International Lunar Research Station, around "
                "2029, state media reported.")
        talks = "Nepal is in talks with China about joining the International Lunar Research Station."
        member = "Its members include Mongolia, according to a list shown at a conference on the station."
        for n, text in enumerate([year, talks, member]):
            _ingest(s, f"The International Lunar Research Station. {text}", f"https://n{n}.example.org/story")
        items = review.queue(s)
        assert [(i.impact, i.entry.name) for i in items][:1] == [("new partner", items[0].entry.name)]
        assert [i.impact for i in items] == sorted((i.impact for i in items), key=review._IMPACT.__getitem__)
        assert items[-1].impact == "mission year"
        rows = report.review_rows(items)
        assert all(r["why"] and r["confirm"] == f"ilrs-watch review confirm {r['review_key']}" for r in rows)
        markdown = report.review_markdown(items, "")
        assert "| impact | finding | confidence | why it waits |" in markdown and "ilrs-review/review" in markdown
