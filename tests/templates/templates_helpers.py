"""Shared helpers of the template tests: a small in-memory template and the vignettes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from radreport.domain.templates import Template, TemplateDef, build_template

HERE = Path(__file__).parent
VIGNETTES = HERE / "vignettes"
GOLDEN = HERE / "golden"


def vignette(name: str) -> dict[str, Any]:
    data = yaml.safe_load((VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def small_template(fields: list[dict[str, Any]], region: str = "cervical") -> Template:
    """A one-module template around ``fields`` (validated like a real one)."""
    definition = TemplateDef.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": {"en": "T", "fr": "T"},
            "regions": [region],
            "modules": [
                {
                    "id": "m",
                    "region": region,
                    "title": {"en": "M", "fr": "M"},
                    "fields": fields,
                }
            ],
        }
    )
    template, problems = build_template(definition, {})
    assert not problems, problems
    return template


def label(en: str = "Label") -> dict[str, str]:
    return {"en": en, "fr": en + " (fr)"}
