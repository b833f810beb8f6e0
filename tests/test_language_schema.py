"""A language file is checked against its schema when it is read: one clear line naming the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.entities import lexicon, schema
from pipeline.errors import InputError, LanguageFileError

LANG = Path(lexicon.__file__).parent / "lang"


def _english() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((LANG / "en.yaml").read_text(encoding="utf-8"))
    return data


def _read(tmp_path: Path, data: dict[str, Any], name: str = "en.yaml") -> None:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lexicon.read(path)


def _fails(tmp_path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(LanguageFileError) as error:
        _read(tmp_path, data)
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("path", sorted(LANG.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_language_file_passes_its_schema(path: Path) -> None:
    assert lexicon.read(path).code == path.stem


def test_every_shipped_file_is_read_through_the_schema() -> None:
    assert {f.code for f in lexicon.files()} == {p.stem for p in LANG.glob("*.yaml")}


def test_an_unknown_key_fails_naming_the_file_and_the_key_path(tmp_path: Path) -> None:
    data = _english()
    data["clause"]["counterparty_aftr"] = ["mit"]
    message = _fails(tmp_path, data)
    assert message.startswith("lang/en.yaml: clause.counterparty_aftr: ")
    assert "not permitted" in message


def test_an_unknown_top_level_key_fails(tmp_path: Path) -> None:
    data = _english()
    data["programmes"] = ["ILRS"]
    assert _fails(tmp_path, data).startswith("lang/en.yaml: programmes: ")


def test_a_wrong_type_fails_naming_the_key(tmp_path: Path) -> None:
    data = _english()
    data["cues"][1]["priority"] = "80"  # a number written as text is not coerced
    message = _fails(tmp_path, data)
    assert message.startswith("lang/en.yaml: cues[1].priority: ")
    assert "integer" in message


def test_a_single_pattern_where_a_list_is_due_fails(tmp_path: Path) -> None:
    data = _english()
    data["hedges"] = "reportedly"
    assert _fails(tmp_path, data).startswith("lang/en.yaml: hedges: ")


def test_a_bad_regular_expression_fails_naming_its_place(tmp_path: Path) -> None:
    data = _english()
    data["missions"]["tie"][1] = r"\b(?:lay|lays"
    message = _fails(tmp_path, data)
    assert message.startswith("lang/en.yaml: missions.tie[1]: not a regular expression (")


def test_an_unknown_script_or_cue_class_fails(tmp_path: Path) -> None:
    data = _english()
    data["script"] = "klingon"
    assert _fails(tmp_path, data).startswith("lang/en.yaml: script: unknown script ['klingon']")
    data = _english()
    data["cues"][0]["class"] = "rumour"
    assert _fails(tmp_path, data).startswith("lang/en.yaml: cues[0].class: ")


def test_a_cue_of_talks_can_never_mean_joined(tmp_path: Path) -> None:
    data = _english()
    data["cues"].append({"class": "talks", "status": "joined", "priority": 10, "patterns": ["talks"]})
    assert "can never mean joined" in _fails(tmp_path, data)


def test_a_file_whose_code_is_not_its_name_fails(tmp_path: Path) -> None:
    with pytest.raises(LanguageFileError, match=r"^lang/xx.yaml: code: 'en'"):
        _read(tmp_path, _english(), "xx.yaml")


def test_a_file_that_is_not_yaml_fails_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "en.yaml"
    path.write_text("code: en\nprogramme: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^lang/en.yaml: not YAML \(") as error:
        lexicon.read(path)
    assert "\n" not in str(error.value)


def test_the_readme_documents_every_key_of_the_schema() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The language files") : readme.index("### Partners: how names are found")]
    models = [schema.LanguageFile, schema.Names, schema.Countries, schema.Sides, schema.Clause, schema.Missions,
              schema.Cue, schema.Negation, schema.Background, schema.NearMiss, schema.FoundersRole,
              schema.NumberedMission, schema.Ending, schema.InstitutionWords]
    keys = {field.alias or name for model in models for name, field in model.model_fields.items()}
    assert {key for key in keys if f"`{key}`" not in section} == set()
