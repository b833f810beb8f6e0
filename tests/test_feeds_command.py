"""`ilrs-watch feeds`: feed health as people read it, and re-enabling a feed that was switched off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows import tasks
from flows.cli import main
from pipeline import monitor as stages
from pipeline.records import FeedState
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response
from tests.scenario import rss

SECRET_FEED = "http://reader:hunter2@127.0.0.1:9/private.xml?apikey=abc123"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path, server: LocalServer) -> Settings:
    server.route("/good.xml", Response(200, rss([]), {"Content-Type": "application/rss+xml"}))
    server.route("/gone.xml", Response(410, b"gone"))
    server.route("/broken.xml", Response(500, b"oops"))
    feeds = tmp_path / "feeds.yaml"
    urls = [server.url("/good.xml"), server.url("/gone.xml"), server.url("/broken.xml"), server.url("/new.xml")]
    feeds.write_text("feeds:\n" + "".join(f"  - url: {u}\n" for u in urls))
    monkeypatch.setenv("ILRS_DATABASE_URL", db_url)
    monkeypatch.setenv("ILRS_FEEDS_FILE", str(feeds))
    monkeypatch.setenv("ILRS_ALLOW_PRIVATE_NETWORKS", "1")
    settings = Settings.from_env()
    configs = [c for c in stages.load_feed_configs(settings) if not c.url.endswith("/new.xml")]
    with _store(settings) as store:
        stages.prepare(store)
        tasks.poll_feeds.fn(store, settings, configs)
    return settings


def _store(settings: Settings) -> Store:
    return Store(settings.database())


def _rows(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines() if line.startswith("http")}


def test_feeds_lists_state_last_success_failures_next_attempt_and_error(
    environment: Settings, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "--wide"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Feed list: the file {environment.feeds_file} (ILRS_FEEDS_FILE)")
    header = next(line for line in out.splitlines() if line.startswith("FEED")).split("  ")
    columns = ["FEED", "STATE", "LAST SUCCESS", "FAILURES", "NEXT ATTEMPT", "LAST ERROR"]
    assert [h.strip() for h in header if h.strip()] == columns
    rows = _rows(out)
    good, gone, broken, new = (rows[server.url(p)] for p in ("/good.xml", "/gone.xml", "/broken.xml", "/new.xml"))
    with _store(environment) as store:
        states = store.feed_states()
    # The days the store recorded, not today's: a back-off that began just before midnight ends tomorrow.
    succeeded, retry = (f"{when:%Y-%m-%d}" for when in (states[server.url("/good.xml")].last_success,
                                                        states[server.url("/broken.xml")].not_before))  # fmt: skip
    assert " ok " in good and succeeded in good and "next run" in good
    assert " disabled " in gone and "never (disabled)" in gone and "HTTP 410" in gone
    assert " failing " in broken and " 1 " in broken and "HTTP 500" in broken and retry in broken  # back-off
    assert " new " in new
    assert out.rstrip().endswith("1 disabled, 1 failing, 1 new, 1 ok")


def test_feeds_enable_switches_a_disabled_feed_back_on(
    environment: Settings, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = server.url("/gone.xml")
    assert main(["feeds", "--enable", gone]) == 0
    assert f"enabled {gone}" in capsys.readouterr().out

    with _store(environment) as store:
        state = store.feed_states()[gone]
    assert (state.disabled, state.failures, state.not_before) == (False, 0, None)
    server.route("/gone.xml", Response(200, rss([]), {"Content-Type": "application/rss+xml"}))
    with _store(environment) as store:
        [poll] = tasks.poll_feeds.fn(
            store, environment, [c for c in stages.load_feed_configs(environment) if c.url == gone]
        )
    assert poll.outcome == "ok"


def test_feeds_never_print_credentials_and_enable_takes_the_listed_url(
    environment: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    with _store(environment) as store:
        store.save_feed_states(
            [
                FeedState(
                    url=SECRET_FEED,
                    current_url=SECRET_FEED,
                    failures=10,
                    disabled=True,
                    not_before=now + timedelta(hours=1),
                    last_error="http://127.0.0.1:9/private.xml: HTTP 401",
                    last_polled=now,
                )
            ]
        )
    assert main(["feeds", "--wide"]) == 0
    out = capsys.readouterr().out
    assert "hunter2" not in out and "abc123" not in out and "reader" not in out
    listed = "http://127.0.0.1:9/private.xml?apikey=REDACTED"  # as `ilrs-watch feeds` lists it
    assert listed in out

    assert main(["feeds", "--enable", listed]) == 0
    with _store(environment) as store:
        assert not store.feed_states()[SECRET_FEED].disabled

    assert main(["feeds", "--enable", "http://127.0.0.1:9/unknown.xml"]) == 2
    assert "no polled feed has the URL" in capsys.readouterr().err


def test_feeds_fits_80_columns_with_the_state_first_and_forgets_feeds_no_longer_listed(
    environment: Settings, server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    long = server.url("/a/very/long/path/to/a/feed/of/the/national/space/agency/news-in-english.xml?lang=en")
    shorter = tmp_path / "shorter.yaml"  # /broken.xml is gone from the list; a long URL joins it
    shorter.write_text(f"feeds:\n  - url: {server.url('/good.xml')}\n  - url: {server.url('/gone.xml')}\n"
                       f"  - url: {long}\n")  # fmt: skip
    monkeypatch.setenv("ILRS_FEEDS_FILE", str(shorter))
    assert main(["feeds"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()[1:]  # all but the feed list's own path, which is as long as it is
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    table = out.split("\n\n")[1].splitlines()
    assert table[0].split()[:2] == ["STATE", "FAILS"]
    assert table[1].startswith("ok ") and table[2].startswith("disabled ") and "    error: " in table[3]
    assert f"127.0.0.1:{server.port}/…" in out and ".xml?lang=en" in out  # the host and the path's end stay
    assert "broken.xml" not in out and "1 feed(s) polled before are not listed any more" in out
    counts = out.split("\n\n")[2].splitlines()[0]
    assert "failing" not in counts  # a feed no longer listed is not counted as failing

    assert main(["feeds", "--wide"]) == 0
    wide = capsys.readouterr().out
    broken = _rows(wide)[server.url("/broken.xml")]
    assert " not listed " in broken and "never (not listed)" in broken and long in wide


def test_feeds_reads_the_prefect_variable_the_run_reads_and_says_so(
    environment: Settings, server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    prefect_harness: None,
) -> None:  # fmt: skip
    from prefect.settings import PREFECT_API_URL
    from prefect.variables import Variable

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    listed = f"{server.url('/good.xml')}, {server.url('/elsewhere.xml')}"  # commas, as the Secret takes them
    Variable.set("ilrs-feeds", listed, overwrite=True)
    try:
        assert main(["feeds", "--wide"]) == 0
    finally:
        Variable.unset("ilrs-feeds")
    out = capsys.readouterr().out
    assert out.startswith("Feed list: the Prefect Variable ilrs-feeds")
    rows = _rows(out)
    assert " ok " in rows[server.url("/good.xml")] and " new " in rows[server.url("/elsewhere.xml")]
    assert " not listed " in rows[server.url("/broken.xml")]


def test_every_list_setting_takes_the_same_separators() -> None:
    from pipeline import feeds
    from pipeline.settings import url_list

    forms = ["http://a.example/x.xml http://b.example/y.xml", "http://a.example/x.xml,http://b.example/y.xml",
             "http://a.example/x.xml,\n http://b.example/y.xml", '["http://a.example/x.xml", "http://b.example/y.xml"]']
    for form in forms:
        assert url_list(form) == ["http://a.example/x.xml", "http://b.example/y.xml"], form
        assert [c.url for c in feeds.parse_feed_list(form, "a Variable")] == url_list(form), form
        urls = Settings(apprise_urls=form).apprise_secrets()  # type: ignore[arg-type]
        assert urls == url_list(form), form
    assert url_list("http://a.example/q?ids=1,2,3, json://hook") == ["http://a.example/q?ids=1,2,3", "json://hook"]
