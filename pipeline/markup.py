"""Text made safe: once at the door (control characters out of everything read from feeds and pages), and on
the way out, escaped for each medium (Markdown, terminals, XML); a link is only ever http(s).

A NUL byte is refused by PostgreSQL, an escape code repaints a reader's terminal, and a C0 character makes a
string unfit for XML: none of them carries meaning in a headline or an article, so they never enter.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# C0 except tab and newline, DEL, C1; lone surrogates (a JSON feed may carry "\ud800") and the two
# non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n?")
# What Markdown (CommonMark and Python-Markdown, which apprise uses for HTML targets) reads as syntax inline.
_MARKDOWN = re.compile(r"([\\`*_\[\]#|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
WEB_SCHEMES = frozenset({"http", "https"})
_URL_SAFE = ":/?#[]@!$&*+,;=%~-._"  # kept; spaces, quotes, angle brackets and parentheses are percent-encoded


def clean(text: str) -> str:
    """Text as it may be stored: line ends as "\\n", no control character but tab and newline."""
    return _CONTROL.sub("", _NEWLINES.sub("\n", text)) if text else text


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean(text)


def web_link(url: str | None) -> str | None:
    """The URL when it is a well-formed http(s) address, else None: `javascript:`, `data:`, `seed:` names and
    `http://[::1/x` never become links."""
    if not url or _CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError:
        return None
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else None


def markdown_text(text: str) -> str:
    """Text that Markdown shows as written, on one line: no emphasis, link, table, code or live HTML (tags and
    entities become entities, which Markdown passes through and every HTML renderer shows as text)."""
    flat = " ".join(clean(text).split())
    escaped = "".join(_HTML.get(c, c) for c in flat)
    return _MARKDOWN.sub(r"\\\1", escaped)


def markdown_link(label: str, url: str | None) -> str:
    """`[label](url)` for an http(s) URL (percent-encoded where Markdown would stop reading it); otherwise the
    label and the address as inert text."""
    link = web_link(url)
    if link is None:
        shown = markdown_text(url or "")
        return f"{markdown_text(label)} ({shown})" if shown and shown != markdown_text(label) else markdown_text(label)
    return f"[{markdown_text(label)}]({quote(link, safe=_URL_SAFE)})"


def terminal(text: str) -> str:
    """Text for a terminal: no escape code, carriage return or backspace can repaint what a reader sees."""
    return clean(text)


def xml_text(text: str) -> str:
    """Text that XML 1.0 accepts (feedgen and lxml refuse control characters)."""
    return clean(text)
