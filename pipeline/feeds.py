"""Feed lists (YAML or OPML), polite polling with conditional GET, feed health, and safe parsing.

We fetch the bytes ourselves (pipeline.http) and hand feedparser a document it cannot blow up.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline import charsets
from pipeline.errors import IlrsWatchError, InputError
from pipeline.http import HttpClient, HttpStatusError, HttpTransientError
from pipeline.links import unwrap_bing
from pipeline.markup import clean, clean_optional, web_link
from pipeline.records import FeedConfig, FeedEntry, FeedPoll, FeedState
from pipeline.redaction import redact_text, redact_url
from pipeline.settings import Settings, url_list

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.8, application/json;q=0.8, */*;q=0.1"
)
# A DOCTYPE with an internal subset is where entity bombs live; feeds have no business declaring entities.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
_DOCTYPE_START = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


# --- feed lists --------------------------------------------------------------------------------------------


def load_feeds(path: Path) -> list[FeedConfig]:
    """Read a feed list: YAML (`feeds: [{url, name, language, tags}]` or a list of URLs) or OPML."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the feed list {path}: {exc.strerror or exc}") from exc
    if path.suffix.lower() in (".opml", ".xml") or raw.lstrip().startswith(b"<"):
        configs = _opml(raw, path)
    else:
        configs = _yaml(raw, path)
    return _distinct(configs, str(path))


def parse_feed_list(text: str, where: str) -> list[FeedConfig]:
    """A feed list given as text (a Prefect Variable, say): YAML as in a file, or one URL per line."""
    return _distinct(_yaml(text.encode(), where), where)


def _distinct(configs: list[FeedConfig], where: str) -> list[FeedConfig]:
    if not configs:
        raise InputError(f"the feed list {where} names no feeds")
    return list({c.url: c for c in configs}.values())


class _NoAliases(yaml.SafeLoader):
    """PyYAML's safe loader, refusing anchors and aliases: a feed list needs neither, and nested aliases are
    how 476 bytes of YAML grow into gigabytes (the "billion laughs" of YAML)."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed in a feed list", event.start_mark
            )
        return super().compose_node(parent, index)


class _FeedItem(BaseModel):
    """One entry of a feed list: exactly these keys, each of its type (strict: `tags: 5` is no list)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    url: str
    name: str | None = None
    language: str | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("url")
    @classmethod
    def _web(cls, value: str) -> str:
        url = value.strip()
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError("is not an http(s) URL")
        if web_link(url) is None:
            raise ValueError("is not a valid URL")
        return url


def _yaml(raw: bytes, path: Path | str) -> list[FeedConfig]:
    try:
        data = yaml.load(raw, Loader=_NoAliases)  # noqa: S506 -- a SafeLoader that also refuses aliases
    except yaml.YAMLError as exc:
        raise InputError(f"the feed list {path} is not valid YAML: {exc}") from exc
    if isinstance(data, dict):
        unknown = sorted(str(k) for k in data if k != "feeds")
        if unknown:
            raise InputError(f"the feed list {path}: unknown key `{unknown[0]}` (a feed list has only `feeds:`)")
    items = data.get("feeds") if isinstance(data, dict) else data
    if isinstance(items, str):  # URLs one per line (or separated by spaces or commas) read as one YAML string
        items = url_list(items)
    if not isinstance(items, list):
        raise InputError(f"the feed list {path} needs a `feeds:` list")
    return [_feed_config(item, path, n) for n, item in enumerate(items, 1)]


def _feed_config(item: Any, path: Path | str, n: int) -> FeedConfig:
    """One entry checked against the schema; a problem is one line naming the file, the entry and the key."""
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        raise InputError(f"the feed list {path}: entry {n} needs a `url` (got {type(item).__name__})")
    if "url" not in item:
        raise InputError(f"the feed list {path}: entry {n} needs a `url`")
    try:
        checked = _FeedItem.model_validate(item)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        key = ".".join(str(part) for part in error["loc"]) or "entry"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key (known: url, name, language, tags)"
        shown = redact_url(str(error.get("input")))[:80] if key == "url" else repr(error.get("input"))[:80]
        raise InputError(f"the feed list {path}: entry {n}, key `{key}`: {message} (got {shown})") from None
    return FeedConfig(
        url=checked.url,
        name=clean_optional(checked.name),
        language=clean_optional(checked.language),
        tags=tuple(clean(t) for t in checked.tags),
    )


def _opml(raw: bytes, path: Path) -> list[FeedConfig]:
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise InputError(f"the OPML file {path} declares a DTD or entities, which we refuse to expand")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InputError(f"the OPML file {path} is not well-formed XML: {exc}") from exc
    configs = []
    for n, outline in enumerate(root.iter("outline"), 1):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            name = outline.get("title") or outline.get("text")
            item = {"url": url, "name": name, "language": outline.get("language")}
            configs.append(_feed_config({k: v for k, v in item.items() if v is not None}, path, n))
    return configs


# --- parsing -----------------------------------------------------------------------------------------------


def defuse(body: bytes) -> bytes:
    """Drop a DOCTYPE and its internal subset so no entity can expand (billion laughs, quadratic blowup)."""
    found = _DOCTYPE_START.search(body)  # anywhere: a long comment must not hide it
    if found is None:
        return body
    # Anchored: one linear scan (`sub` retried the lazy `.*?` from every later "<!DOCTYPE": quadratic).
    match = _DOCTYPE.match(body, found.start())
    if match is None:  # a DOCTYPE that never ends: nothing after it is a feed
        return body[: found.start()]
    return body[: found.start()] + body[match.end() :]


def parse_feed(body: bytes, feed_url: str, content_type: str | None = None) -> tuple[list[FeedEntry], bool]:
    """Entries of a feed document, and whether it was malformed (what could be read is still returned)."""
    entries, bozo, _, _ = read_feed(body, feed_url, content_type)
    return entries, bozo


class EntryRefused(IlrsWatchError):
    """One entry we cannot take (a link that is no http(s) URL): that entry is reported, its feed goes on."""


def read_feed(
    body: bytes, feed_url: str, content_type: str | None = None
) -> tuple[list[FeedEntry], bool, str | None, tuple[str, ...]]:
    """`parse_feed`, how a wrong declared charset was repaired ("declared utf-8, read as cp1251"), if it was,
    and the entries refused, each with why.

    A wrong declaration is undone before feedparser sees the bytes: its own fallback (windows-1252) turns
    Cyrillic or Chinese titles into mojibake that neither triage nor the extractor can read."""
    if is_json_feed(body, content_type):
        entries, bozo, refused = _read_json_feed(body, feed_url)
        return entries, bozo, None, refused
    decoded = charsets.feed_bytes(defuse(body), content_type)
    if decoded.repaired:
        content_type = f"{(content_type or 'application/xml').split(';')[0].strip()}; charset=utf-8"
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(decoded.body, response_headers=headers, sanitize_html=False)
    language = parsed.feed.get("language")
    entries, refused = _each(parsed.entries, lambda e: _entry(e, feed_url, language))
    return list({e.entry_id: e for e in entries}.values()), bool(parsed.bozo), decoded.repaired, refused


def _each(items: Sequence[Any], build: Callable[[Any], FeedEntry]) -> tuple[list[FeedEntry], tuple[str, ...]]:
    """Every entry built on its own: one that cannot be read is refused with its reason, the rest stand."""
    entries, refused = [], []
    for n, item in enumerate(items, 1):
        try:
            entries.append(build(item))
        except EntryRefused as exc:
            refused.append(f"entry {n}: {exc}")
        except Exception as exc:  # a fault on one entry must not cost the feed its other entries
            refused.append(f"entry {n}: unreadable ({type(exc).__name__})")
    return entries, tuple(refused)


def _link(value: str) -> str | None:
    """An entry's link, checked: a link that names a scheme but is no well-formed http(s) URL (`http://[::1/x`,
    `javascript:`) refuses the entry; one with no scheme at all (a guid taken for a permalink) is no link."""
    link = clean(value).strip()
    if web_link(link) is not None:
        return unwrap_bing(link)
    if _SCHEME.match(link):
        raise EntryRefused(f"its link is not an http(s) URL: {redact_url(link)[:200]}")
    return None


def _entry(item: Any, feed_url: str, language: str | None) -> FeedEntry:
    title = _text(item.get("title", ""))
    summary = _text(item.get("summary", "") or item.get("description", ""))
    link = _link(str(item["link"])) if item.get("link") else None
    digest = hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:32]
    entry_id = clean(str(item.get("id") or "")) or link or digest
    stamp = item.get("published_parsed") or item.get("updated_parsed")
    published = datetime(*stamp[:6]).replace(tzinfo=UTC) if stamp else None
    return FeedEntry(
        feed_url=feed_url,
        entry_id=str(entry_id),
        link=link,
        title=title,
        summary=summary,
        published=published,
        language=clean_optional(item.get("language") or language),
    )


def _text(html: str) -> str:
    """A feed's text field as plain text, cleaned of control characters (the door: see pipeline.markup)."""
    html = clean(html)
    if "<" not in html:
        return html.strip()
    try:
        return " ".join(lxml.html.fromstring(html).text_content().split())
    except (ValueError, lxml.etree.ParserError):
        return html.strip()


# --- JSON Feed ---------------------------------------------------------------------------------------------


def is_json_feed(body: bytes, content_type: str | None) -> bool:
    """A JSON object served as JSON (application/feed+json, application/json), or one naming its jsonfeed.org
    version whatever the server called it. XML mislabelled as JSON still goes to feedparser."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    media = (content_type or "").split(";")[0].strip().lower()
    return media in ("application/feed+json", "application/json") or b"jsonfeed.org/version/" in head


def parse_json_feed(body: bytes, feed_url: str) -> tuple[list[FeedEntry], bool]:
    """Entries of a JSON Feed (https://www.jsonfeed.org/version/1.1/, 1.0 too), and whether it was malformed."""
    entries, bozo, _ = _read_json_feed(body, feed_url)
    return entries, bozo


def _read_json_feed(body: bytes, feed_url: str) -> tuple[list[FeedEntry], bool, tuple[str, ...]]:
    try:
        data = json.loads(body.decode("utf-8-sig"))  # the format is UTF-8 by definition
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nesting past what we follow
        return [], True, ()
    version = data.get("version") if isinstance(data, dict) else None
    items = data.get("items") if isinstance(data, dict) else None
    if not (isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")) or not isinstance(
        items, list
    ):
        return [], True, ()
    language = data.get("language") if isinstance(data.get("language"), str) else None
    objects = [item for item in items if isinstance(item, dict)]
    entries, refused = _each(objects, lambda item: _json_entry(item, feed_url, language))
    bozo = len(objects) != len(items)
    return list({e.entry_id: e for e in entries}.values()), bozo, refused


def _json_entry(item: dict[str, Any], feed_url: str, language: str | None) -> FeedEntry:
    title = _text(_string(item.get("title")))
    summary = _text(
        _string(item.get("summary")) or _string(item.get("content_text")) or _string(item.get("content_html"))
    )
    candidates = (clean(_string(item.get("url"))), clean(_string(item.get("external_url"))))
    link = next((_link(u) for u in candidates if u.startswith(("http://", "https://"))), None)
    entry_id = clean(_string(item.get("id"))) or link or hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:32]
    return FeedEntry(
        feed_url=feed_url,
        entry_id=entry_id,
        link=link,
        title=title,
        summary=summary,
        published=_rfc3339(_string(item.get("date_published")) or _string(item.get("date_modified"))),
        language=clean(_string(item.get("language"))) or clean_optional(language),
    )


def _string(value: object) -> str:
    """A JSON value as text: ids may be numbers; anything else that is not a string counts as absent."""
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _rfc3339(value: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


# --- polling -----------------------------------------------------------------------------------------------


async def poll_feeds(
    client: HttpClient,
    configs: Sequence[FeedConfig],
    states: Mapping[str, FeedState],
    settings: Settings,
    now: datetime,
) -> list[FeedPoll]:
    """Poll every feed concurrently (the client bounds concurrency); one bad feed never affects another."""
    return list(await asyncio.gather(*(_guarded(client, c, states.get(c.url), settings, now) for c in configs)))


async def _guarded(
    client: HttpClient, config: FeedConfig, state: FeedState | None, settings: Settings, now: datetime
) -> FeedPoll:
    try:
        return await poll_feed(client, config, state, settings, now)
    except Exception as exc:  # a bug must not take the other feeds down with it; it is reported per feed
        state = state or FeedState(url=config.url, current_url=config.url)
        return _failed(state, settings, now, f"unexpected {type(exc).__name__}")


async def poll_feed(
    client: HttpClient, config: FeedConfig, state: FeedState | None, settings: Settings, now: datetime
) -> FeedPoll:
    state = state or FeedState(url=config.url, current_url=config.url)
    if state.disabled:
        return FeedPoll(state, "disabled", error=state.last_error)
    if state.not_before and now < state.not_before:
        return FeedPoll(state, "skipped")
    try:
        result = await client.get(
            state.current_url,
            etag=state.etag,
            last_modified=state.last_modified,
            max_bytes=settings.max_feed_bytes,
            accept=FEED_ACCEPT,
        )
    except HttpStatusError as exc:
        return _failed(state, settings, now, str(exc), status=exc.status, disable=exc.status == 410)
    except HttpTransientError as exc:
        return _failed(state, settings, now, str(exc), status=exc.status, retry_after=exc.retry_after)
    except IlrsWatchError as exc:  # too large, unsafe address, too many redirects
        return _failed(state, settings, now, str(exc))
    healthy = replace(
        state,
        current_url=result.permanent_url or state.current_url,
        failures=0,
        not_before=None,
        last_status=result.status,
        last_error=None,
        last_polled=now,
        last_success=now,
    )
    if result.status == 304:
        return FeedPoll(healthy, "not_modified")
    # Parsed on the loop's thread: in a worker thread the CPU work would make every network event wait for the
    # GIL (the convoy effect); bodies are capped, and entity declarations are gone, so parsing is short.
    entries, bozo, repaired, refused = read_feed(result.body, config.url, result.headers.get("content-type"))
    if bozo and not entries:  # not a success: keep counting consecutive failures
        unreadable = replace(state, current_url=healthy.current_url)
        return _failed(
            unreadable, settings, now, f"{redact_url(result.url)}: not a readable feed", status=result.status
        )
    fresh = replace(healthy, etag=result.headers.get("etag"), last_modified=result.headers.get("last-modified"))
    if refused:  # the feed is read; `ilrs-watch feeds` shows which of its entries were not
        fresh = replace(fresh, last_error=redact_text(f"{len(refused)} entry(ies) refused: {'; '.join(refused)}")[:500])
    language = config.language
    if language:
        entries = [e if e.language else replace(e, language=language) for e in entries]
    return FeedPoll(fresh, "ok", tuple(entries), bozo=bozo, repaired=repaired, refused=refused)


def _failed(
    state: FeedState,
    settings: Settings,
    now: datetime,
    error: str,
    *,
    status: int | None = None,
    retry_after: float | None = None,
    disable: bool = False,
) -> FeedPoll:
    failures = state.failures + 1
    error = redact_text(error)  # the feed's URL may hold credentials; the error is stored and shown
    # With jitter, so failing feeds are not hammered nor polled in lock-step.
    retry_after = settings.backoff(jitter=0.2).delay(failures, retry_after)
    disabled = disable or failures >= settings.disable_after_failures
    new = replace(
        state,
        failures=failures,
        disabled=disabled,
        not_before=now + timedelta(seconds=retry_after),
        last_status=status,
        last_error=error[:500],
        last_polled=now,
    )
    return FeedPoll(new, "failed", error=error[:500])


def feed_health(polls: Sequence[FeedPoll]) -> dict[str, int]:
    """How many feeds ended each way: for run summaries."""
    return dict(Counter(p.outcome for p in polls))
