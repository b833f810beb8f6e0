"""Bytes whose declared charset is wrong: detect that, and hand the parser UTF-8 it can trust.

Servers declare UTF-8 for pages and feeds saved in cp1251, latin-1 or GB18030. Given such bytes, feedparser
falls back to windows-1252 and returns mojibake (Cyrillic titles become "Ðîññèÿ"), and a parser told the
right charset loses nothing; so we check the declaration before parsing and let charset-normalizer name
the real one when the declaration does not decode.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_XML_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?\bencoding\s*=\s*[\"'])([A-Za-z0-9._:-]+)([\"'])", re.I)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_HEAD_BYTES = 4096


@dataclass(frozen=True)
class Decoded:
    body: bytes  # what to parse: the original bytes, or UTF-8 when the declaration was wrong
    declared: str | None  # the charset the server or document claimed
    actual: str | None  # the charset we read it as, when it was not the declared one

    @property
    def repaired(self) -> str | None:
        """ "declared utf-8, read as cp1251" when the declaration was wrong, else None."""
        if self.actual is None:
            return None
        return f"declared {self.declared or 'nothing'}, read as {self.actual}"


def header_charset(content_type: str | None) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.I)
    return found.group(1).lower() if found else None


def xml_charset(body: bytes) -> str | None:
    found = _XML_DECLARATION.match(body[:_HEAD_BYTES])
    return found.group(2).decode("ascii").lower() if found else None


def html_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:_HEAD_BYTES])
    return found.group(1).decode("ascii", "replace").lower() if found else None


def feed_bytes(body: bytes, content_type: str | None) -> Decoded:
    """A feed's bytes ready for feedparser. The HTTP header wins over the XML declaration (RFC 7303), and
    XML without either is UTF-8 (or UTF-16 with a BOM)."""
    declared = header_charset(content_type) or xml_charset(body) or "utf-8"
    text, actual = _repair(body, declared)
    if text is None:
        return Decoded(body, declared, None)
    utf8 = text.encode("utf-8")
    utf8 = _XML_DECLARATION.sub(rb"\g<1>utf-8\g<3>", utf8, count=1)
    return Decoded(utf8, declared, actual)


def page_bytes(body: bytes) -> Decoded:
    """A page's bytes ready for trafilatura. Only a declaration in the page is checked: without one,
    trafilatura's own detection is as good as ours."""
    declared = html_charset(body)
    if declared is None:
        return Decoded(body, None, None)
    text, actual = _repair(body, declared)
    if text is None:
        return Decoded(body, declared, None)
    # The page still says the wrong charset in its <meta>: say UTF-8 there too, so nothing re-reads it wrong.
    utf8 = _META_CHARSET.sub(lambda m: m.group(0).replace(m.group(1), b"utf-8"), text.encode("utf-8"), count=1)
    return Decoded(utf8, declared, actual)


def _repair(body: bytes, declared: str) -> tuple[str | None, str | None]:
    """(text, charset) when `declared` is wrong for `body` and another charset reads it; (None, None) when
    the declaration holds, or when nothing better is found (the parser does what it can, as before)."""
    try:
        codecs.lookup(declared)
        body.decode(declared)
        return None, None
    except (LookupError, UnicodeDecodeError):
        pass
    best = charset_normalizer.from_bytes(body).best()
    if best is None or best.encoding is None:
        return None, None
    return str(best), best.encoding
