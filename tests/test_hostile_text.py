"""Text made safe at the door and on the way out: control characters in every feed and page field never reach
the database (SQLite, PostgreSQL), and markup, `javascript:` links and terminal escape codes in names and titles
stay inert in every output (alert Markdown as an HTML target renders it, digest, Atom, CLI tables, artifacts,
the HTML page)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from apprise.conversion import markdown_to_html
from lxml import etree

from flows import cli, tasks
from pipeline import alerts, articles, markup, page, report
from pipeline import monitor as stages
from pipeline.entities import extract
from pipeline.records import Change, RegisterEntry, RunSummary
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">\x1b[2J\x1b]8;;http://evil\x07'
JS_LINK = "javascript:alert(document.cookie)"
SENTENCE = "Mongolia has signed an agreement to join the International Lunar Research Station, officials said."
FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire\x00</title>'
    "<language>en\x01</language>"
    "<item><title>Mongolia\x00 joins the International Lunar Research Station\x1b[31m</title>"
    "<link>{link}</link><guid>mongolia\x00-1\x7f</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>"
    "<description>Mongolia\x85 signed\x07 an agreement on the International Lunar Research Station.\x0b"
    "</description></item></channel></rss>"
)
PAGE = (
    "<html lang='en'><head><title>Mongolia\x00 joins\x1b[0m the ILRS</title>"
    "<meta property='og:site_name' content='Steppe\x00 Wire\x9b'></head><body><article><h1>Mongolia\x00 joins</h1>"
    "<p>{sentence}</p><p>The ministry\x00 said\x1b[2J Mongolian researchers would take part in designing "
    "instruments for the station's later phases and in training engineers.\x08</p></article></body></html>"
)


def _run(settings: Settings) -> RunSummary:
    with Store(settings.database()) as store:
        stages.prepare(store)
        polls = tasks.poll_feeds.fn(store, settings, stages.load_feed_configs(settings))
        triaged = stages.triage(store, polls)
        processed = [tasks.fetch_and_extract.fn(store, settings, list(triaged.relevant))]
        ingested = [stages.ingest(store, p.pairs, policy="live", run_id="t", done=p.done) for p in processed]
    return stages.summarise("t", "monitor", polls=polls, triaged=triaged, processed=processed, ingested=ingested)


def test_control_characters_in_every_feed_and_page_field_never_reach_the_database(
    db_url: str, server: LocalServer, tmp_path: Path
) -> None:
    server.route(
        "/feed.xml",
        Response(200, FEED.format(link=server.url("/a\x00b")).encode(), {"Content-Type": "application/rss+xml"}),
    )
    page_body = PAGE.format(sentence=SENTENCE).encode()
    server.route("/ab", Response(200, page_body, {"Content-Type": "text/html; charset=utf-8"}))
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n")
    settings = Settings(database_url=db_url, feeds_file=feeds, allow_private_networks=True)  # type: ignore[arg-type]

    summary = _run(settings)
    again = _run(settings)  # the run after stores nothing twice and does not crash either

    assert summary.new_entries == 1 and summary.documents_new == 1 and again.new_entries == 0
    assert [c.name for c in summary.changes] == ["Mongolia"]
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        stored = [
            value
            for table in ("entries", "documents", "findings", "changes", "register")
            for row in conn.execute(sa.text(f"select * from {table}"))  # noqa: S608 -- our own table names
            for value in row
            if isinstance(value, str)
        ]
        title, text = conn.execute(sa.text("select title, text from documents")).one()
    engine.dispose()
    assert stored and not [v for v in stored if CONTROL.search(v)]
    assert "Mongolia joins" in title and "The ministry said[2J Mongolian researchers" in text


def _hostile_change(**overrides: object) -> Change:
    values: dict[str, object] = {
        "change_id": "f" * 32, "change_type": "new_partner", "entity_key": "country:MN", "entity": "partner",
        "name": f"Mongolia{HOSTILE}", "kind": "country", "field": "status", "old_value": None,
        "new_value": "joined", "evidence": extract(SENTENCE).partners[0].evidence, "source_url": JS_LINK,
        "sources": 1, "source_title": f"[click](javascript:alert(3)) {HOSTILE}", "source_site": HOSTILE,
        "source_published": datetime(2026, 11, 30, tzinfo=UTC), "detected_at": datetime(2026, 12, 1, tzinfo=UTC),
        "note": HOSTILE,
    }  # fmt: skip
    values.update(overrides)
    return Change(**values)  # type: ignore[arg-type]


def _assert_inert_html(html: str) -> None:
    """What an HTML-rendering reader gets: no live tag from a source, no script link, no escape code."""
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert "\x1b" not in html and "\x07" not in html


def test_alerts_and_digests_render_markup_links_and_escapes_as_inert_text() -> None:
    hostile = _hostile_change()
    alert = alerts.render_change(hostile)
    digest = alerts.render_digest("digest:t", [hostile, _hostile_change(change_id="e" * 32, unconfirmed=True)])

    for markdown in (alert.title, alert.body, digest.body):
        _assert_inert_html(markdown_to_html(markdown))
    assert "&lt;script&gt;" in alert.body  # shown, as text
    web = alerts.render_change(_hostile_change(source_url='https://news.example/a)<x>"y'))
    assert "](https://news.example/a%29%3Cx%3E%22y)" in web.body  # a real link, that cannot be broken out of


def test_the_atom_feed_keeps_hostile_changes_as_xml_text_without_script_links() -> None:
    atom = alerts.atom_feed([_hostile_change(), _hostile_change(change_id="e" * 32, source_url="https://a.example/")],
                            feed_id="urn:ilrs-watch:test")  # fmt: skip

    root = etree.fromstring(atom)
    hrefs = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert "https://a.example/" in hrefs and not [h for h in hrefs if "javascript" in h]
    assert b"\x1b" not in atom and b"<script" not in atom


def _entry(store_entry: RegisterEntry) -> RegisterEntry:
    return replace(
        store_entry, name=f"Mongolia{HOSTILE}", source_url=JS_LINK, source_title=HOSTILE, source_site=HOSTILE
    )


def test_tables_artifacts_and_the_page_show_hostile_names_as_text(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    document = articles.from_text(f"{SENTENCE} {HOSTILE}", "https://news.example/mn", origin="feed", title=HOSTILE)
    with Store(sqlite_url) as store:
        stages.prepare(store)
        result = store.ingest([(document, extract(document.text))], policy="live", run_id="t", now=datetime.now(UTC))
        entries = [_entry(e) for e in store.register()]
        steps = report.history_steps(store.history(), store.changes())
        rows = alerts.outbox_rows(store)
    assert result.changes and entries
    summary = stages.summarise("t", "monitor", ingested=[result], notes=[HOSTILE])
    changes = [_hostile_change()]
    summary = replace(summary, changes=tuple(changes))

    artifact = report.run_markdown(summary, entries, [replace(s, source_url=JS_LINK, name=HOSTILE) for s in steps])
    _assert_inert_html(markdown_to_html(artifact))
    html = page.render(entries, steps, [], [], generated_at=datetime.now(UTC))
    _assert_inert_html(html)
    assert "&lt;script&gt;alert(1)" in html and f'href="{JS_LINK}' not in html

    for table in (report.register_table(entries), alerts.outbox_table(rows), "\n".join(report.summary_lines(summary))):
        cli._say(table)
    printed = capsys.readouterr().out
    assert "Mongolia" in printed and "\x1b" not in printed and "\x07" not in printed
    assert markup.clean(HOSTILE) == '<script>alert(1)</script><img src=x onerror="alert(2)">[2J]8;;http://evil'


def test_a_json_feed_item_loses_its_control_characters_in_every_field() -> None:
    from pipeline import feeds

    item = {"id": "j\x001", "url": "https://a.example/x\x00y", "title": "Mongolia\x1b[31m joins\x00",
            "summary": "the ILRS\x07\x85", "language": "en\x00", "date_published": "2026-11-30T09:00:00Z"}  # fmt: skip
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]}).encode()

    (entry,) = feeds.parse_json_feed(body, "https://a.example/feed.json")[0]

    assert (entry.entry_id, entry.link, entry.title, entry.summary, entry.language) == (
        "j1", "https://a.example/xy", "Mongolia[31m joins", "the ILRS", "en",
    )  # fmt: skip
