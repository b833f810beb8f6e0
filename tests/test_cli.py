"""The `ilrs-watch` command line, called in-process the way a shell would."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_extract_json_prints_one_object_per_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--json", *map(str, SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(SEEDS) == 5
    for line, path in zip(lines, SEEDS, strict=True):
        doc = json.loads(line)
        assert set(doc) >= {"source", "relevant", "language", "partners", "missions"}
        assert doc["source"] == str(path) and doc["relevant"] is True
        text = path.read_text(encoding="utf-8")
        for finding in doc["partners"] + doc["missions"]:
            assert text[finding["start"] : finding["end"]] == finding["evidence"]
        for partner in doc["partners"]:
            assert set(partner) >= {"name", "kind", "status", "evidence", "start", "end"}
    pakistan = [p for p in json.loads(lines[0])["partners"] if p["name"] == "Pakistan"]
    assert pakistan and pakistan[0]["status"] == "joined"


def test_extract_reports_an_unreadable_file_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    missing = tmp_path / "missing.txt"
    assert main(["extract", "--json", str(missing), str(binary), str(SEEDS[0])]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert "missing.txt" in captured.err and "scan.txt" in captured.err
    assert "Traceback" not in captured.err


def test_extract_reads_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = tmp_path / "page.html"
    html.write_text(
        "<html><head><title>Serbia and the moon</title></head><body><nav>Home | World | Sport</nav><article>"
        "<h1>Serbia signs up to lunar station</h1><p>The Republic of Serbia signed a memorandum of "
        "understanding on the International Lunar Research Station with the China National Space "
        "Administration, the government in Belgrade said on Wednesday.</p><p>Officials said Serbian "
        "researchers would join working groups on lunar science in the coming months.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    assert main(["extract", "--json", str(html)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["status"]) for p in doc["partners"]] == [("Serbia", "joined")]


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, prefect_harness: None) -> str:
    monkeypatch.setenv("ILRS_DATABASE_URL", sqlite_url)
    return sqlite_url


def test_baseline_then_state_json(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["baseline"]) == 0
    capsys.readouterr()
    assert main(["state", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    joined = {r["name"] for r in rows if r["status"] == "joined"}
    assert {"Russia", "China", "Pakistan", "South Africa"} <= joined
    assert main(["state"]) == 0
    table = capsys.readouterr().out
    assert "Pakistan" in table and "partners" in table


def test_changes_as_atom(database: str, tmp_path: Path) -> None:
    assert main(["baseline"]) == 0
    out = tmp_path / "changes.atom"
    assert main(["changes", "--atom", "--output", str(out)]) == 0
    feed = feedparser.parse(out.read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) > 15
    main(["changes", "--atom", "--output", str(out)])
    assert [e.id for e in feedparser.parse(out.read_bytes()).entries] == ids  # stable ids


def test_bad_feed_file_is_a_clear_error(database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds: [unclosed\n")
    assert main(["run", "--feeds", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "feeds.yaml" in err and "Traceback" not in err
