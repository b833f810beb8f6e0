"""`ilrs-watch`: the command line. It builds the settings (the edge) and runs flows or pipeline functions."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pipeline import alerts, articles, checks, entities, feed_health, markup, page, report, review
from pipeline.errors import DatabaseUnavailable, IlrsWatchError, InputError
from pipeline.monitor import feed_list_source, load_feed_configs, new_run_id, prepare, utcnow
from pipeline.records import Change, Document, Extraction, FeedState, RunSummary, Verdict
from pipeline.redaction import redact_text, redact_url
from pipeline.settings import Settings
from pipeline.store import Store

if TYPE_CHECKING:  # Prefect is imported only by the commands that run flows
    from prefect.client.schemas.objects import State

# Prefect waits 20 s for its ephemeral server by default: too short for a fresh PREFECT_HOME on a busy small
# machine. Set before any flow module imports Prefect (it reads settings then); a user's own value wins.
STARTUP_TIMEOUT = ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def _say(*parts: object, file: TextIO | None = None) -> None:
    """print, with every escape code, carriage return or backspace a name or title may carry removed: what a
    source wrote never repaints the reader's terminal."""
    print(*(markup.terminal(str(p)) for p in parts), file=file or sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault(*STARTUP_TIMEOUT)
    try:
        check_input(args)
        handled: int = args.handler(args)
        return handled
    except DatabaseUnavailable as exc:  # the run started and failed: not the user's input
        _say(f"ilrs-watch: run failed: {redact_text(' '.join(str(exc).split()))}", file=sys.stderr)
        return EXIT_FAILED
    except IlrsWatchError as exc:
        message = redact_text(" ".join(str(exc).split()))  # one line, whatever the cause; no credential in it
        _say(f"ilrs-watch: error: {message}", file=sys.stderr)
        return 2


def check_input(args: argparse.Namespace) -> None:
    """Input checked at the door, before any flow (and so Prefect) starts: settings, the feed list, the
    database, output files, dates. Commands that touch no database set `database=None`."""
    database = getattr(args, "database", "existing")
    if database is None:
        return
    settings = Settings.from_env(feeds_file=getattr(args, "feeds", None), alert_mode=getattr(args, "alert_mode", None))
    for bound in ("since", "until"):
        checks.date_bound(getattr(args, bound, None), name=f"--{bound}")
    if getattr(args, "needs_feeds", False) or getattr(args, "feeds", None) or _date_range_backfill(args):
        checks.check_feeds(settings)
    if getattr(args, "url_file", None):
        checks.check_readable(args.url_file, "the URL list")
    if getattr(args, "output", None):
        checks.check_output(args.output)
    checks.check_database(settings, create=database == "create" or getattr(args, "create_db", False))


def _date_range_backfill(args: argparse.Namespace) -> bool:
    """A backfill by dates alone reads the feeds; with URLs or `--stored` the dates only narrow those."""
    ranged = getattr(args, "since", None) or getattr(args, "until", None)
    return bool(ranged) and not (args.urls or args.url_file or args.stored)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ilrs-watch", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    # A missing SQLite file is created by `baseline` and `demo` only, or when asked for.
    create_db = argparse.ArgumentParser(add_help=False)
    create_db.add_argument("--create-db", action="store_true", help="create the SQLite database if missing")

    cmd = sub.add_parser("demo", help="baseline, one monitor run, then the register (the README's main job)")
    cmd.add_argument("--feeds", type=Path, help="feed list (YAML or OPML) instead of the default")
    cmd.set_defaults(handler=_demo, database="create", needs_feeds=True)

    cmd = sub.add_parser("baseline", help="load seeds/ into the register (idempotent, no alerts)")
    cmd.set_defaults(handler=_baseline, database="create")

    cmd = sub.add_parser("run", parents=[create_db], help="one monitor run: poll, fetch, extract, diff, alert")
    cmd.add_argument("--feeds", type=Path, help="feed list (YAML or OPML) instead of the default")
    cmd.add_argument("--alert-mode", choices=["change", "digest"], help="one alert per change, or one digest")
    cmd.set_defaults(handler=_run, needs_feeds=True)

    cmd = sub.add_parser(
        "backfill", parents=[create_db], help="re-process URLs, stored documents or a date range of feed entries"
    )
    cmd.add_argument("urls", nargs="*", help="article URLs")
    cmd.add_argument("--url-file", type=Path, help="file with one URL per line")
    cmd.add_argument("--stored", action="store_true", help="re-extract the stored documents")
    cmd.add_argument("--since", help="entries (or stored documents) published from this date (UTC), e.g. 2025-11-01")
    cmd.add_argument("--until", help="... up to this date, inclusive (a plain date means the end of that day)")
    cmd.add_argument("--feeds", type=Path, help="feed list for a date-range backfill")
    cmd.add_argument("--alert", choices=["none", "digest", "live"], default="none")
    cmd.set_defaults(handler=_backfill)

    cmd = sub.add_parser("feeds", help="feed health: state, last success, failures, next attempt, last error")
    cmd.add_argument("--feeds", type=Path, help="feed list (YAML or OPML) instead of the default")
    cmd.add_argument("--enable", metavar="URL", help="switch a disabled feed back on (as listed, or in full)")
    cmd.add_argument("--wide", action="store_true", help="every column and whole URLs (wider than 80 columns)")
    cmd.set_defaults(handler=_feeds)

    cmd = sub.add_parser("digest", parents=[create_db], help="send one digest of the last day's changes")
    cmd.add_argument("--hours", type=int, default=24)
    cmd.set_defaults(handler=_digest)

    cmd = sub.add_parser("state", help="print the register")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.set_defaults(handler=_state)

    cmd = sub.add_parser("changes", help="list recorded changes")
    cmd.add_argument("--atom", action="store_true", help="write an Atom feed of changes")
    cmd.add_argument("--output", type=Path, help="write here instead of standard output")
    cmd.set_defaults(handler=_changes)

    cmd = sub.add_parser("review", help="what awaits review; confirm or reject a finding")
    cmd.add_argument("action", nargs="?", choices=["list", "confirm", "reject"], default="list")
    cmd.add_argument("key", nargs="?", help="the review key `ilrs-watch review` shows")
    cmd.add_argument("--why", help="the reason for a rejection (required), or a note on a confirmation")
    cmd.add_argument("--by", help="who gives the verdict (default: your login name)")
    cmd.add_argument("--json", action="store_true", help="machine-readable list")
    cmd.set_defaults(handler=_review)

    cmd = sub.add_parser("report", help="write the register as one self-contained HTML page")
    cmd.add_argument("--html", type=Path, required=True, metavar="FILE", help="the page to write")
    cmd.set_defaults(handler=_report)

    cmd = sub.add_parser("outbox", help="list deliveries per target (pending, sending, sent, dead); re-arm dead ones")
    cmd.add_argument("--retry", nargs="?", const="", metavar="ALERT_ID", help="re-arm this alert's deliveries")
    cmd.add_argument("--dead", action="store_true", help="only dead deliveries (with --retry: re-arm them all)")
    cmd.add_argument("--status", action="append", choices=["pending", "sending", "sent", "dead"], help="filter")
    cmd.set_defaults(handler=_outbox)

    cmd = sub.add_parser("extract", help="extract partners and missions from files (text or HTML)")
    cmd.add_argument("paths", nargs="+", type=Path)
    cmd.add_argument("--json", action="store_true", help="one JSON object per document and line")
    cmd.set_defaults(handler=_extract, database=None)
    return parser


def _print_summary(summary: RunSummary) -> None:
    _say("\n".join(report.summary_lines(summary)))


EXIT_PROBLEMS = 3  # the run finished, but feeds failed, alerts wait undelivered, or pages failed
EXIT_FAILED = 4  # the run could not finish: the database stopped answering


def _finished(outcome: RunSummary | State[RunSummary]) -> int:
    """Print the summary; exit 3 with the reasons on one line when the run had problems."""
    # A flow called from Python hands back its result, even when it ended in a named Completed state.
    summary = outcome if isinstance(outcome, RunSummary) else outcome.result()
    assert isinstance(summary, RunSummary)
    _print_summary(summary)
    problems = report.problems(summary)
    if problems:
        _say(f"ilrs-watch: {summary.kind} completed with problems: {'; '.join(problems)}", file=sys.stderr)
        return EXIT_PROBLEMS
    return 0


def _progress_bars() -> None:
    from flows.common import show_progress_bars

    show_progress_bars(sys.stdout.isatty())


def _demo(args: argparse.Namespace) -> int:
    """A showcase that must work on a fresh, offline machine: its problems are printed, never its exit code."""
    _baseline(args)
    if _run(argparse.Namespace(feeds=args.feeds, alert_mode=None)) == EXIT_PROBLEMS:
        _say("ilrs-watch: (demo) the run above had problems; `ilrs-watch run` exits 3 in that case", file=sys.stderr)
    _say()
    return _state(argparse.Namespace(json=False))


def _baseline(args: argparse.Namespace) -> int:
    from flows.baseline import baseline

    _progress_bars()
    return _finished(baseline())


def _run(args: argparse.Namespace) -> int:
    from flows.monitor import monitor

    _progress_bars()
    return _finished(monitor(feeds_file=str(args.feeds) if args.feeds else None, alert_mode=args.alert_mode))


def _backfill(args: argparse.Namespace) -> int:
    # Parsed here too, so a mistyped date is one line before Prefect starts.
    since = checks.date_bound(args.since, name="--since")
    until = checks.date_bound(args.until, end_of_day=True, name="--until")
    from flows.backfill import backfill

    _progress_bars()
    summary = backfill(
        urls=args.urls or None,
        url_file=str(args.url_file) if args.url_file else None,
        stored=args.stored,
        since=since,
        until=until,
        feeds_file=str(args.feeds) if args.feeds else None,
        alert=args.alert,
    )
    return _finished(summary)


def _digest(args: argparse.Namespace) -> int:
    from flows.digest import daily_digest

    return _finished(daily_digest(hours=args.hours))


def _feeds(args: argparse.Namespace) -> int:
    settings = Settings.from_env(feeds_file=args.feeds)
    with _store(settings) as store:
        states = store.feed_states()
        if args.enable:
            url = _feed_url(args.enable, states)
            store.enable_feed(url)
            _say(f"enabled {redact_url(url)}: polled on the next run")
            return 0
    # The list the next run reads: a Variable in Prefect wins over the file, as it does for the run.
    kept = _prefect_feed_list() if args.feeds is None else {}
    settings = Settings.from_env(given=kept, feeds_file=args.feeds)
    configured = load_feed_configs(settings)
    rows = feed_health.rows(configured, states, utcnow())
    source = feed_list_source(settings, from_prefect=bool(kept))
    if not kept and args.feeds is None and not os.environ.get("PREFECT_API_URL"):
        source += "\n(no Prefect server set in PREFECT_API_URL: the Variable ilrs-feeds is not read)"
    _say(f"Feed list: {source}\n")
    _say(feed_health.table(rows) if args.wide else feed_health.narrow(rows))
    return 0


def _prefect_feed_list() -> dict[str, object]:
    """The Prefect Variable `ilrs-feeds`, read as the run reads it, when a Prefect server is configured (starting
    a temporary one only to look would take longer than the answer is worth)."""
    if not os.environ.get("PREFECT_API_URL"):
        return {}
    from flows.common import prefect_feed_list

    return prefect_feed_list()


def _store(settings: Settings) -> Store:
    """The register for one command, its schema brought up to date; the command closes it (`with`)."""
    store = Store(settings.database())
    try:
        prepare(store)
    except BaseException:
        store.close()
        raise
    return store


def _feed_url(given: str, states: dict[str, FeedState]) -> str:
    """The stored feed a user means: its URL in full, or as `feeds` lists it (redacted)."""
    if given in states:
        return given
    matches = [url for url in states if redact_url(url) == given]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InputError(f"{given} names {len(matches)} feeds: give the feed's URL in full")
    raise InputError(f"no polled feed has the URL {redact_url(given)} (see `ilrs-watch feeds`)")


def _state(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with _store(settings) as store:
        entries, verdicts = store.register(), store.reviews()
    if args.json:
        _say(json.dumps(report.register_rows(entries), ensure_ascii=False, indent=2))
    else:
        _say(report.register_table(entries))
        if rejected := report.rejected_table(verdicts):
            _say("\n" + rejected)
    return 0


def _review(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with _store(settings) as store:
        if args.action == "list":
            items = review.queue(store)
            _say(
                json.dumps(report.review_rows(items), ensure_ascii=False, indent=2)
                if args.json
                else report.review_table(items)
            )
            return 0
        if not args.key:
            raise InputError(f"`review {args.action}` needs the review key that `ilrs-watch review` shows")
        verdict: Verdict = "confirmed" if args.action == "confirm" else "rejected"
        done = review.judge(
            store,
            args.key,
            verdict,
            reviewer=args.by or getpass.getuser(),
            reason=args.why,
            run_id=new_run_id(),
            now=utcnow(),
        )
    _say(report.verdict_line(done))
    return 0


def _report(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with _store(settings) as store:
        entries, verdicts, waiting = store.register(), store.reviews(), review.queue(store)
        steps = report.history_steps(store.history(), store.changes())
    html = page.render(entries, steps, waiting, verdicts, generated_at=utcnow())
    try:
        args.html.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {args.html}: {exc.strerror or exc}") from exc
    _say(f"wrote {args.html} ({len(entries)} entries, {len(waiting)} awaiting review)")
    return 0


def _changes(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with _store(settings) as store:
        changes = store.changes()
    if args.atom:
        output = alerts.atom_feed(changes, feed_id="urn:ilrs-watch:changes")
    else:
        output = markup.terminal("\n".join(_change_line(c) for c in changes)).encode() + b"\n"
    if args.output:
        args.output.write_bytes(output)
    else:
        sys.stdout.buffer.write(output)
    return 0


def _change_line(change: Change) -> str:
    """When it was recorded, the alert's title (retracted and unconfirmed say so there) and its confidence."""
    day = change.detected_at.date().isoformat() if change.detected_at else "undated"
    return f"{day}  {alerts.headline(change)}  [confidence {change.confidence}]"


def _outbox(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with _store(settings) as store:
        if args.retry is not None:
            if not args.retry and not args.dead:
                raise InputError("outbox --retry needs an alert id, or --dead to re-arm every dead delivery")
            rearmed = store.rearm(args.retry or None)
            _say(f"re-armed {rearmed} deliver{'y' if rearmed == 1 else 'ies'}; the next run sends them")
            return 0 if rearmed or not args.retry else 1
        statuses = ["dead"] if args.dead else args.status
        _say(alerts.outbox_table(alerts.outbox_rows(store, statuses)))
    return 0


def _extract(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            document = _read_document(path)
        except InputError as exc:
            _say(f"ilrs-watch: {exc}", file=sys.stderr)
            failed += 1
            continue
        extraction = entities.extract(document.text, title=document.title, language=document.language)
        if args.json:
            _say(json.dumps(extraction_json(str(path), extraction), ensure_ascii=False))
        else:
            _say(_extraction_text(str(path), extraction))
    return 1 if failed else 0


def _read_document(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if path.suffix.lower() in {".html", ".htm", ".xhtml"}:
        return articles.from_html(data, path.resolve().as_uri(), origin="url")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {path}: not UTF-8 text (byte {exc.start})") from exc
    return articles.from_text(text, path.resolve().as_uri(), origin="url")


def extraction_json(source: str, extraction: Extraction) -> dict[str, object]:
    return {
        "source": source,
        "relevant": extraction.relevant,
        "language": extraction.language,
        "partners": [
            {
                "name": p.name,
                "kind": p.kind,
                "status": p.status,
                "key": p.key,
                "country": p.country,
                "signatory": p.signatory,
                "assertion": p.assertion,
                "confidence": p.confidence,
                "evidence": p.evidence.quote,
                "start": p.evidence.start,
                "end": p.evidence.end,
            }
            for p in extraction.partners
        ],
        "missions": [
            {
                "name": m.name,
                "year": m.year,
                "site": m.site,
                "confidence": m.confidence,
                "evidence": m.evidence.quote,
                "start": m.evidence.start,
                "end": m.evidence.end,
            }
            for m in extraction.missions
        ],
    }


def _extraction_text(source: str, extraction: Extraction) -> str:
    lines = [f"{source}: {'relevant' if extraction.relevant else 'not about the ILRS'} ({extraction.language})"]
    lines += [f"  partner  {p.name} ({p.kind}): {p.status} — “{p.evidence.quote}”" for p in extraction.partners]
    lines += [f"  mission  {m.name} {m.year or ''}: “{m.evidence.quote}”" for m in extraction.missions]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
