"""Issue 2's quality goal, measured on the labelled development corpus by the benchmark's own scorer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "extraction.py"


@pytest.fixture(scope="module")
def result() -> dict[str, object]:
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    articles = module.load()
    assert len(articles) >= 40
    return module.score(articles)


@pytest.mark.parametrize("kind", ["partners", "missions"])
def test_f1_is_at_least_095(result: dict[str, object], kind: str) -> None:
    score = result[kind]
    assert score.f1 >= 0.95, "\n".join(e for e in result["errors"] if kind in e)  # type: ignore[union-attr]


def test_relevance_is_right_on_every_article(result: dict[str, object]) -> None:
    assert result["relevance"] == 1.0
