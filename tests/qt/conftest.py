"""Qt tests run like the app: long-lived objects are kept out of the cyclic GC.

The app calls gc.freeze() after start-up and after building a report workspace, so
full collections stay short.  A test process accumulates far more objects than the
app (every test's forms and templates), and an unfrozen full collection can block
every thread for 100-300 ms, which the GUI-stall checks would blame on the code.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from pytestqt.qtbot import QtBot
from qt_helpers import PASSWORD

from radreport.domain.study import Study
from radreport.domain.workflow import Role
from radreport.qt.form import TemplateForm
from radreport.services.demo_study import write_demo_study
from radreport.services.scanner import scan_paths
from radreport.services.store import Store
from radreport.services.templates import load_template


@pytest.fixture(autouse=True)
def _frozen_heap() -> Iterator[None]:
    gc.freeze()
    yield


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store with one user per role (cheap password hashing)."""
    s = Store.open(
        f"sqlite:///{tmp_path / 's.sqlite3'}",
        hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
    )
    admin = s.add_user(None, "admin", Role.ADMIN, "Ada Admin", PASSWORD)
    s.add_user(admin, "rad", Role.RADIOLOGIST, "Dr Anne Roy", PASSWORD, "MD, FRCPC")
    s.add_user(admin, "res", Role.RESIDENT, "Dr Rémi Résident", PASSWORD, "MD")
    s.add_user(admin, "sec", Role.SECRETARY, "Sam Secrétaire", PASSWORD)
    return s


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Study:
    """The demo study, scanned once per module."""
    folder = tmp_path_factory.mktemp("demo")
    write_demo_study(folder)
    return scan_paths([folder]).studies[0]


@pytest.fixture
def make_form(qtbot: QtBot) -> Iterator[Any]:
    """A shown, active TemplateForm of a template, in a language."""

    def make(template_id: str, lang: str = "en") -> TemplateForm:
        form = TemplateForm(load_template(template_id), lang)
        qtbot.addWidget(form)
        form.resize(700, 900)
        with qtbot.waitActive(form):
            form.show()
            form.activateWindow()
        return form

    yield make
