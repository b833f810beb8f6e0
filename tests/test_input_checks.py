"""Input checked at the door: one line on stderr, exit code 2, no traceback, no secret, and no Prefect started."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import STARTUP_TIMEOUT, main
from pipeline import checks
from pipeline.errors import InputError, UnsafeURLError
from pipeline.http import HttpClient, check_url
from pipeline.settings import Settings
from tests.localserver import LocalServer, Response

ROOT = Path(__file__).resolve().parent.parent


def cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`ilrs-watch ARGS` in a fresh process, with its own (not yet existing) PREFECT_HOME."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("ILRS_", "PREFECT_"))}
    environ.update(PYTHONPATH=str(ROOT), DO_NOT_TRACK="1", PREFECT_HOME=str(tmp_path / "prefect-home"), **env)
    command = [sys.executable, "-m", "flows.cli", *args]
    return subprocess.run(command, env=environ, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def one_line_error(done: subprocess.CompletedProcess[str], tmp_path: Path) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and lines[0].startswith("ilrs-watch: error: "), done.stderr
    assert not (tmp_path / "prefect-home").exists()  # Prefect was never imported, let alone started
    return lines[0]


def door(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """`ilrs-watch ARGS` in this process: the one line it printed, after checking it failed at the door."""
    capsys.readouterr()
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("ilrs-watch: error: "), err
    return err.strip()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in [n for n in os.environ if n.startswith("ILRS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ILRS_DATABASE_URL", f"sqlite:///{tmp_path / 'absent.sqlite3'}")
    return monkeypatch


def test_a_wrong_database_url_is_one_line_with_the_password_hidden(tmp_path: Path) -> None:
    closed = "postgresql+psycopg://analyst:hunter2secret@127.0.0.1:9/ilrs"
    line = one_line_error(cli(tmp_path, "state", ILRS_DATABASE_URL=closed), tmp_path)
    assert "127.0.0.1:9" in line and "hunter2secret" not in line and "analyst" not in line


def test_an_unparsable_database_url_names_the_variable(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("ILRS_DATABASE_URL", "postgres//analyst:hunter2secret@db")
    line = door(capsys, "run")
    assert "ILRS_DATABASE_URL" in line and "hunter2secret" not in line


def test_a_bad_setting_names_its_variable_before_prefect_starts(tmp_path: Path) -> None:
    line = one_line_error(cli(tmp_path, "run", ILRS_CONCURRENCY="abc"), tmp_path)
    assert "ILRS_CONCURRENCY" in line and "integer" in line


def test_a_bad_private_networks_value_names_its_variable(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("ILRS_ALLOW_PRIVATE_NETWORKS", "loopback")
    assert "ILRS_ALLOW_PRIVATE_NETWORKS" in door(capsys, "state")


def test_a_missing_sqlite_file_is_not_created_except_when_asked(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "var" / "ilrs-wacth.sqlite3"
    line = one_line_error(cli(tmp_path, "run", ILRS_DATABASE_URL=f"sqlite:///{typo}"), tmp_path)
    assert str(typo) in line and "baseline" in line
    clean_env.setenv("ILRS_DATABASE_URL", f"sqlite:///{typo}")
    for command in (["state"], ["backfill", "--stored"], ["digest"], ["changes"]):
        assert str(typo) in door(capsys, *command)
    assert not typo.exists() and not typo.parent.exists()

    clean_env.setenv("ILRS_CREATE_DATABASE", "true")
    assert main(["state"]) == 0
    assert typo.exists()


def test_baseline_creates_the_register(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, prefect_harness: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "new" / "ilrs.sqlite3"
    clean_env.setenv("ILRS_DATABASE_URL", f"sqlite:///{fresh}")
    assert main(["baseline"]) == 0
    assert fresh.exists()
    capsys.readouterr()
    assert main(["state"]) == 0 and "Pakistan" in capsys.readouterr().out


def test_a_bad_feed_list_is_one_line_naming_the_file(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds: [unclosed\n")
    line = door(capsys, "run", "--feeds", str(bad))
    assert str(bad) in line and "YAML" in line and "line 2" in line
    missing = tmp_path / "feds.yaml"
    clean_env.setenv("ILRS_FEEDS_FILE", str(missing))
    assert str(missing) in door(capsys, "run")
    assert str(missing) in door(capsys, "backfill", "--since", "2025-11-01")


def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for output in (tmp_path / "no-such-dir" / "changes.atom", tmp_path):
        line = door(capsys, "changes", "--atom", "--output", str(output))
        assert "--output" in line and str(output) in line
    with pytest.raises(InputError, match="does not exist"):
        checks.check_output(tmp_path / "file.txt" / "x.atom")


def test_a_mistyped_date_or_url_list_is_one_line(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = door(capsys, "backfill", "--since", "1st of November")
    assert "--since" in line and "2025-11-01" in line
    assert "urls.txt" in door(capsys, "backfill", "--url-file", str(tmp_path / "urls.txt"))


@pytest.mark.parametrize(
    ("value", "until"),
    [
        ("2025-11-01", "2025-11-01 23:59:59.999999+00:00"),
        ("2025-11-01T08:30", "2025-11-01 08:30:00+00:00"),
        ("2025-11-01T08:30:00+02:00", "2025-11-01 06:30:00+00:00"),
        ("2025-11-01T00:00:00.000Z", "2025-11-01 00:00:00+00:00"),
    ],
)
def test_dates_plain_naive_or_aware_become_utc_bounds(value: str, until: str) -> None:
    assert str(checks.date_bound(value, end_of_day=True)) == until
    assert checks.date_bound(value).tzinfo is not None


# --- private networks ----------------------------------------------------------------------------------------


def test_private_networks_as_a_list_allow_only_those(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ILRS_ALLOW_PRIVATE_NETWORKS", "127.0.0.0/8, ::1/128")
    allowed = Settings.from_env().allow_private_networks
    assert check_url("http://127.0.0.1:8080/feed.xml", allowed) == "127.0.0.1"
    assert check_url("http://[::1]:8080/feed.xml", allowed) == "::1"
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/feed", "http://[fe80::1]/"):
        with pytest.raises(UnsafeURLError):
            check_url(url, allowed)
    check_url("https://93.184.216.34/feed", allowed)  # public space stays open


@pytest.mark.parametrize(
    ("raw", "expected"), [("all", True), ("true", True), ("1", True), ("false", False), ("", False)]
)
def test_private_networks_all_or_nothing_as_before(raw: str, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ILRS_ALLOW_PRIVATE_NETWORKS", raw)
    assert Settings.from_env().allow_private_networks is expected
    assert Settings(allow_private_networks=True).allow_private_networks is True


def test_a_fetch_reaches_loopback_when_only_loopback_is_allowed(server: LocalServer) -> None:
    server.route("/feed.xml", Response(200, b"<rss/>", {"Content-Type": "application/rss+xml"}))

    async def get(settings: Settings) -> int:
        async with HttpClient(settings) as client:
            return (await client.get(server.url("/feed.xml"), max_bytes=1024)).status

    assert asyncio.run(get(Settings(allow_private_networks=["127.0.0.0/8"]))) == 200
    with pytest.raises(UnsafeURLError):
        asyncio.run(get(Settings(allow_private_networks=["10.0.0.0/8"])))


def test_a_post_obeys_the_same_network_list(server: LocalServer) -> None:
    """The Google News decoder is POSTed to: a list of allowed networks must not open every address to it."""
    server.route("/batch", Response(200, b"ok", {"Content-Type": "text/plain"}))

    async def post(settings: Settings) -> int:
        async with HttpClient(settings) as client:
            return (await client.post(server.url("/batch"), b"a=1", content_type="text/plain", max_bytes=64)).status

    assert asyncio.run(post(Settings(allow_private_networks=["127.0.0.0/8"]))) == 200
    with pytest.raises(UnsafeURLError):
        asyncio.run(post(Settings(allow_private_networks=["10.0.0.0/8"])))


def test_prefect_gets_a_start_up_time_out_that_holds_on_a_busy_machine(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name, value = STARTUP_TIMEOUT
    seed = str(next((ROOT / "seeds").glob("*.txt")))
    monkeypatch.delenv(name, raising=False)
    assert main(["extract", seed]) == 0
    assert os.environ[name] == value
    monkeypatch.setenv(name, "45")
    assert main(["extract", seed]) == 0
    assert os.environ[name] == "45"  # the user's own value wins
    # ... and it is the name Prefect reads.
    code = "import prefect.settings as s; print(s.get_current_settings().server.ephemeral.startup_timeout_seconds)"
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, name: value}, capture_output=True, text=True)
    assert done.stdout.strip() == value
