"""Feed lists checked before anything runs: a safe loader that refuses anchors and aliases (a YAML alias bomb),
a schema that refuses unknown keys, wrong types and invalid URLs, each with one line naming the file, the entry
and the key; nothing is written before the list passes."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from flows import monitor as monitor_flow
from pipeline import checks, feeds
from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.store import Store
from tests.test_input_checks import clean_env, door  # noqa: F401 -- the fixture is used by name

# About 400 bytes that a loader following aliases expands into 9^9 strings (gigabytes).
ALIAS_BOMB = """feeds:
  - url: https://a.example/feed.xml
    tags: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    name: x
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


ENTRY = "feeds:\n  - url: https://a.example/f\n"


def _listed(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_alias_bomb_is_refused_at_its_first_anchor_without_growing_the_process(tmp_path: Path) -> None:
    path = _listed(tmp_path, ALIAS_BOMB)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError) as refused:
        checks.check_feeds(Settings(feeds_file=path))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert str(path) in str(refused.value) and "line 3" in str(refused.value)
    assert "anchors and aliases" in str(refused.value) and grown_kib < 50 * 1024


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"{ENTRY}    tags: 5\n", "entry 1, key `tags`: Input should be a valid list (got 5)"),
        (f"feeds:\n  - https://b.example/\n{ENTRY[7:]}    language: 5\n", "entry 2, key `language`: Input should"),
        ("feeds:\n  - url: https://a.example/f\n    nmae: Moon\n", "entry 1, key `nmae`: unknown key"),
        ("feeds:\n  - url: http://[::1/feed\n", "entry 1, key `url`: is not a valid URL"),
        (f"{ENTRY}    tags: [moon, 5]\n", "entry 1, key `tags.1`: Input should be a valid string"),
        ("feds:\n  - url: https://a.example/f\n", "unknown key `feds`"),
    ],
)  # fmt: skip
def test_a_feed_list_entry_of_the_wrong_shape_is_one_line_naming_file_entry_and_key(
    tmp_path: Path, text: str, where: str
) -> None:
    path = _listed(tmp_path, text)
    with pytest.raises(InputError) as refused:
        feeds.load_feeds(path)
    assert str(refused.value).startswith(f"the feed list {path}: ") and where in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_same_checks_hold_for_opml_and_for_a_list_given_in_prefect() -> None:
    with pytest.raises(InputError, match=r"entry 1, key `url`: is not a valid URL"):
        feeds.parse_feed_list("- http://[::1/feed\n", "given in settings")
    with pytest.raises(InputError, match="anchors and aliases"):
        checks.check_feeds(Settings(feed_list="feeds: &x [https://a.example/]\nmore: *x\n"))


def test_a_bad_feed_list_writes_nothing_from_the_cli_or_the_flow(
    tmp_path: Path,
    clean_env: pytest.MonkeyPatch,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "ilrs.sqlite3"
    database.touch()
    clean_env.setenv("ILRS_DATABASE_URL", f"sqlite:///{database}")
    path = _listed(tmp_path, "feeds:\n  - url: https://a.example/f\n    tags: 5\n")

    line = door(capsys, "run", "--feeds", str(path))

    assert str(path) in line and "entry 1, key `tags`" in line
    settings = Settings(database_url=f"sqlite:///{database}", feeds_file=path)  # type: ignore[arg-type]
    with Store(settings.database()) as store, pytest.raises(InputError, match="key `tags`"):
        monitor_flow.run_monitor(store, settings)  # the flow's body: the list fails before the schema is made
    assert database.stat().st_size == 0
