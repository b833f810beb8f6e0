"""Issue 9's register page: one self-contained HTML file, checked in a real browser (Debian's chromium, headless).

The register is built the way the pipeline builds it: fictional texts in our own words, extracted and ingested
with their publication dates, then a false finding rejected by an analyst.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.cli import main
from pipeline import articles, entities, page, report, review
from pipeline.records import Evidence, RegisterEntry
from pipeline.report import Step
from pipeline.review import ReviewItem
from pipeline.store import Store

# (date, outlet, headline, text): a fictional register's story, each text in our own words.
STORY = [
    ("2021-03-09", "wire.example.org", "Two agencies lay out a shared Moon base",
     "China and Russia signed a joint statement on building the International Lunar Research Station, the "
     "two space agencies said."),
    ("2021-06-20", "space.example.com", "South pole lander gets a date",
     "The Chang'e-7 mission, part of the International Lunar Research Station, is to launch in 2024 to the"
     " lunar south pole."),
    ("2022-04-20", "news.example.pk", "Islamabad eyes lunar station",
     "Pakistan has expressed interest in joining the International Lunar Research Station, officials in "
     "Islamabad said."),
    ("2022-09-12", "nordic.example.no", "Oslo weighs lunar offer",
     "Norway expressed interest in the International Lunar Research Station."),
    ("2023-05-30", "space.example.com", "Lander slips two years",
     "The Chang'e-7 mission, part of the International Lunar Research Station, is to launch in 2026 to the"
     " lunar south pole."),
    ("2023-07-04", "news.example.pk", "Pakistan signs on",
     "Pakistan signed an agreement to join the International Lunar Research Station, with SUPARCO signing "
     "for the government."),
    ("2023-10-18", "latam.example.net", "Managua in lunar talks",
     "Nicaragua is in talks with China about joining the International Lunar Research Station."),
    ("2024-03-21", "caspian.example.az", "Baku signs lunar memorandum",
     "Azerbaijan signed a memorandum on the International Lunar Research Station with the CNSA in Baku."),
    ("2024-11-05", "nordic.example.no", "Oslo says no",
     "Norway said it will not take part in the International Lunar Research Station, ending months of "
     "talks."),
    ("2025-05-14", "nile.example.eg", "Cairo invited",
     "Egypt was invited to join the International Lunar Research Station and is negotiating the terms."),
    ("2025-09-02", "sahel.example.sn", "Dakar joins Moon project",
     "Senegal became the latest country to join the International Lunar Research Station after signing an "
     "agreement in Dakar."),
    ("2026-02-10", "nile.example.eg", "Egypt signs in Cairo",
     "Egypt signed a memorandum on the International Lunar Research Station with the CNSA in Cairo."),
    ("2026-04-02", "blog.example.net", "Rumour: Honduras on board",
     "Honduras signed an agreement to join the International Lunar Research Station last week, a blog that"
     " follows Central American politics wrote, quoting no official."),
]
HOSTILE = ("2026-05-01", "evil.example.com", "Belgrade <b>signs</b>",
           "Serbia signed a memorandum on the International Lunar Research Station "
           "<script>console.error('injected')</script> with the CNSA in Belgrade.")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def build_register(store: Store, *, hostile: bool = False) -> None:
    """Ingest the story, then reject the blog's false accession: a register with every kind of row."""
    for day, site, headline, text in STORY + ([HOSTILE] if hostile else []):
        published = datetime.fromisoformat(day).replace(tzinfo=UTC)
        url = f"https://{site}/{day}/{re.sub(r'[^a-z]+', '-', text[:30].lower())}"
        document = articles.from_text(text, url, origin="url", published=published, title=headline, site=site)
        store.ingest([(document, entities.extract(text, title=document.title))], policy="live", run_id=day,
                     now=published)
    honduras = next(i.review_key for i in review.queue(store) if i.entry.name == "Honduras")
    review.judge(store, honduras, "rejected", reviewer="ana", reason="a blog's guess, no official source",
                 run_id="review", now=NOW)


@pytest.fixture
def register_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'ilrs.sqlite3'}"
    store = Store(url)
    store.migrate()
    build_register(store, hostile=True)
    store.close()
    monkeypatch.setenv("ILRS_DATABASE_URL", url)
    yield url


def _render_from_cli(tmp_path: Path) -> tuple[Path, str]:
    html = tmp_path / "report.html"
    assert main(["report", "--html", str(html)]) == 0
    return html, html.read_text(encoding="utf-8")


def test_the_cli_writes_one_self_contained_page(register_db: str, tmp_path: Path) -> None:
    _, text = _render_from_cli(tmp_path)
    assert "<svg" in text and "Joined" in text and "Withdrew or declined" in text and "Missions" in text
    assert "a blog&#39;s guess, no official source" in text  # rejected, with why
    # A value no second source or analyst has confirmed says so in the register too, in the queue's words.
    assert "Awaiting review" in text and 'class="badge">unconfirmed<' in text.split('id="review"')[0]
    # Self-contained: nothing is fetched, no script runs, the hostile quote is text.
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!(wire|space|news|nordic|latam|caspian|nile|sahel|"""
                         r"""evil|blog)\.example)""", text)
    assert "<script" not in text and "&lt;script&gt;" in text


def _chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={profile}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)  # type: ignore[list-item]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's `chromium`)")
def test_the_page_renders_in_headless_chromium(register_db: str, tmp_path: Path) -> None:
    html, _ = _render_from_cli(tmp_path)
    # The DOM after the browser parsed it: the timeline is there with a marker per dated step.
    dumped = _chromium("--enable-logging=stderr", "--v=0", "--dump-dom", html.as_uri(), tmp_path=tmp_path)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert '<svg class="timeline"' in dumped.stdout
    assert len(re.findall(r'<g class="step ', dumped.stdout)) >= 14
    assert _console_lines(dumped.stderr, html.as_uri()) == []  # no error, no message at all: the page runs no script
    # A screenshot: a real PNG of a page that is more than a blank sheet.
    png = tmp_path / "report.png"
    shot = _chromium(f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars", html.as_uri(),
                     tmp_path=tmp_path)
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1280, 2000)


def _console_lines(stderr: str, page_uri: str) -> list[str]:
    """Chromium's log lines from the page's console: its messages, uncaught errors, failed loads."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line and page_uri in line]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's `chromium`)")
def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    """The control: with these flags a page's console errors do reach the log we read."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>console.error('seen'); missing();</script>", encoding="utf-8")
    lines = _console_lines(_chromium("--enable-logging=stderr", "--v=0", "--dump-dom", bad.as_uri(),
                                     tmp_path=tmp_path).stderr, bad.as_uri())
    assert any("seen" in line for line in lines) and any("Uncaught ReferenceError" in line for line in lines)


# --- pipeline/page.py on its own: records in, HTML out -----------------------------------------------------------

def _entry(name: str, value: str, quote: str, url: str = "https://wire.example.org/a") -> RegisterEntry:
    when = datetime(2024, 3, 1, tzinfo=UTC)
    return RegisterEntry(key=f"country:{name[:2].upper()}", entity="partner", name=name, kind="country",
                         value=value, evidence=Evidence(quote, 0, len(quote)), source_url=url, sources=1,
                         first_seen=when, last_seen=when, source_published=when)


def _step(name: str, old: str | None, new: str, day: str | None) -> Step:
    at = datetime.fromisoformat(day).replace(tzinfo=UTC) if day else None
    return Step(f"country:{name[:2].upper()}", name, "partner", "status", old, new, at, "https://wire.example.org/a",
                "wire.example.org", "quote")


def test_one_marker_per_dated_status_change() -> None:
    steps = [_step("Pakistan", None, "interested", "2022-04-20"), _step("Pakistan", "interested", "joined",
             "2023-07-04"), _step("Norway", None, "interested", "2022-09-12"),
             _step("Norway", "interested", "withdrew", "2024-11-05"), _step("Chile", None, "negotiating", None)]
    entries = [_entry(name, value, "q") for name, value in [("Pakistan", "joined"), ("Norway", "withdrew"),
                                                              ("Chile", "negotiating")]]
    html = page.render(entries, steps + [_step("Honduras", None, "joined", "2026-04-02")], [], [], generated_at=NOW)
    svg = html[html.index("<svg"): html.index("</svg>")]
    # The undated step is listed under the plot instead; Honduras, no longer in the register, is not drawn.
    assert svg.count('<g class="step ') == 4 and "Honduras" not in html
    assert [m for m in re.findall(r'data-status="(\w+)"', svg)] == ["interested", "joined", "interested", "withdrew"]
    assert "Not on the timeline" in html and "Chile negotiating" in html
    layout = page.timeline(steps, NOW)
    assert [t.year for t in layout.ticks][0] == 2022 and [lane.name for lane in layout.lanes] == ["Pakistan", "Norway"]
    xs = [m.x for m in layout.markers]
    assert xs[0] < xs[2] < xs[1] < xs[3] <= layout.now_x  # x is the date


def test_everything_from_a_source_is_escaped_and_only_web_links_link() -> None:
    hostile = 'Serbia signed it. <script>alert("x")</script> & <img src=x onerror=alert(1)>'
    entries = [_entry("Serbia", "joined", hostile),
               _entry("Peru", "interested", "Peru wants in.", "javascript:alert(1)")]
    items = [ReviewItem("abcdef0123", entries[0], unconfirmed=True)]
    html = page.render(entries, [_step("Serbia <b>", None, "joined", "2024-03-01")], items, [], generated_at=NOW)
    assert "<script" not in html and "<img" not in html and "Serbia <b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "Serbia &lt;b&gt;" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html  # shown as text, never a link
    assert 'href="https://wire.example.org/a"' in html and "unconfirmed" in html


def test_the_run_artifact_shows_changes_first_then_the_register_by_status(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'ilrs.sqlite3'}")
    store.migrate()
    build_register(store)
    entries = store.register()
    steps = report.history_steps(store.history(), store.changes())
    changes = tuple(c for c in store.changes() if c.name == "Egypt")
    store.close()
    from pipeline.records import RunSummary

    text = report.run_markdown(RunSummary(run_id="r9", kind="monitor", changes=changes), entries, steps)
    headings = re.findall(r"(?m)^#+ (.+?)(?: \(\d+\))?$", text)
    assert headings[:9] == ["ILRS Watch monitor run `r9`", "What changed since the last run", "The register",
                            "Joined", "Negotiating", "Withdrew or declined", "Rejected by an analyst", "Missions",
                            "Histories"]
    assert headings[-1] in {"This run", "Feed health", "Notes"} and "## Changes" not in text
    changed = text.split("## The register")[0]
    assert "**Egypt**: negotiating → joined" in changed and "](https://nile.example.eg/2026-02-10/" in changed
    assert "- **Pakistan**: 2022-04-20 **interested**" in text and "2023-07-04 **joined**" in text
    rows = report.register_artifact_rows(entries)
    assert list(rows[0]) == ["name", "kind", "status/year", "confidence", "first seen", "sources", "evidence", "source"]
