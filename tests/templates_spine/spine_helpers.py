"""Shared helpers of the spine/combined template tests: vignettes and golden files.

Golden files are compared exactly.  After a deliberate wording change regenerate them with
``RADREPORT_UPDATE_GOLDEN=1 python3 -m pytest tests/templates_spine`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
VIGNETTES = HERE / "vignettes"
GOLDEN = HERE / "golden"
SPINE_TEMPLATES = ("cervical", "thoracic", "lumbar", "combined", "brain_cervical")


def vignette(name: str) -> dict[str, Any]:
    data = yaml.safe_load((VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RADREPORT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with RADREPORT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
