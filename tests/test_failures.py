"""Issue 8, "failures that show": a run whose feeds, alerts or pages failed says so in its Prefect state, its
summary and the CLI's exit code; failed pages are retried a bounded number of times, Retry-After honoured;
a feed in the wrong charset keeps its entries; a run killed mid-way is marked crashed by the next one."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from flows import tasks
from pipeline import monitor as stages
from pipeline import report
from pipeline.records import RunSummary
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response
from tests.scenario import page, rss

PUBLISHED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
STORY = [
    "Mongolia has signed an agreement to join the International Lunar Research Station, its science ministry "
    "announced in Ulaanbaatar on Monday.",
    "The ministry said Mongolian researchers would take part in designing instruments for the station's later "
    "phases and in training engineers at partner universities.",
]


def _feed(server: LocalServer, link_path: str) -> bytes:
    return rss(
        [
            {
                "title": "Mongolia joins the International Lunar Research Station",
                "link": server.url(link_path),
                "guid": f"mongolia{link_path}",
                "date": "Mon, 30 Nov 2026 09:00:00 GMT",
                "summary": "Mongolia signed an agreement on the International Lunar Research Station.",
            }
        ]
    )


def _page() -> Response:
    body = page("Mongolia joins the lunar station", STORY, site="Steppe Wire", byline="Staff", published=PUBLISHED)
    return Response(200, body, {"Content-Type": "text/html; charset=utf-8"})


def _settings(db_url: str, feeds: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"allow_private_networks": True, "read_timeout": 2, **overrides}
    return Settings(database_url=db_url, feeds_file=feeds, **values)  # type: ignore[arg-type]


def _feeds_file(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n" + "".join(f"  - url: {u}\n" for u in urls))
    return path


def _run_stages(settings: Settings) -> RunSummary:
    """One monitor run through the tasks' bodies, as the flow sequences them, without a flow."""
    with Store(settings.database()) as store:
        stages.prepare(store)
        polls = tasks.poll_feeds.fn(store, settings, stages.load_feed_configs(settings))
        triaged = stages.triage(store, polls)
        processed = [tasks.fetch_and_extract.fn(store, settings, list(triaged.relevant))] if triaged.relevant else []
        ingested = [
            stages.ingest(store, p.pairs, policy="none", run_id="t", done=p.done, failed=p.failed) for p in processed
        ]
    return stages.summarise("t", "monitor", polls=polls, triaged=triaged, processed=processed, ingested=ingested)


def _entry_row(db_url: str) -> dict[str, object]:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        row = conn.execute(sa.text("select status, attempts, last_error, not_before from entries")).one()
    engine.dispose()
    return dict(row._mapping)


# --- pages: bounded retries, Retry-After -------------------------------------------------------------------


def test_a_page_503_with_retry_after_is_fetched_by_a_later_run_after_its_retry_time(
    db_url: str, tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [datetime(2026, 6, 1, 12, 0, tzinfo=UTC)]  # the runs' clock, moved by the test, not by the machine
    monkeypatch.setattr(stages, "utcnow", lambda: clock[0])
    answers = iter([Response(503, b"busy", {"Retry-After": "1"})])
    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", lambda _: next(answers, None) or _page())
    settings = _settings(db_url, _feeds_file(tmp_path, server.url("/feed.xml")))

    first = _run_stages(settings)
    assert [(a.outcome, a.attempts) for a in first.article_problems] == [("retry", 1)]
    assert "HTTP 503" in first.article_problems[0].error
    assert any("page(s) failed (0 for good, 1 to retry)" in line for line in report.problems(first))
    assert _entry_row(db_url)["status"] == "pending"

    early = _run_stages(settings)  # before Retry-After has passed: the page is left alone
    assert len(server.hits("/story")) == 1 and early.relevant_entries == 0

    clock[0] += timedelta(seconds=2)
    later = _run_stages(settings)

    assert len(server.hits("/story")) == 2
    assert later.articles_fetched == 1 and later.article_problems == () and report.problems(later) == []
    assert _entry_row(db_url)["status"] == "done"


def test_a_page_failing_every_time_is_given_up_after_the_attempt_limit(
    db_url: str, tmp_path: Path, server: LocalServer
) -> None:
    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", Response(503, b"down", {"Retry-After": "0"}))
    settings = _settings(db_url, _feeds_file(tmp_path, server.url("/feed.xml")), page_max_attempts=3)

    outcomes = [[(a.outcome, a.attempts) for a in _run_stages(settings).article_problems] for _ in range(4)]

    assert outcomes == [[("retry", 1)], [("retry", 2)], [("failed", 3)], []]
    assert len(server.hits("/story")) == 3
    row = _entry_row(db_url)
    assert row["status"] == "failed" and row["attempts"] == 3 and "HTTP 503" in str(row["last_error"])


def test_a_gone_page_fails_at_once_with_its_reason_and_the_feed_text_is_kept(
    db_url: str, tmp_path: Path, server: LocalServer
) -> None:
    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", Response(410, b"gone"))
    settings = _settings(db_url, _feeds_file(tmp_path, server.url("/feed.xml")))

    summary = _run_stages(settings)

    assert [(a.outcome, a.attempts) for a in summary.article_problems] == [("failed", 1)]
    assert summary.documents_new == 1  # the entry's own text stands in for the page
    lines = report.summary_lines(summary)
    assert any(line.startswith("page failed for good: ") and "HTTP 410" in line for line in lines)
    assert "## Pages that failed (1)" in report.summary_markdown(summary)
    assert _entry_row(db_url)["status"] == "failed"
    _run_stages(settings)
    assert len(server.hits("/story")) == 1


def test_a_refused_backfill_url_is_reported_and_stores_no_empty_document(db_url: str, tmp_path: Path) -> None:
    settings = _settings(db_url, _feeds_file(tmp_path, "http://127.0.0.1:9/feed.xml"), allow_private_networks=False)
    with Store(settings.database()) as store:
        stages.prepare(store)
        entries = stages.url_entries(["http://user:pw@127.0.0.1:9/a?token=s3cr3t"])
        processed = tasks.fetch_and_extract.fn(store, settings, entries)
        stages.ingest(store, processed.pairs, policy="none", run_id="t", done=processed.done, failed=processed.failed)
    summary = stages.summarise("t", "backfill", processed=[processed])

    assert processed.pairs == ()
    [problem] = summary.article_problems
    assert problem.outcome == "failed" and "not a public address" in problem.error
    assert "pw" not in problem.url and "s3cr3t" not in problem.url
    assert report.problems(summary) and "pw" not in " ".join(report.problems(summary))


# --- charsets ----------------------------------------------------------------------------------------------

CYRILLIC_TITLE = "Монголия присоединилась к Международной научной лунной станции"
CYRILLIC_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Лента новостей о космосе</title><link>http://example.invalid/</link>
<item><title>{CYRILLIC_TITLE}</title><link>http://127.0.0.1:9/ru-1</link><guid>ru-1</guid>
<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>
<description>Министерство науки Монголии подписало соглашение о сотрудничестве по лунной станции.</description></item>
<item><title>Китай и Россия обсудили следующие этапы строительства лунной станции</title>
<link>http://127.0.0.1:9/ru-2</link><guid>ru-2</guid><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>
<description>Стороны договорились о графике работ на ближайшие годы.</description></item>
</channel></rss>""".encode("cp1251")


def test_a_cp1251_feed_declared_utf8_keeps_its_entries_with_cyrillic_titles(
    db_url: str, tmp_path: Path, server: LocalServer
) -> None:
    server.route("/ru.xml", Response(200, CYRILLIC_FEED, {"Content-Type": "application/rss+xml; charset=utf-8"}))
    settings = _settings(db_url, _feeds_file(tmp_path, server.url("/ru.xml")))
    with Store(settings.database()) as store:
        stages.prepare(store)
        [poll] = tasks.poll_feeds.fn(store, settings, stages.load_feed_configs(settings))

    assert poll.outcome == "ok" and len(poll.entries) == 2
    assert poll.entries[0].title == CYRILLIC_TITLE
    assert poll.repaired == "declared utf-8, read as cp1251"
    summary = stages.summarise("t", "monitor", polls=[poll])
    assert any(line.startswith("feed charset repaired: ") for line in report.summary_lines(summary))


def test_a_cp1251_page_declared_utf8_is_read_in_cyrillic() -> None:
    from pipeline import articles

    html = (
        '<html lang="ru"><head><meta charset="utf-8"><title>Лунная станция</title></head><body><article>'
        "<p>Монголия подписала соглашение.</p><p>Учёные страны примут участие в работе станции.</p>"
        "</article></body></html>"
    ).encode("cp1251")
    document = articles.from_html(html, "http://example.invalid/ru")
    assert "Монголия подписала соглашение" in document.text


# --- the run's state and the CLI's exit code ---------------------------------------------------------------


@pytest.fixture
def prefect_env(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path, prefect_harness: None
) -> dict[str, str]:
    env = {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
        "ILRS_READ_TIMEOUT": "2",
        "ILRS_APPRISE_URLS": "json://127.0.0.1:9/closed",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_a_run_whose_every_feed_failed_ends_completed_with_problems_and_exit_3(
    prefect_env: dict[str, str], tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main
    from flows.monitor import monitor

    server.route("/a.xml", Response(500, b"oops"))
    feeds = _feeds_file(tmp_path, server.url("/a.xml"), "http://user:secret@127.0.0.1:9/b.xml?apikey=k")

    state = monitor(feeds_file=str(feeds), return_state=True)

    assert state.is_completed() and state.name == "Completed"
    assert state.message.startswith("with problems: 2 of 2 feeds failed: ")
    assert "HTTP 500" in state.message and "secret" not in state.message and "apikey=k" not in state.message
    summary = state.result()
    assert isinstance(summary, RunSummary) and summary.feeds_failed == 2

    capsys.readouterr()
    code = main(["run", "--feeds", str(feeds)])  # both feeds now wait out their back-off: nothing is read
    err = capsys.readouterr().err
    assert code == 3
    assert "ilrs-watch: monitor completed with problems: 2 of 2 feeds failed (2 waiting out a back-off)" in err
    assert "secret" not in err

    fresh = _feeds_file(tmp_path, server.url("/c.xml"))
    assert main(["run", "--feeds", str(fresh)]) == 3
    assert "ilrs-watch: monitor completed with problems: 1 of 1 feeds failed: " in capsys.readouterr().err


def test_undeliverable_alerts_end_the_run_with_problems_and_exit_3(
    prefect_env: dict[str, str], tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main
    from flows.monitor import monitor

    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", _page())
    feeds = _feeds_file(tmp_path, server.url("/feed.xml"))

    state = monitor(feeds_file=str(feeds), return_state=True)

    assert state.name == "Completed" and state.message.startswith("with problems: ")
    assert "alert(s) could not be delivered" in state.message
    assert state.result().alerts_failed >= 1

    assert main(["run", "--feeds", str(feeds)]) == 3
    assert "could not be delivered" in capsys.readouterr().err


def test_a_clean_run_is_plain_completed_and_exits_0(
    prefect_env: dict[str, str], tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.cli import main
    from flows.monitor import monitor

    server.route("/hook", Response(200, b"ok"))
    monkeypatch.setenv("ILRS_APPRISE_URLS", f"json://127.0.0.1:{server.port}/hook")
    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", _page())
    feeds = _feeds_file(tmp_path, server.url("/feed.xml"))

    state = monitor(feeds_file=str(feeds), return_state=True)

    assert state.name == "Completed" and state.result().alerts_sent == 1 and server.hits("/hook")
    assert main(["run", "--feeds", str(feeds)]) == 0


def test_demo_prints_the_problems_but_exits_0_offline(
    prefect_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main

    feeds = _feeds_file(tmp_path, "http://127.0.0.1:9/offline.xml")
    assert main(["demo", "--feeds", str(feeds)]) == 0
    assert "`ilrs-watch run` exits 3" in capsys.readouterr().err


# --- a run killed mid-way ----------------------------------------------------------------------------------


def _stuck_run(labels: dict[str, str]) -> str:
    """A monitor flow run left Running, as a killed process leaves it."""
    from prefect import get_client
    from prefect.states import Pending, Running

    from flows.monitor import monitor

    with get_client(sync_client=True) as client:
        run = client.create_flow_run(monitor, state=Pending())
        client.set_flow_run_state(run.id, Running(), force=True)
        if labels:
            client.update_flow_run_labels(run.id, labels)
        return str(run.id)


def _state_of(run_id: str):  # noqa: ANN202 -- a prefect State
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(run_id).state


def test_the_next_monitor_marks_a_run_whose_process_died_crashed(prefect_env: dict[str, str], tmp_path: Path) -> None:
    import socket

    from flows.crashes import HOST_LABEL, PID_LABEL
    from flows.monitor import monitor

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stuck = _stuck_run({HOST_LABEL: socket.gethostname(), PID_LABEL: dead.stdout.strip()})
    alive = _stuck_run({HOST_LABEL: socket.gethostname(), PID_LABEL: "1"})  # a process that is still there
    feeds = _feeds_file(tmp_path, "http://127.0.0.1:9/offline.xml")

    summary = monitor(feeds_file=str(feeds))

    state = _state_of(stuck)
    assert state.type.value == "CRASHED" and "is gone" in (state.message or "")
    assert _state_of(alive).type.value == "RUNNING"
    assert any("marked Crashed" in note for note in summary.notes)


def test_a_run_without_news_for_longer_than_the_limit_is_marked_crashed(
    prefect_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.monitor import monitor

    stuck = _stuck_run({})  # started elsewhere: no process of ours to look at
    monkeypatch.setenv("ILRS_STALE_RUN_MINUTES", "0")
    monitor(feeds_file=str(_feeds_file(tmp_path, "http://127.0.0.1:9/offline.xml")))

    state = _state_of(stuck)
    assert state.type.value == "CRASHED" and "no state change for" in (state.message or "")


def test_a_backfill_url_refused_by_the_address_guard_ends_with_problems_and_exit_3(
    prefect_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.backfill import backfill
    from flows.cli import main

    monkeypatch.setenv("ILRS_ALLOW_PRIVATE_NETWORKS", "0")
    state = backfill(urls=["http://127.0.0.1:9/private-page"], return_state=True)
    assert state.message.startswith("with problems: ") and "not a public address" in state.message
    assert state.result().documents_new == 0

    assert main(["backfill", "http://127.0.0.1:9/private-page"]) == 3
    out, err = capsys.readouterr()
    assert "page failed for good: http://127.0.0.1:9/private-page: refused" in out
    assert "1 page(s) failed (1 for good, 0 to retry)" in err


def test_progress_is_logged_when_the_output_is_not_a_terminal(
    prefect_env: dict[str, str], tmp_path: Path, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    from flows.monitor import monitor

    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", _page())
    with caplog.at_level("INFO"):
        monitor(feeds_file=str(_feeds_file(tmp_path, server.url("/feed.xml"))))
    assert "polling feeds: 1 of 1" in caplog.text and "fetching pages: 1 of 1" in caplog.text


# The state names the Prefect UI's runs list and deployment page ask for by default: every state name but the
# scheduled ones (prefect-ui's `prefectStateNamesWithoutScheduled`). A custom name is not among them.
UI_DEFAULT_STATE_NAMES = ["Pending", "Paused", "Suspended", "Running", "Retrying", "Completed", "Cached", "Cancelled",
                          "Cancelling", "Crashed", "Failed", "TimedOut"]  # fmt: skip


def test_a_run_with_a_failed_feed_is_in_the_uis_default_runs_filter_and_told_apart_from_a_clean_run(
    prefect_env: dict[str, str], tmp_path: Path, server: LocalServer, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterId,
        FlowRunFilterState,
        FlowRunFilterStateName,
        FlowRunFilterTags,
    )

    from flows.common import PROBLEMS_TAG
    from flows.monitor import monitor

    server.route("/feed.xml", Response(200, _feed(server, "/story"), {"Content-Type": "application/rss+xml"}))
    server.route("/story", _page())
    server.route("/down.xml", Response(503, b"down"))
    server.route("/hook", Response(200, b"ok"))
    monkeypatch.setenv("ILRS_APPRISE_URLS", f"json://127.0.0.1:{server.port}/hook")
    clean = monitor(feeds_file=str(_feeds_file(tmp_path, server.url("/feed.xml"))), return_state=True)
    troubled = monitor(feeds_file=str(_feeds_file(tmp_path, server.url("/feed.xml"), server.url("/down.xml"))),
                       return_state=True)  # fmt: skip
    ids = [clean.state_details.flow_run_id, troubled.state_details.flow_run_id]

    with get_client(sync_client=True) as client:
        mine = FlowRunFilterId(any_=ids)
        ui_default = FlowRunFilterState(name=FlowRunFilterStateName(any_=UI_DEFAULT_STATE_NAMES))
        shown = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=mine, state=ui_default))
        tagged = FlowRunFilterTags(all_=[PROBLEMS_TAG])
        flagged = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=mine, tags=tagged))
        runs = {run.id: run for run in shown}
    assert set(runs) == set(ids)  # both in the default view: a run with problems is not hidden
    assert [run.id for run in flagged] == [ids[1]]  # ...and counted apart by its tag
    problem_run, clean_run = runs[ids[1]], runs[ids[0]]
    assert problem_run.state is not None and problem_run.state.message is not None
    assert problem_run.state.message.startswith("with problems: 1 of 2 feeds failed")
    assert clean_run.state is not None and not clean_run.state.message and PROBLEMS_TAG not in clean_run.tags
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(m.startswith("feed failed: ") and "down.xml" in m for m in warned)
