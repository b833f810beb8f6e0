"""The one redaction of URLs for everything people or machines may read: logs, CLI output, artifacts,
exception messages, stored run results.

A feed URL may carry credentials (`https://user:pass@host/feed?apikey=...`): the URL itself is still needed
to poll, so it is stored as given, but every message that names it goes through `redact_url`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit, urlunsplit

REDACTED = "REDACTED"
# Query (or fragment) parameter names that carry credentials; compared lower-case with "-" read as "_".
_SECRET_NAMES = frozenset(
    {
        "key", "apikey", "api_key", "token", "access_token", "refresh_token", "id_token", "auth", "authorization",
        "password", "pass", "passwd", "pwd", "secret", "client_secret", "sig", "signature", "session", "sid",
        "sessionid", "jsessionid", "phpsessid", "credential", "credentials", "code", "ticket", "hash",
        "x_amz_signature", "x_amz_credential", "x_amz_security_token", "x_goog_signature", "x_goog_credential",
    }
)  # fmt: skip
_SECRET_SUFFIXES = ("_key", "_token", "_secret", "_signature", "_password", "_sig", "apikey", "token")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


def _is_secret_name(name: str) -> bool:
    name = name.strip().lower().replace("-", "_")
    return name in _SECRET_NAMES or name.endswith(_SECRET_SUFFIXES)


def _redact_params(params: str) -> str:
    """`a=1&apikey=x` → `a=1&apikey=REDACTED`, keeping order and separators so the rest stays readable."""
    if not params:
        return params
    out = []
    for part in re.split(r"([&;])", params):
        name, eq, _ = part.partition("=")
        out.append(f"{name}={REDACTED}" if eq and _is_secret_name(name) else part)
    return "".join(out)


def redact_url(url: str) -> str:
    """The URL without user info and with the values of credential-like query parameters replaced."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # unparseable: say nothing about it rather than echo it
        return "[unparseable URL]"
    netloc = parts.netloc.rpartition("@")[2]
    if "@" in parts.netloc:
        host = parts.hostname or ""
        host = f"[{host}]" if ":" in host else host
        netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, _redact_params(parts.query), _redact_params(parts.fragment)))


def redact_text(text: str) -> str:
    """Every URL inside a message redacted (trailing punctuation stays outside the URL)."""

    def one(match: re.Match[str]) -> str:
        found = match.group(0)
        core = found.rstrip(_TRAILING)
        return redact_url(core) + found[len(core) :]

    return _URL.sub(one, text)


class RedactingFilter(logging.Filter):
    """Redacts the URLs in a library's log records (httpx logs every request's full URL at INFO)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def redact_logs_of(*names: str) -> None:
    """Put the redacting filter on these loggers, once."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
