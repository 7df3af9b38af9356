"""A report being written in the app: first save, saves, autosave, restore, signing.

Real store (SQLite), real template engine and real PAdES signer."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from radreport.domain.report import ReportStatus
from radreport.domain.study import Study
from radreport.domain.workflow import PermissionDenied, Role, WorkflowError
from radreport.services.demo_study import write_demo_study
from radreport.services.drafts import (
    DraftSession,
    edited_sections,
    find_restorable,
    open_for_editing,
)
from radreport.services.pdf import make_demo_identity, verify_pdf
from radreport.services.report_edit import EditState
from radreport.services.scanner import scan_paths
from radreport.services.store import Actor, InvalidInput, Store
from radreport.services.templates import load_template, preset_answers, render_report

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


def test_open_for_editing_a_draft_a_preliminary_and_not_a_final(
    setup: tuple[Store, Actor], study: Study, tmp_path: Path
) -> None:
    store, rad = setup
    admin = store.authenticate("admin", PASSWORD)
    store.add_user(admin, "res", Role.RESIDENT, "Dr Rémi Résident", PASSWORD, "MD")
    res = store.authenticate("res", PASSWORD)
    session = DraftSession(store, res, study, "brain", "fr")
    report_id = session.save(normal_answers())
    # the resident reopens the draft later: the saved answers come back
    again, restorable = open_for_editing(store, res, report_id)
    assert (again.report_id, again.template_id, again.language) == (report_id, "brain", "fr")
    assert restorable.answers["indication"] == normal_answers()["indication"]
    # unsaved work autosaved after the save wins over the saved version
    again.autosave({**restorable.answers, "indication": "autosaved, never saved"})
    _, restorable = open_for_editing(store, res, report_id)
    assert restorable.answers["indication"] == "autosaved, never saved"
    identity = tmp_path / "res.p12"
    make_demo_identity("Dr Rémi Résident", identity, b"key-pass-1")
    again.sign(
        restorable.answers, None, password=PASSWORD, identity_path=identity, passphrase="key-pass-1"
    )
    assert store.get_report(res, report_id).status is ReportStatus.PRELIMINARY
    # a resident does not revise a preliminary; the radiologist does, then signs it final
    with pytest.raises(PermissionDenied):
        open_for_editing(store, res, report_id)
    final_session, restorable = open_for_editing(store, rad, report_id)
    rad_identity = tmp_path / "roy.p12"
    make_demo_identity("Dr Anne Roy", rad_identity, b"key-pass-2")
    info = final_session.sign(
        restorable.answers,
        None,
        password=PASSWORD,
        identity_path=rad_identity,
        passphrase="key-pass-2",
    )
    assert info.kind == "final" and info.meaning == "Rapport final, signé électroniquement"
    with pytest.raises(WorkflowError, match="addendum"):
        open_for_editing(store, rad, report_id)


def test_edited_sections_round_trip(study: Study) -> None:
    """What the view typed by hand comes back from a saved text, markup kept as text."""
    text = render_report(load_template("brain"), normal_answers(), study=study, lang="en")
    assert text.section("impression") is not None
    edits = EditState()
    edits.set_text(text, "impression", "No mimic of ALS.\nSee the <b>note</b> & {{ x }}.")
    merged = edits.merge(text)
    assert edited_sections(merged) == {
        "impression": "No mimic of ALS.\nSee the <b>note</b> & {{ x }}."
    }
    assert edited_sections(text) == {} and edited_sections(None) == {}


def test_language_switched_after_the_first_save_is_saved(
    setup: tuple[Store, Actor], study: Study
) -> None:
    store, rad = setup
    session = DraftSession(store, rad, study, "brain", "en")
    report_id = session.save(normal_answers())
    session.language = "fr"
    session.save(normal_answers())
    view = store.get_report(rad, report_id)
    assert view.summary.language == "fr" and view.text.language == "fr"
    with pytest.raises(InvalidInput, match="language"):
        store.save_draft(
            rad, report_id, expected_lock_version=view.lock_version, answers={}, language="de"
        )
