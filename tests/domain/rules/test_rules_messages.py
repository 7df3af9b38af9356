"""The message catalogue: every code has a real French text, and rendering works."""

from __future__ import annotations

import string

import pytest

import radreport.domain.rules as rules
from radreport.domain.rules.messages import (
    NBSP,
    Label,
    Param,
    RuleMessage,
    Severity,
    catalog,
    define,
    french_typography,
    join_labels,
)

CODES = sorted(catalog())
SAMPLE: dict[str, Param] = {
    "level": "C5-C6",
    "region": Label("Cervical spine", "Colonne cervicale"),
    "count": 2,
    "total": 4,
    "grade": 2,
    "segments": 3,
    "version": "2017",
}


def _render(code: str) -> RuleMessage:
    template = catalog()[code]
    params: dict[str, Param] = {
        name: SAMPLE.get(name, Label(f"<{name}>", f"<{name} fr>")) for name in template.placeholders
    }
    return template.make(("field_a",), **params)


def test_catalogue_is_populated_by_the_package_import() -> None:
    prefixes = {code.split(".")[0] for code in CODES}
    # other packages (the template engine) may add their own codes to the catalogue
    assert {"consistency", "mcdonald", "protocol", "spine"} <= prefixes
    assert len(CODES) >= 30


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_distinct_french_text(code: str) -> None:
    template = catalog()[code]
    assert template.code == code
    assert isinstance(template.severity, Severity)
    assert template.en.strip() and template.fr.strip()
    assert template.fr != template.en
    fr_names = {n for _, n, _, _ in string.Formatter().parse(template.fr) if n is not None}
    en_names = {n for _, n, _, _ in string.Formatter().parse(template.en) if n is not None}
    assert fr_names == en_names, "both languages must use the same placeholders"
    message = _render(code)
    assert message.code == code
    assert message.fields == ("field_a",)
    assert message.en.strip() and message.fr.strip()
    assert message.fr != message.en
    assert "{" not in message.en and "{" not in message.fr


@pytest.mark.parametrize("code", CODES)
def test_french_typography_has_no_plain_space_before_colon(code: str) -> None:
    message = _render(code)
    assert " :" not in message.fr
    assert " %" not in message.fr


def test_code_prefixes_are_dotted_and_lowercase() -> None:
    for code in CODES:
        assert code == code.lower()
        assert code.count(".") == 1


def test_define_rejects_duplicates_and_missing_french() -> None:
    with pytest.raises(ValueError, match="already defined"):
        define(CODES[0], Severity.INFO, "x", "y")
    with pytest.raises(ValueError, match="French"):
        define("test.no_french", Severity.INFO, "English only", "  ")
    assert "test.no_french" not in catalog()


def test_catalogue_is_read_only() -> None:
    with pytest.raises(TypeError):
        catalog()["x"] = catalog()[CODES[0]]  # type: ignore[index]


def test_rule_message_text_and_dict() -> None:
    message = RuleMessage("a.b", Severity.WARNING, ("f1", "f2"), "Hello", "Bonjour")
    assert message.text() == "Hello"
    assert message.text("fr") == "Bonjour"
    assert message.text("fr-CA") == "Bonjour"
    assert message.text("fr_CA") == "Bonjour"
    assert message.text("de") == "Hello"
    assert message.to_dict() == {
        "code": "a.b",
        "severity": "warning",
        "fields": ["f1", "f2"],
        "en": "Hello",
        "fr": "Bonjour",
    }
    with pytest.raises(AttributeError):
        message.code = "other"  # type: ignore[misc]


def test_numbers_use_a_decimal_comma_in_french() -> None:
    template = rules.messages.MessageTemplate("t.x", Severity.INFO, "{mm} mm", "{mm} mm fr")
    message = template.make(mm=9.5)
    assert message.en == "9.5 mm"
    assert message.fr == "9,5 mm fr"
    assert template.make(mm=13.0).en == "13 mm"


def test_french_typography() -> None:
    assert french_typography("Note : « mot » 50 %") == f"Note{NBSP}: «{NBSP}mot{NBSP}» 50{NBSP}%"


def test_labels() -> None:
    label = Label("Cervical spine", "Colonne cervicale")
    assert label.text("fr") == "Colonne cervicale"
    assert label.lower() == Label("cervical spine", "colonne cervicale")
    assert join_labels([]) == Label("none", "aucune")
    assert join_labels([label, Label("b", "c")]).fr == "Colonne cervicale, c"
