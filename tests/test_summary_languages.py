"""The run summary counts relevant documents per language and names those read without cue data."""

from __future__ import annotations

from pipeline import monitor as stages
from pipeline.articles import fingerprint
from pipeline.records import Document
from pipeline.report import summary_lines
from pipeline.store import Store

# Our own sentences: English (cue data) and Dutch (none: CLDR names its states, findings wait for review).
ENGLISH = "Peru signed the International Lunar Research Station memorandum with China's space agency on Monday."
DUTCH = ("Peru heeft maandag het memorandum over het International Lunar Research Station (ILRS) ondertekend met "
         "het Chinese ruimtevaartagentschap, zo meldde het ministerie van wetenschap in Lima.")
OFF_TOPIC = "The city council approved a new budget for road repairs on Monday evening after a long debate."


def _document(url: str, text: str) -> Document:
    return Document(url=url, text=text, fingerprint=fingerprint(text), origin="url")


def test_the_summary_counts_documents_per_language_and_names_those_without_cue_data(store: Store) -> None:
    documents = [_document("https://a.example/en", ENGLISH), _document("https://b.example/nl", DUTCH),
                 _document("https://c.example/road", OFF_TOPIC)]
    pairs = stages.extract(documents)
    result = stages.ingest(store, pairs, policy="none", run_id="run-1")
    summary = stages.summarise("run-1", "backfill", ingested=[result])
    assert dict(summary.languages) == {"en": 1, "nl": 1}  # the off-topic document is not counted
    assert summary.languages_without_cues == ("nl",)
    line = next(line for line in summary_lines(summary) if line.startswith("languages:"))
    assert line == "languages: en 1, nl 1 (without cue data, findings wait for review: nl)"


def test_a_run_that_read_nothing_says_so() -> None:
    line = next(line for line in summary_lines(stages.summarise("run-2", "monitor")) if line.startswith("languages"))
    assert line == "languages: none"
