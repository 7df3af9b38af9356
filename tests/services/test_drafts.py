"""A report being written in the app: first save, saves, autosave, restore, signing.

Real store (SQLite), real template engine and real PAdES signer."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from radreport.domain.report import ReportStatus
from radreport.domain.study import Study
from radreport.domain.workflow import Role
from radreport.services.demo_study import write_demo_study
from radreport.services.drafts import DraftSession, find_restorable
from radreport.services.pdf import make_demo_identity, verify_pdf
from radreport.services.scanner import scan_paths
from radreport.services.store import Actor, Store
from radreport.services.templates import load_template, preset_answers

PASSWORD = "correct horse 42"


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Study:
    folder = tmp_path_factory.mktemp("demo")
    write_demo_study(folder)
    return scan_paths([folder]).studies[0]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Store, Actor]:
    store = Store.open(
        f"sqlite:///{tmp_path / 's.sqlite3'}",
        hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
    )
    admin = store.add_user(None, "admin", Role.ADMIN, "Ada Admin", PASSWORD)
    rad = store.add_user(admin, "rad", Role.RADIOLOGIST, "Dr Anne Roy", PASSWORD, "MD, FRCPC")
    return store, rad


def normal_answers() -> dict[str, object]:
    answers = preset_answers(load_template("brain"), "normal")
    answers["indication"] = "Upper and lower motor neuron signs; exclude a mimic."
    return answers


def test_save_autosave_restore(setup: tuple[Store, Actor], study: Study) -> None:
    store, rad = setup
    session = DraftSession(store, rad, study, "brain", "en")
    assert not session.autosave({"indication": "x"})  # nothing to attach it to yet
    report_id = session.save(normal_answers())
    assert store.get_report(rad, report_id).status is ReportStatus.DRAFT
    work = {**normal_answers(), "indication": "typed after the last save"}
    assert session.autosave(work)
    # the app is killed here; a new session finds the working copy
    found = find_restorable(store, rad, study)
    assert found is not None and found.report_id == report_id
    assert found.answers["indication"] == "typed after the last save"
    resumed = DraftSession(store, rad, study, "brain", "en")
    resumed.resume(found)
    resumed.save(found.answers)
    assert find_restorable(store, rad, study) is None  # saved: nothing left to restore
    assert "typed after the last save" in store.get_report(rad, report_id).text.plain_text()


def test_sign_gives_a_valid_signed_pdf(
    setup: tuple[Store, Actor], study: Study, tmp_path: Path
) -> None:
    store, rad = setup
    identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", identity, b"key-pass-1")
    session = DraftSession(store, rad, study, "brain", "fr")
    info = session.sign(
        normal_answers(), None, password=PASSWORD, identity_path=identity, passphrase="key-pass-1"
    )
    assert info.signer_name == "Dr Anne Roy"
    assert session.report_id is not None
    assert store.get_report(rad, session.report_id).status is ReportStatus.FINAL
    pdf = store.export_pdf(rad, session.report_id)
    report = verify_pdf(pdf, trust=[identity.with_name("roy.ca.pem")])
    assert report.ok
