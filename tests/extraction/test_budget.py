"""A document's extraction has a time budget: past it the document is too complex, and nothing hangs. One long
sentence checks its budget as it goes (it never runs on unchecked), the monitor records such a page as too
complex and the pages beside it are read. Time against size is `bench/extraction.py --scale` (linear; figures in
bench/README.md)."""

from __future__ import annotations

import time
from itertools import count
from pathlib import Path

import pytest

from pipeline import articles, entities
from pipeline import monitor as stages
from pipeline.entities import extract
from pipeline.entities.budget import Budget
from pipeline.errors import TooComplexError
from pipeline.settings import Settings
from tests.localserver import LocalServer, Response
from tests.test_hostile_text import _run


class Ticking:
    """A clock that moves a second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


NAMES = ("Peru", "Chile", "Kenya", "Ghana", "Nepal", "Bolivia", "Laos", "Cuba", "Mali", "Makerere University")


def listing(size: int) -> str:
    """One sentence of our own that lists names until it is `size` characters long."""
    names = [NAMES[i % len(NAMES)] for i in range(size // 8)]
    return f"Countries that signed the ILRS agreement include {', '.join(names)} and Oman."


def test_a_document_past_its_budget_is_too_complex() -> None:
    text = "\n".join(f"Country number {n} signed the ILRS memorandum on Monday." for n in range(10))
    with pytest.raises(TooComplexError, match="budget of 3 s"):
        entities.extract(text, budget=Budget(3, clock=Ticking()))


def test_a_document_within_its_budget_is_read_whole() -> None:
    found = entities.extract("Nepal signed the ILRS memorandum on 3 May.", budget=Budget(1000, clock=Ticking()))
    assert [p.key for p in found.partners] == ["country:NP"]


def test_one_long_sentence_is_checked_against_its_budget_inside_it_not_only_after_it() -> None:
    ticks = count()
    budget = Budget(6, clock=lambda: float(next(ticks)))  # an injected clock: one tick per check
    with pytest.raises(TooComplexError, match="longer than its budget of 6 s"):
        extract(listing(1 << 14), budget=budget)  # one sentence: 6 checks are spent inside it


def test_a_mebibyte_sentence_of_names_stops_near_its_budget() -> None:
    text = listing(1 << 20)
    assert len(text) > 1 << 20
    # Read in full it takes minutes on this machine (bench/README.md); a budget stops it after at most one
    # linear step of the engine. A generous bound, derived from the budget, never a tight wall-clock figure.
    started = time.monotonic()
    with pytest.raises(TooComplexError):
        extract(text, budget=Budget(1.0))
    assert time.monotonic() - started < 1.0 + 60


def test_a_page_past_its_extraction_budget_is_recorded_as_too_complex_and_the_others_are_read(
    sqlite_url: str, server: LocalServer, tmp_path: Path
) -> None:
    story = "Mongolia has signed an agreement to join the International Lunar Research Station."
    pages = {"/slow": f"<p>{story}</p><p>{listing(1 << 20)}</p>", "/fine": f"<p>{story}</p>"}
    items = ""
    for path, body in pages.items():
        html = f"<html lang='en'><head><title>{path}</title></head><body><article>{body}</article></body></html>"
        server.route(path, Response(200, html.encode(), {"Content-Type": "text/html"}))
        items += (f"<item><title>Mongolia joins the International Lunar Research Station</title>"
                  f"<link>{server.url(path)}</link><guid>{path}</guid></item>")  # fmt: skip
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    server.route("/feed.xml", Response(200, feed.encode(), {"Content-Type": "application/rss+xml"}))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n")
    settings = Settings(database_url=sqlite_url, feeds_file=feeds, allow_private_networks=True,  # type: ignore[arg-type]
                        extraction_budget_seconds=1.0, max_page_bytes=8 << 20)  # fmt: skip

    summary = _run(settings)

    assert [c.name for c in summary.changes] == ["Mongolia"] and summary.documents_new == 1
    (problem,) = summary.article_problems
    assert problem.url == articles.canonical_url(server.url("/slow")) and problem.outcome == "failed"
    assert problem.error.startswith("too complex: extraction took longer than its budget of 1 s")
    assert stages.pending_alerts  # the run went on to the end
