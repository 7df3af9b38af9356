"""The report store's services on both backends: workflow, roles, locking, search, audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import PASSWORD, People, sign_kwargs
from sqlalchemy import text
from store_doubles import DoubleRenderer, DoubleSigner, make_study

from radreport.domain.report import ReportStatus
from radreport.domain.workflow import Role
from radreport.services.store import (
    AuthenticationFailed,
    ConflictError,
    InvalidInput,
    PermissionDenied,
    SigningFailed,
    Store,
    WorkflowError,
)
from radreport.services.store.db import current_revision, integrity_check


def new_report(store: Store, people: People, **answers: str) -> int:
    return store.create_report(
        people.rad, make_study(), "als-mri", answers or {"brain": "T2 hyperintensity"}, "fr"
    )


def test_migrations_are_at_head_and_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from radreport.services.store.models import Base

    assert current_revision(store.engine) == "0001"
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the FTS shadow tables (SQLite) and the tsvector column (PostgreSQL) are not modelled
    diff = [
        d
        for d in diff
        if "fts" not in str(d)
        and "search_vector" not in str(d)
        and "ix_reports_search" not in str(d)
    ]
    assert diff == []
    Store.open(str(store.engine.url.render_as_string(hide_password=False))).close()  # idempotent


def test_full_lifecycle(store: Store, people: People, identity: Path, signer: DoubleSigner) -> None:
    rid = new_report(store, people)
    view = store.get_report(people.rad, rid)
    assert view.status is ReportStatus.DRAFT
    assert view.text.language == "fr" and "brain: T2 hyperintensity." in view.plain_text
    assert view.study.patient.name.alphabetic == "DUPONT^Jérôme"

    lock = store.save_draft(
        people.res, rid, expected_lock_version=view.lock_version, answers={"brain": "normal"}
    )
    sig = store.sign(people.res, rid, **sign_kwargs(identity))
    assert sig.kind == "preliminary"
    assert store.raw_status(rid) is ReportStatus.PRELIMINARY
    sig = store.sign(people.rad, rid, expected_lock_version=lock + 1, **sign_kwargs(identity))
    assert sig.kind == "final" and sig.signer_name == "Dr Marie Curie"
    assert signer.calls[-1].status is ReportStatus.FINAL
    assert signer.calls[-1].signature is not None
    # the report is in French: so is the printed meaning of its signature
    assert signer.calls[-1].signature.meaning == "Rapport final, signé électroniquement"

    final_text = store.get_report(people.rad, rid).plain_text
    store.addend(people.rad, rid, "Précision : pas de rehaussement.", **sign_kwargs(identity))
    view = store.get_report(people.sec, rid)
    assert view.status is ReportStatus.AMENDED
    assert view.plain_text == final_text  # the addendum never merges into the text
    assert [a.text for a in view.addenda] == ["Précision : pas de rehaussement."]
    assert [s.kind for s in view.signatures] == ["preliminary", "final", "addendum"]
    assert signer.calls[-1].addenda[-1][1] == "Précision : pas de rehaussement."

    pdf = store.export_pdf(people.sec, rid, recipient="Dr Tremblay")
    assert pdf.startswith(b"%PDF-") and b"rehaussement" in pdf
    view = store.get_report(people.sec, rid)
    assert [(d.actor, d.recipient, d.channel) for d in view.deliveries] == [
        ("sec", "Dr Tremblay", "export")
    ]
    assert view.deliveries[0].pdf_sha256 == view.signatures[-1].pdf_sha256
    store.record_delivery(people.sec, rid, recipient="Dr Roy", channel="fax")
    versions = store.versions(people.rad, rid)
    assert [v.reason for v in versions] == ["create", "edit", "sign_preliminary", "sign_final"]
    assert store.verify_audit(people.admin).ok
    assert integrity_check(store.engine) == []


def test_final_report_content_never_changes(store: Store, people: People, identity: Path) -> None:
    rid = new_report(store, people)
    store.sign(people.rad, rid, **sign_kwargs(identity))
    view = store.get_report(people.rad, rid)
    with pytest.raises(WorkflowError, match="final"):
        store.save_draft(
            people.rad, rid, expected_lock_version=view.lock_version, answers={"brain": "changed"}
        )
    with pytest.raises(WorkflowError):
        store.autosave(people.rad, rid, expected_lock_version=view.lock_version, answers={})
    with pytest.raises(WorkflowError):
        store.discard(people.rad, rid, "oops", expected_lock_version=view.lock_version)
    with pytest.raises(WorkflowError):
        store.sign(people.rad, rid, **sign_kwargs(identity))
    assert store.get_report(people.rad, rid).plain_text == view.plain_text


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reports SET plain_text = 'tampered' WHERE id = :id",
        "UPDATE reports SET answers = '{}' WHERE id = :id",
        "UPDATE reports SET status = 'draft' WHERE id = :id",
        "DELETE FROM reports WHERE id = :id",
        "UPDATE report_versions SET plain_text = 'x' WHERE report_id = :id",
        "DELETE FROM signatures WHERE report_id = :id",
        "UPDATE signed_pdfs SET data = :junk WHERE report_id = :id",
        "UPDATE audit_events SET actor = 'mallory'",
        "DELETE FROM audit_events",
    ],
)
def test_database_triggers_refuse_changes_to_signed_records(
    store: Store, people: People, identity: Path, sql: str
) -> None:
    rid = new_report(store, people)
    store.sign(people.rad, rid, **sign_kwargs(identity))
    with (
        pytest.raises(Exception, match=r"never change|append-only|never deleted"),
        store.engine.begin() as conn,
    ):
        conn.execute(text(sql), {"id": rid, "junk": b"junk"})
    assert store.raw_status(rid) is ReportStatus.FINAL


def test_secretary_only_finds_views_exports_and_delivers_final_reports(
    store: Store, people: People, identity: Path
) -> None:
    draft = new_report(store, people)
    final = new_report(store, people)
    store.sign(people.rad, final, **sign_kwargs(identity))
    sec = people.sec
    assert [r.id for r in store.list_reports(sec)] == [final]
    assert [r.id for r in store.search(sec, "hyperintensity")] == [final]
    with pytest.raises(PermissionDenied):
        store.get_report(sec, draft)
    with pytest.raises(PermissionDenied):
        store.create_report(sec, make_study("9.9"), "als-mri", {}, "en")
    lock = store.get_report(people.rad, draft).lock_version
    with pytest.raises(PermissionDenied):
        store.save_draft(sec, draft, expected_lock_version=lock, answers={"x": "y"})
    with pytest.raises(PermissionDenied):
        store.sign(sec, draft, **sign_kwargs(identity))
    with pytest.raises(PermissionDenied):
        store.addend(sec, final, "no", **sign_kwargs(identity))
    with pytest.raises(PermissionDenied):
        store.discard(sec, draft, "no", expected_lock_version=lock)
    with pytest.raises(PermissionDenied):
        store.verify_audit(sec)
    with pytest.raises(PermissionDenied):
        store.add_user(sec, "x", Role.ADMIN, "X", PASSWORD)
    store.export_pdf(sec, final)
    # the refusals are in the audit trail, and it still verifies
    assert store.verify_audit(people.admin).ok


def test_roles_in_signing(store: Store, people: People, identity: Path) -> None:
    rid = new_report(store, people)
    with pytest.raises(PermissionDenied):
        store.sign(people.admin, rid, **sign_kwargs(identity))
    store.sign(people.res, rid, **sign_kwargs(identity))
    with pytest.raises(WorkflowError):  # a preliminary is not signed twice as preliminary
        store.sign(people.res, rid, **sign_kwargs(identity))
    lock = store.get_report(people.res, rid).lock_version
    with pytest.raises(PermissionDenied):  # the radiologist revises a preliminary, not the resident
        store.save_draft(people.res, rid, expected_lock_version=lock, answers={"a": "b"})
    store.save_draft(people.rad, rid, expected_lock_version=lock, answers={"a": "b"})
    store.sign(people.rad, rid, **sign_kwargs(identity))
    assert store.raw_status(rid) is ReportStatus.FINAL


def test_signing_reauthenticates_and_needs_the_key_passphrase(
    store: Store, people: People, identity: Path
) -> None:
    rid = new_report(store, people)
    with pytest.raises(AuthenticationFailed, match="password"):
        store.sign(
            people.rad,
            rid,
            password="wrong password",
            identity_path=identity,
            passphrase="key-passphrase",
        )
    with pytest.raises(SigningFailed, match="passphrase"):
        store.sign(people.rad, rid, password=PASSWORD, identity_path=identity, passphrase="nope")
    assert store.raw_status(rid) is ReportStatus.DRAFT
    assert store.get_report(people.rad, rid).signatures == ()


def test_incomplete_report_cannot_be_signed(store: Store, people: People, identity: Path) -> None:
    rid = store.create_report(people.rad, make_study(), "als-mri", {"incomplete": "yes"}, "en")
    with pytest.raises(WorkflowError, match="impression is missing"):
        store.sign(people.rad, rid, **sign_kwargs(identity))


def test_discard_needs_a_reason_and_only_drafts(
    store: Store, people: People, identity: Path
) -> None:
    rid = new_report(store, people)
    lock = store.get_report(people.rad, rid).lock_version
    with pytest.raises(InvalidInput):
        store.discard(people.rad, rid, "  ", expected_lock_version=lock)
    store.discard(people.rad, rid, "wrong patient", expected_lock_version=lock)
    view = store.get_report(people.rad, rid)
    assert view.status is ReportStatus.DISCARDED and view.discard_reason == "wrong patient"


def test_optimistic_locking_conflict(store: Store, people: People) -> None:
    rid = new_report(store, people)
    opened = store.get_report(people.rad, rid).lock_version  # both workstations open it
    store.save_draft(people.rad, rid, expected_lock_version=opened, answers={"first": "save"})
    with pytest.raises(ConflictError, match=r"changed by rad .* nothing was overwritten"):
        store.save_draft(people.res, rid, expected_lock_version=opened, answers={"second": "x"})
    with pytest.raises(ConflictError):
        store.autosave(people.res, rid, expected_lock_version=opened, answers={"second": "x"})
    assert store.get_report(people.rad, rid).answers == {"first": "save"}


def test_autosave_round_trip_and_cleared_by_save(store: Store, people: People) -> None:
    rid = new_report(store, people)
    lock = store.get_report(people.rad, rid).lock_version
    assert store.get_autosave(people.rad, rid) is None
    store.autosave(people.rad, rid, expected_lock_version=lock, answers={"n": 1})
    store.autosave(people.rad, rid, expected_lock_version=lock, answers={"n": 2})
    saved = store.get_autosave(people.rad, rid)
    assert saved is not None and saved.answers == {"n": 2} and saved.user == "rad"
    with pytest.raises(ConflictError, match="rad is editing"):
        store.autosave(people.res, rid, expected_lock_version=lock, answers={"n": 3})
    store.save_draft(people.rad, rid, expected_lock_version=lock, answers=saved.answers)
    assert store.get_autosave(people.rad, rid) is None


@pytest.mark.parametrize("threshold", [2000, 1], ids=["rare-word-plan", "common-word-plan"])
def test_search_with_accents_and_filters(
    store: Store, people: People, identity: Path, threshold: int
) -> None:
    store.fts_common_threshold = threshold
    a = store.create_report(
        people.rad,
        make_study(
            "1.1", patient_id="P1", name="ÉMOND^Zoé", accession="ACC1", date=dt.date(2026, 1, 5)
        ),
        "als-mri",
        {"brain": "Hypersignal du faisceau pyramidal"},
        "fr",
    )
    b = store.create_report(
        people.rad,
        make_study(
            "1.2",
            patient_id="P2",
            name="ROY^Luc",
            accession="ACC2",
            referring="GAGNON^Paul",
            date=dt.date(2026, 2, 5),
        ),
        "als-mri",
        {"brain": "hypersignal T2 pyramidal tract"},
        "en",
    )
    ids = lambda rs: sorted(r.id for r in rs)  # noqa: E731
    assert ids(store.search(people.rad, "hypersignal")) == [a, b]
    assert ids(store.search(people.rad, "HYPERSIGNAL pyramidal faisceau")) == [a]
    assert ids(store.search(people.rad, "émond")) == []  # names are filters, not text
    assert ids(store.search(people.rad, "", patient="emond")) == [a]
    assert ids(store.search(people.rad, "", patient="P2")) == [b]
    assert ids(store.search(people.rad, "", accession="ACC2")) == [b]
    assert ids(store.search(people.rad, "", referring="gagnon")) == [b]
    assert ids(store.search(people.rad, "", date_from=dt.date(2026, 2, 1))) == [b]
    assert ids(store.search(people.rad, "", date_to=dt.date(2026, 2, 1))) == [a]
    assert ids(store.search(people.rad, "", statuses=[ReportStatus.FINAL])) == []
    # newest first: by study date inside a date range, else by creation
    in_range = store.search(people.rad, "hypersignal", date_from=dt.date(2026, 1, 1))
    assert [r.id for r in in_range] == [b, a]
    assert [r.id for r in store.search(people.rad, "hypersignal")] == [b, a]
    assert ids(store.search(people.rad, "hypersignal", date_to=dt.date(2026, 1, 31))) == [a]
    assert ids(store.search(people.rad, 'pyramidal" OR "x')) == []  # quotes are not syntax
    store.sign(people.rad, a, **sign_kwargs(identity))
    store.addend(people.rad, a, "Ajout : atrophie précentrale.", **sign_kwargs(identity))
    assert ids(store.search(people.rad, "precentrale")) == [a]
    assert ids(store.search(people.rad, "hypersignal", statuses=[ReportStatus.AMENDED])) == [a]


def test_users_bootstrap_and_passwords(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        with pytest.raises(PermissionDenied, match="first account must be an admin"):
            store.add_user(None, "rad", Role.RADIOLOGIST, "R", PASSWORD)
        admin = store.add_user(None, "root", Role.ADMIN, "Root", PASSWORD)
        with pytest.raises(PermissionDenied):
            store.add_user(None, "other", Role.ADMIN, "Other", PASSWORD)
        with pytest.raises(InvalidInput, match="taken"):
            store.add_user(admin, "root", Role.ADMIN, "Root", PASSWORD)
        with pytest.raises(InvalidInput, match="8 characters"):
            store.add_user(admin, "x", Role.ADMIN, "X", "short")
        assert store.authenticate("root", PASSWORD).role is Role.ADMIN
        with pytest.raises(AuthenticationFailed):
            store.authenticate("root", "wrong password")
        with store.engine.connect() as conn:
            stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        rad = store.add_user(admin, "rad", Role.RADIOLOGIST, "R", PASSWORD)
        store.deactivate_user(admin, "rad")
        with pytest.raises(AuthenticationFailed):
            store.authenticate("rad", PASSWORD)
        with pytest.raises(AuthenticationFailed):
            store.list_reports(rad)
    finally:
        store.close()


def test_engines_missing_gives_a_clear_error(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from radreport.services.store import EngineUnavailable, engines

    # an installation without the template engine (set_renderer(None) means "default")
    monkeypatch.setattr(engines, "_default_renderer", lambda: None)
    store = Store.open(db_url)
    try:
        admin = store.add_user(None, "root", Role.ADMIN, "Root", PASSWORD)
        rad = store.add_user(admin, "rad", Role.RADIOLOGIST, "R", PASSWORD)
        with pytest.raises(EngineUnavailable, match="template engine not available"):
            store.create_report(rad, make_study(), "als-mri", {}, "en")
        assert store.list_reports(rad) == []
    finally:
        store.close()


def test_signer_result_is_stored_verbatim(
    store: Store, people: People, identity: Path, signer: DoubleSigner
) -> None:
    rid = new_report(store, people)
    sig = store.sign(people.rad, rid, **sign_kwargs(identity))
    import hashlib

    assert sig.cert_fingerprint == hashlib.sha256(identity.read_bytes()).hexdigest()
    assert store.export_pdf(people.rad, rid)[:5] == b"%PDF-"
    assert hashlib.sha256(store.export_pdf(people.rad, rid)).hexdigest() == sig.pdf_sha256
    _ = DoubleRenderer


def test_search_mine_keeps_the_acting_users_reports(store: Store, people: People) -> None:
    mine = new_report(store, people)
    theirs = store.create_report(
        people.res, make_study(), "als-mri", {"brain": "T2 hyperintensity"}, "fr"
    )
    everyone = {r.id for r in store.search(people.rad, "hyperintensity")}
    assert {mine, theirs} <= everyone
    assert [r.id for r in store.search(people.rad, "hyperintensity", mine=True)] == [mine]
    assert [r.id for r in store.search(people.res, mine=True)] == [theirs]
