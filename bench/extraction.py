"""Extraction quality and speed over the labelled corpora (tests/corpus/dev and tests/corpus/holdout).

Prints precision, recall and F1 per corpus and per language for partner+status (strict), the same with China
and Russia left out (what alerts are about), partners whatever their status (lenient), and mission+year;
relevance accuracy; and documents per second for extraction alone, with the speed of bare sentence splitting
measured in the same run as the baseline ratio.
`--errors` lists every false positive and false negative.

`--real` scores real published coverage instead (the yardstick): the labels and scorer in
`../shared/realcoverage/` (`--real-dir`), the texts re-collected into `var/realcoverage/articles/` as its
RECOLLECT.md says (never committed). It prints the scorer's own figures (strict, lenient, newcomers), the same per
language, and the speed of extraction over those texts.

    .venv/bin/python bench/extraction.py [--corpus DIR] [--repeat N] [--errors]
    .venv/bin/python bench/extraction.py --real [--real-dir DIR] [--texts DIR] [--errors]
    .venv/bin/python bench/extraction.py --real --set tests/corpus/realstyle1   # our own set in the real form
    .venv/bin/python bench/extraction.py --scale      # time against size: one sentence that lists names, to 1 MiB

`--scale` shows that reading stays linear in the text however long one sentence runs (a page built to be slow
lists thousands of names in one sentence): it prints, for each size, the time and the time per character against
the bare sentence split of the same text in the same run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import entities  # noqa: E402
from pipeline.entities.sentences import split  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "dev"  # the extractor is tuned on it
HOLDOUT = ROOT / "tests" / "corpus" / "holdout"  # written apart from it, for figures on unseen text
REAL = ROOT.parent / "shared" / "realcoverage"  # labels and scorer of real coverage (texts are not in the repo)
REAL_TEXTS = ROOT / "var" / "realcoverage" / "articles"


@dataclass(frozen=True)
class Article:
    id: str
    language: str
    title: str
    text: str
    relevant: bool
    partners: frozenset[tuple[str, str]]
    missions: frozenset[tuple[str, int | None]]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(corpus: Path = CORPUS) -> list[Article]:
    articles = []
    for path in sorted(corpus.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        expected = raw["expected"]
        articles.append(
            Article(
                str(raw["id"]),
                raw["language"],
                raw.get("title") or "",
                raw["text"],
                bool(expected["relevant"]),
                frozenset((p["key"], p["status"]) for p in expected.get("partners") or ()),
                frozenset((m["name"], m.get("year")) for m in expected.get("missions") or ()),
            )
        )
    return articles


def predicted(article: Article) -> tuple[bool, set[tuple[str, str]], set[tuple[str, int | None]]]:
    found = entities.extract(article.text, title=article.title)
    # Missions by key: the power plant is one mission whether a story calls it nuclear or not.
    return (found.relevant, {(p.key, p.status) for p in found.partners},
            {(m.key.removeprefix("mission:"), m.year) for m in found.missions})


FOUNDERS = frozenset({"country:CN", "country:RU"})  # what alerts are about is everyone else


def _count(counts: list[int], got: set, want: frozenset | set) -> None:
    counts[0] += len(got & want)
    counts[1] += len(got - want)
    counts[2] += len(want - got)


def score(articles: list[Article]) -> dict[str, object]:
    """Micro-averaged scores, and the errors behind them, over the whole corpus: partner+status (strict), the
    same with the founders left out, partners whatever their status (lenient), missions+year, relevance;
    `languages` holds the same per language."""
    kinds = ("partners", "partners_no_founders", "partners_lenient", "missions")
    counts = {kind: [0, 0, 0] for kind in kinds}
    by_language: dict[str, dict[str, list[int]]] = {}
    errors: list[str] = []
    relevance_right = 0
    for article in articles:
        relevant, partners, missions = predicted(article)
        # The founders are members of the programme they lead: a founder found as joined where these corpora (which
        # label the founders only in stories of the founding) ask for nothing is neutral, as in the real set.
        partners = {p for p in partners if not (p[0] in FOUNDERS and p[1] == "joined"
                                                and p[0] not in {k for k, _ in article.partners})}
        relevance_right += relevant == article.relevant
        language = by_language.setdefault(article.language, {kind: [0, 0, 0] for kind in kinds})
        pairs = (
            ("partners", partners, article.partners),
            ("partners_no_founders", {p for p in partners if p[0] not in FOUNDERS},
             {p for p in article.partners if p[0] not in FOUNDERS}),
            ("partners_lenient", {p[0] for p in partners}, {p[0] for p in article.partners}),
            ("missions", missions, article.missions),
        )
        for name, got, want in pairs:
            _count(counts[name], got, want)
            _count(language[name], got, want)
            if name in ("partners", "missions"):
                errors += [f"{article.id} {name} false positive {item}" for item in sorted(got - want, key=str)]
                errors += [f"{article.id} {name} missed {item}" for item in sorted(want - got, key=str)]
    return {
        **{kind: Score(*counts[kind]) for kind in kinds},
        "languages": {code: {kind: Score(*c[kind]) for kind in kinds} for code, c in sorted(by_language.items())},
        "relevance": relevance_right / len(articles) if articles else 1.0,
        "errors": errors,
    }


def _rate(articles: list[Article], repeat: int, work: Callable[[Article], object]) -> float:
    # CPU time of this process, not wall time: the figure is one core's rate, and other jobs on a shared machine
    # inflate wall time far more than CPU time.
    start = time.process_time()
    for _ in range(repeat):
        for article in articles:
            work(article)
    return repeat * len(articles) / (time.process_time() - start)


_LABELS = {"partners": "partners (+status)", "partners_no_founders": "  without CN, RU",
           "partners_lenient": "  lenient (any status)", "missions": "missions (+year)"}


def _row(label: str, s: Score) -> str:
    return f"{label:30}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>10.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"


def _summary(name: str, size: int, result: dict[str, object]) -> str:
    partners, others, found = (result[k] for k in ("partners", "partners_no_founders", "missions"))
    assert isinstance(partners, Score) and isinstance(others, Score) and isinstance(found, Score)
    return (f"{name:10}{size:>5}  {partners.precision:.3f} / {partners.recall:.3f} / {partners.f1:.3f}"
            f"     {others.precision:.3f} / {others.f1:.3f}     {found.f1:.3f}")


def _report(corpus: Path, errors: bool, summary: list[str]) -> list[Article]:
    articles = load(corpus)
    result = score(articles)
    summary.append(_summary(corpus.name, len(articles), result))
    where = corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus
    print(f"corpus: {len(articles)} articles in {where}")
    print(f"{'':30}{'precision':>10}{'recall':>10}{'F1':>10}{'tp':>6}{'fp':>6}{'fn':>6}")
    for kind, label in _LABELS.items():
        print(_row(label, result[kind]))  # type: ignore[arg-type]
    print(f"relevance accuracy: {result['relevance']:.3f}")
    print("per language:")
    languages: dict[str, dict[str, Score]] = result["languages"]  # type: ignore[assignment]
    for code, scores in languages.items():
        n = sum(a.language == code for a in articles)
        for kind, label in _LABELS.items():
            print(_row(f"{code} ({n}) {label.strip()}" if kind == "partners" else f"   {label.strip()}", scores[kind]))
    if errors:
        print("\n".join(result["errors"]))  # type: ignore[arg-type]
    print()
    return articles


def _scorer(folder: Path) -> object:
    """The real set's own scorer, so that figures here are the ones `score.py` prints."""
    spec = importlib.util.spec_from_file_location("realcoverage_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {folder / 'score.py'}: see README, 'Real coverage'")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prediction(source: str, text: str) -> dict[str, object]:
    """What `ilrs-watch extract --json` says of one file (the whole file is the text, as the CLI reads it)."""
    found = entities.extract(text)
    return {"source": source, "relevant": found.relevant, "language": found.language,
            "partners": [{"name": p.name, "status": p.status} for p in found.partners],
            "missions": [{"name": m.name, "year": m.year} for m in found.missions]}


def _real_line(label: str, result: dict[str, object]) -> str:
    (pp, pr, pf), (mp, mr, mf) = result["partners"], result["missions"]  # type: ignore[misc]
    return (f"{label:34} partners P={pp:.3f} R={pr:.3f} F1={pf:.3f} | missions P={mp:.3f} R={mr:.3f} F1={mf:.3f} "
            f"| relevance {result['relevance']:.2f} | on near-misses {result['neg_false']}")


def real(folder: Path, texts: Path, errors: bool, repeat: int, labelled: Path | None = None) -> int:
    """Real coverage, scored by its own scorer's rules: strict, lenient, newcomers, per language, and speed. With
    `labelled`, a set of our own written in the same form (texts and `labels.jsonl` in one folder)."""
    scorer = _scorer(folder)
    if labelled is not None:
        folder = texts = labelled
    labels = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = __import__("json").loads(line)
        label["file"] = label["id"] + ".txt"
        labels.append(label)
    missing = [label["id"] for label in labels if not (texts / label["file"]).exists()]
    if len(missing) == len(labels):
        raise SystemExit(f"no texts in {texts}: re-collect them as {folder / 'RECOLLECT.md'} says")
    labels = [label for label in labels if label["id"] not in missing]
    docs = {label["file"]: (texts / label["file"]).read_text(encoding="utf-8") for label in labels}
    predictions = {name: _prediction(name, text) for name, text in docs.items()}
    print(f"real coverage: {len(labels)} articles in {texts}" + (f" (no text for {', '.join(missing)})" if missing
                                                               else ""))
    rows = (("strict", dict(strict=True)), ("lenient", dict(strict=False)),
            ("newcomers (strict, no CN/RU)", dict(strict=True, founders=False)))
    for name, options in rows:
        print(_real_line(name, scorer.score(labels, predictions, verbose=False, **options)))  # type: ignore[attr-defined]
    groups: dict[str, list[dict[str, object]]] = {}
    for label in labels:
        groups.setdefault(str(label.get("language") or "en"), []).append(label)
    print("per language (lenient; newcomers strict P/R):")
    for code, group in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        lenient = scorer.score(group, predictions, False, False)  # type: ignore[attr-defined]
        newcomers = scorer.score(group, predictions, True, False, founders=False)  # type: ignore[attr-defined]
        (np_, nr, _) = newcomers["partners"]
        print(_real_line(f"  {code} ({len(group)})", lenient) + f" | newcomers P={np_:.2f} R={nr:.2f}")
    others = [label for label in labels if (label.get("language") or "en") != "en"]
    english = [label for label in labels if (label.get("language") or "en") == "en"]
    for name, group in (("english", english), ("other languages", others)):
        print(_real_line(f"{name} ({len(group)}) lenient", scorer.score(group, predictions, False, False)))  # type: ignore[attr-defined]
    if errors:
        print("errors (strict, founders left out):")
        scorer.score(labels, predictions, True, True, founders=False)  # type: ignore[attr-defined]
        print("errors (lenient):")
        scorer.score(labels, predictions, False, True)  # type: ignore[attr-defined]
    items = list(docs.items())
    baseline = _rate_texts(items, repeat, lambda t: split(t))
    extraction = _rate_texts(items, repeat, lambda t: entities.extract(t))
    print(f"speed over {len(items)} real articles (CPU time): extraction {extraction:,.0f} docs/s; "
          f"baseline (sentence split only) {baseline:,.0f} docs/s; "
          f"extraction costs {baseline / extraction:.1f}x the bare split")
    return 0


def _rate_texts(items: list[tuple[str, str]], repeat: int, work: Callable[[str], object]) -> float:
    start = time.process_time()  # one core's rate, as in _rate
    for _ in range(repeat):
        for _, text in items:
            work(text)
    return repeat * len(items) / (time.process_time() - start)


_LISTED = ("Peru", "Chile", "Kenya", "Ghana", "Nepal", "Bolivia", "Laos", "Cuba", "Mali", "the University of Lagos",
           "Makerere University", "APSCO")


def _listing(size: int) -> str:
    """One sentence of our own that lists names until it is `size` characters long."""
    names, length, i = [], 0, 0
    while length < size:
        names.append(_LISTED[i % len(_LISTED)])
        length += len(names[-1]) + 2
        i += 1
    return f"Countries that signed the ILRS agreement include {', '.join(names)} and Oman."


def scale(sizes: list[int]) -> int:
    """Time against size for one long sentence of names: linear means a flat time per character."""
    entities.extract(_listing(1000))
    print(f"{'characters':>12}{'extraction s':>14}{'us/char':>10}{'split s':>10}{'ratio':>8}")
    for size in sizes:
        text = _listing(size)
        start = time.perf_counter()
        split(text)
        bare = time.perf_counter() - start
        start = time.perf_counter()
        entities.extract(text)
        took = time.perf_counter() - start
        print(f"{len(text):>12,}{took:>14.2f}{took / len(text) * 1e6:>10.1f}{bare:>10.3f}{took / bare:>8.0f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, action="append", help=f"default: {CORPUS.name} and {HOLDOUT.name}")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus for the speed figures")
    parser.add_argument("--errors", action="store_true", help="list every false positive and miss")
    parser.add_argument("--all", action="store_true", help="every corpus under tests/corpus")
    parser.add_argument("--real", action="store_true", help="real published coverage (see the module's doc)")
    parser.add_argument("--real-dir", type=Path, default=REAL, help="labels and score.py of the real set")
    parser.add_argument("--texts", type=Path, default=REAL_TEXTS, help="the re-collected texts of the real set")
    parser.add_argument("--set", type=Path, help="with --real: a set of our own in the real set's form "
                                                   "(tests/corpus/realstyle*), scored by the same scorer")
    parser.add_argument("--scale", action="store_true", help="time against size for one sentence of names")
    args = parser.parse_args(argv)
    if args.scale:
        return scale([16_384, 65_536, 262_144, 1_048_576])
    if args.real:
        return real(args.real_dir, args.texts, args.errors, min(args.repeat, 5), args.set)

    corpora = args.corpus or [CORPUS, HOLDOUT]
    if args.all:
        corpora += sorted((d for d in CORPUS.parent.iterdir() if d.is_dir() and d not in corpora
                           and any(d.glob("*.yaml"))),  # realstyle* sets are scored with --real --set
                          key=lambda d: (len(d.name), d.name))  # blind, blind2, ..., blind10
    summary: list[str] = []
    articles = [a for corpus in corpora for a in _report(corpus, args.errors, summary)]
    print(f"{'corpus':10}{'docs':>5}  partners+status P / R / F1   without CN, RU P / F1   missions F1")
    print("\n".join(summary), end="\n\n")
    for article in articles:  # builds the gazetteer and each script's vocabulary once, outside the timing
        entities.extract(article.text, title=article.title)
    baseline = _rate(articles, args.repeat, lambda a: split(a.text))
    extraction = _rate(articles, args.repeat, lambda a: entities.extract(a.text, title=a.title))
    print(f"speed over {len(articles)} articles: extraction {extraction:,.0f} docs/s; baseline (sentence split "
          f"only) {baseline:,.0f} docs/s; extraction costs {baseline / extraction:.1f}x the bare split")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
