"""Hypothesis state machine over the workflow and roles.

Whatever sequence of actions people attempt (edits with stale copies, signatures with
wrong passwords, secretaries trying everything), a final report's content never
changes, a secretary never signs nor edits, and the audit trail stays intact.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import FAST_HASHER, PASSWORD, PG_ENV, People
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import create_engine, text
from store_doubles import PASSPHRASE, DoubleRenderer, DoubleSigner, make_study

from radreport.domain.report import ReportStatus
from radreport.domain.workflow import PermissionDenied, WorkflowError
from radreport.services.store import Store, StoreError

LOGINS = ("rad", "res", "sec", "admin")
# The legal moves, written out independently of radreport.domain.workflow.
FORWARD = {
    ReportStatus.DRAFT: {
        ReportStatus.DRAFT,
        ReportStatus.PRELIMINARY,
        ReportStatus.FINAL,
        ReportStatus.DISCARDED,
    },
    ReportStatus.PRELIMINARY: {ReportStatus.PRELIMINARY, ReportStatus.FINAL},
    ReportStatus.FINAL: {ReportStatus.FINAL, ReportStatus.AMENDED},
    ReportStatus.AMENDED: {ReportStatus.AMENDED},
    ReportStatus.DISCARDED: {ReportStatus.DISCARDED},
}
REFUSED = (StoreError, PermissionDenied, WorkflowError)
answers_st = st.dictionaries(
    # "incomplete" makes the test renderer refuse signing: keep it the exception
    st.sampled_from(["brain", "spine", "cst", "brain", "spine", "cst", "incomplete"]),
    st.text(alphabet="abcé <&>{}", max_size=8),
    max_size=3,
)


class WorkflowMachine(RuleBasedStateMachine):
    url: str = ""

    reports = Bundle("reports")

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="rr-sm-"))
        self.identity = self.tmp / "id.p12"
        self.identity.write_bytes(b"identity")
        self.cleanup: list[Any] = []
        url = self.url or f"sqlite:///{self.tmp / 'db.sqlite3'}"
        if url.startswith("postgresql"):
            schema = f"sm_{uuid.uuid4().hex[:10]}"
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f"CREATE SCHEMA {schema}"))
            url = f"{url}?options=-csearch_path%3D{schema}"

            def drop() -> None:
                with admin.connect() as c:
                    c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
                admin.dispose()

            self.cleanup.append(drop)
        self.store = Store.open(
            url, renderer=DoubleRenderer(), signer=DoubleSigner(), hasher=FAST_HASHER
        )
        self.actors = People(self.store).all()
        self.status: dict[int, ReportStatus] = {}
        self.frozen: dict[int, tuple[str, dict[str, Any], str]] = {}

    def teardown(self) -> None:
        self.store.close()
        for fn in self.cleanup:
            fn()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _lock(self, rid: int) -> int:
        return self.store.get_report(self.actors["rad"], rid).lock_version

    @rule(target=reports, who=st.sampled_from(LOGINS), answers=answers_st)
    def create(self, who: str, answers: dict[str, str]) -> int:
        try:
            rid = self.store.create_report(self.actors[who], make_study(), "als", answers, "en")
        except REFUSED:
            assert who in ("sec", "admin")
            return -1
        assert who in ("rad", "res")
        self.status[rid] = ReportStatus.DRAFT
        return rid

    @rule(rid=reports, who=st.sampled_from(LOGINS), answers=answers_st, stale=st.booleans())
    def edit(self, rid: int, who: str, answers: dict[str, str], stale: bool) -> None:
        if rid < 0:
            return
        lock = self._lock(rid) - (1 if stale else 0)
        try:
            self.store.save_draft(
                self.actors[who], rid, expected_lock_version=lock, answers=answers
            )
        except REFUSED:
            return
        assert who in ("rad", "res") and not stale
        assert self.status[rid] in (ReportStatus.DRAFT, ReportStatus.PRELIMINARY)

    @rule(rid=reports, who=st.sampled_from(LOGINS), answers=answers_st)
    def autosave(self, rid: int, who: str, answers: dict[str, str]) -> None:
        if rid < 0:
            return
        try:
            self.store.autosave(
                self.actors[who], rid, expected_lock_version=self._lock(rid), answers=answers
            )
        except REFUSED:
            return
        assert who in ("rad", "res")

    @rule(rid=reports, who=st.sampled_from(LOGINS), good=st.booleans(), key=st.booleans())
    def sign(self, rid: int, who: str, good: bool, key: bool) -> None:
        if rid < 0:
            return
        try:
            self.store.sign(
                self.actors[who],
                rid,
                password=PASSWORD if good else "bad pass!",
                identity_path=self.identity,
                passphrase=PASSPHRASE if key else "wrong",
            )
        except REFUSED:
            return
        assert who in ("rad", "res") and good and key

    @rule(rid=reports, who=st.sampled_from(["rad", "rad", "res"]))
    def sign_properly(self, rid: int, who: str) -> None:
        """Right password and passphrase: signing goes through whenever the workflow allows."""
        if rid < 0:
            return
        before = self.store.raw_status(rid)
        try:
            self.store.sign(
                self.actors[who],
                rid,
                password=PASSWORD,
                identity_path=self.identity,
                passphrase=PASSPHRASE,
            )
        except REFUSED:
            assert (
                before not in (ReportStatus.DRAFT, ReportStatus.PRELIMINARY)
                or (who == "res" and before is ReportStatus.PRELIMINARY)
                or "incomplete" in self.store.get_report(self.actors["rad"], rid).answers
            )
            return
        expected = ReportStatus.PRELIMINARY if who == "res" else ReportStatus.FINAL
        assert self.store.raw_status(rid) is expected

    @rule(rid=reports, who=st.sampled_from(LOGINS), words=st.text(min_size=1, max_size=10))
    def addend(self, rid: int, who: str, words: str) -> None:
        if rid < 0:
            return
        try:
            self.store.addend(
                self.actors[who],
                rid,
                words,
                password=PASSWORD,
                identity_path=self.identity,
                passphrase=PASSPHRASE,
            )
        except REFUSED:
            return
        assert who == "rad"

    @rule(rid=consumes(reports), who=st.sampled_from(LOGINS))
    def discard(self, rid: int, who: str) -> None:
        if rid < 0:
            return
        try:
            self.store.discard(self.actors[who], rid, "test", expected_lock_version=self._lock(rid))
        except REFUSED:
            return
        assert who in ("rad", "res")

    @rule(rid=reports, who=st.sampled_from(LOGINS))
    def export(self, rid: int, who: str) -> None:
        if rid < 0:
            return
        try:
            self.store.export_pdf(self.actors[who], rid, recipient="x")
        except REFUSED:
            return
        if who == "sec":
            assert self.store.raw_status(rid) in (ReportStatus.FINAL, ReportStatus.AMENDED)

    @precondition(lambda self: bool(self.status))
    @invariant()
    def final_content_never_changes_and_status_only_moves_forward(self) -> None:
        for rid, before in self.status.items():
            now = self.store.raw_status(rid)
            assert now in FORWARD[before], (before, now)
            self.status[rid] = now
            if now in (ReportStatus.FINAL, ReportStatus.AMENDED):
                with self.store.engine.connect() as c:
                    row = c.execute(
                        text("SELECT plain_text, answers, text_json FROM reports WHERE id=:i"),
                        {"i": rid},
                    ).one()
                content = (row[0], json.loads(row[1]), row[2])
                assert self.frozen.setdefault(rid, content) == content

    @invariant()
    def secretary_and_admin_never_sign_nor_edit(self) -> None:
        with self.store.engine.connect() as c:
            bad = c.execute(
                text(
                    "SELECT count(*) FROM users u WHERE u.role IN ('secretary','admin') AND ("
                    " EXISTS (SELECT 1 FROM signatures s WHERE s.signer_id = u.id) OR"
                    " EXISTS (SELECT 1 FROM report_versions v WHERE v.created_by = u.id) OR"
                    " EXISTS (SELECT 1 FROM reports r WHERE r.updated_by = u.id) OR"
                    " EXISTS (SELECT 1 FROM autosaves a WHERE a.user_id = u.id))"
                )
            ).scalar_one()
        assert bad == 0

    def check_audit(self) -> None:
        assert self.store.verify_audit(self.actors["admin"]).ok

    @invariant()
    def audit_is_intact(self) -> None:
        self.check_audit()


def _run(url: str, examples: int) -> None:
    machine = type("M", (WorkflowMachine,), {"url": url})
    machine.TestCase.settings = settings(
        max_examples=examples,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    machine.TestCase().runTest()


@pytest.mark.slow
def test_workflow_state_machine_sqlite() -> None:
    _run("", int(os.environ.get("RADREPORT_SM_EXAMPLES", "30")))


@pytest.mark.slow
def test_workflow_state_machine_postgres() -> None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI")
        pytest.skip(f"{PG_ENV} not set")
    _run(url, int(os.environ.get("RADREPORT_SM_EXAMPLES", "10")))
