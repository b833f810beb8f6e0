"""Chinese written in traditional characters (Taiwan, Hong Kong) read as simplified, one character for one.

The cues and names of `lang/zh.yaml` are simplified; OpenCC's character table (the package ships it) folds a
traditional text to them without moving a single offset, so evidence still quotes the text as it was written.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def _table() -> dict[int, str]:
    """OpenCC's traditional → simplified characters, where one stands for one (the first of its choices)."""
    lines = (resources.files("opencc") / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in lines.splitlines():
        traditional, _, simplified = line.partition("\t")
        first = simplified.split()[0] if simplified.split() else ""
        if len(traditional) == 1 and len(first) == 1:
            table[ord(traditional)] = first
    return table


def simplified(text: str) -> str:
    """`text` with each traditional character as its simplified form; as long as `text`, offset for offset."""
    return text.translate(_table())
