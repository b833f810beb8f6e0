"""`ilrs-watch`: the command line. It builds the settings (the edge) and runs flows or pipeline functions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as dateparser

from pipeline import alerts, articles, entities, report
from pipeline.errors import IlrsWatchError, InputError
from pipeline.monitor import open_store, prepare
from pipeline.records import Document, Extraction, RunSummary
from pipeline.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except IlrsWatchError as exc:
        print(f"ilrs-watch: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ilrs-watch", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    cmd = sub.add_parser("demo", help="baseline, one monitor run, then the register (the README's main job)")
    cmd.add_argument("--feeds", type=Path, help="feed list (YAML or OPML) instead of the default")
    cmd.set_defaults(handler=_demo)

    cmd = sub.add_parser("baseline", help="load seeds/ into the register (idempotent, no alerts)")
    cmd.set_defaults(handler=_baseline)

    cmd = sub.add_parser("run", help="one monitor run: poll, fetch, extract, diff, alert")
    cmd.add_argument("--feeds", type=Path, help="feed list (YAML or OPML) instead of the default")
    cmd.add_argument("--alert-mode", choices=["change", "digest"], help="one alert per change, or one digest")
    cmd.set_defaults(handler=_run)

    cmd = sub.add_parser("backfill", help="re-process URLs, stored documents or a date range of feed entries")
    cmd.add_argument("urls", nargs="*", help="article URLs")
    cmd.add_argument("--url-file", type=Path, help="file with one URL per line")
    cmd.add_argument("--stored", action="store_true", help="re-extract the stored documents")
    cmd.add_argument("--since", type=_date, help="feed entries (or stored documents) published from this date")
    cmd.add_argument("--until", type=_date, help="... up to this date")
    cmd.add_argument("--feeds", type=Path, help="feed list for a date-range backfill")
    cmd.add_argument("--alert", choices=["none", "digest", "live"], default="none")
    cmd.set_defaults(handler=_backfill)

    cmd = sub.add_parser("digest", help="send one digest of the last day's changes")
    cmd.add_argument("--hours", type=int, default=24)
    cmd.set_defaults(handler=_digest)

    cmd = sub.add_parser("state", help="print the register")
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.set_defaults(handler=_state)

    cmd = sub.add_parser("changes", help="list recorded changes")
    cmd.add_argument("--atom", action="store_true", help="write an Atom feed of changes")
    cmd.add_argument("--output", type=Path, help="write here instead of standard output")
    cmd.set_defaults(handler=_changes)

    cmd = sub.add_parser("outbox", help="list deliveries per target (pending, sending, sent, dead); re-arm dead ones")
    cmd.add_argument("--retry", nargs="?", const="", metavar="ALERT_ID", help="re-arm this alert's deliveries")
    cmd.add_argument("--dead", action="store_true", help="only dead deliveries (with --retry: re-arm them all)")
    cmd.add_argument("--status", action="append", choices=["pending", "sending", "sent", "dead"], help="filter")
    cmd.set_defaults(handler=_outbox)

    cmd = sub.add_parser("extract", help="extract partners and missions from files (text or HTML)")
    cmd.add_argument("paths", nargs="+", type=Path)
    cmd.add_argument("--json", action="store_true", help="one JSON object per document and line")
    cmd.set_defaults(handler=_extract)
    return parser


def _date(text: str) -> datetime:
    try:
        value = dateparser.isoparse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _print_summary(summary: RunSummary) -> None:
    print("\n".join(report.summary_lines(summary)))


def _demo(args: argparse.Namespace) -> int:
    _baseline(args)
    _run(argparse.Namespace(feeds=args.feeds, alert_mode=None))
    print()
    return _state(argparse.Namespace(json=False))


def _baseline(args: argparse.Namespace) -> int:
    from flows.baseline import baseline

    _print_summary(baseline())
    return 0


def _run(args: argparse.Namespace) -> int:
    from flows.monitor import monitor

    _print_summary(monitor(feeds_file=str(args.feeds) if args.feeds else None, alert_mode=args.alert_mode))
    return 0


def _backfill(args: argparse.Namespace) -> int:
    from flows.backfill import backfill

    summary = backfill(
        urls=args.urls or None,
        url_file=str(args.url_file) if args.url_file else None,
        stored=args.stored,
        since=args.since,
        until=args.until,
        feeds_file=str(args.feeds) if args.feeds else None,
        alert=args.alert,
    )
    _print_summary(summary)
    return 0


def _digest(args: argparse.Namespace) -> int:
    from flows.digest import daily_digest

    _print_summary(daily_digest(hours=args.hours))
    return 0


def _state(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    prepare(settings)
    with open_store(settings) as store:
        entries = store.register()
    if args.json:
        print(json.dumps(report.register_rows(entries), ensure_ascii=False, indent=2))
    else:
        print(report.register_table(entries))
    return 0


def _changes(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    prepare(settings)
    with open_store(settings) as store:
        changes = store.changes()
    if args.atom:
        output = alerts.atom_feed(changes, feed_id="urn:ilrs-watch:changes")
    else:
        output = "\n".join(alerts.render_change(c).title for c in changes).encode() + b"\n"
    if args.output:
        args.output.write_bytes(output)
    else:
        sys.stdout.buffer.write(output)
    return 0


def _outbox(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    prepare(settings)
    with open_store(settings) as store:
        if args.retry is not None:
            if not args.retry and not args.dead:
                raise InputError("outbox --retry needs an alert id, or --dead to re-arm every dead delivery")
            rearmed = store.rearm(args.retry or None)
            print(f"re-armed {rearmed} deliver{'y' if rearmed == 1 else 'ies'}; the next run sends them")
            return 0 if rearmed or not args.retry else 1
        statuses = ["dead"] if args.dead else args.status
        print(alerts.outbox_table(alerts.outbox_rows(store, statuses)))
    return 0


def _extract(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            document = _read_document(path)
        except InputError as exc:
            print(f"ilrs-watch: {exc}", file=sys.stderr)
            failed += 1
            continue
        extraction = entities.extract(document.text, title=document.title, language=document.language)
        if args.json:
            print(json.dumps(extraction_json(str(path), extraction), ensure_ascii=False))
        else:
            print(_extraction_text(str(path), extraction))
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
