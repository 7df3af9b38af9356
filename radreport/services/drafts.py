"""The report being edited in the app, kept in the store: save, autosave, restore, sign.

Plain Python over :class:`radreport.services.store.Store`, so the GUI's report
workspace stays thin and every step is tested without Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from radreport.domain.report import ReportStatus, ReportText
from radreport.domain.study import Study
from radreport.domain.workflow import Action, check
from radreport.services.report_edit import section_plain_text
from radreport.services.store import Actor, Store
from radreport.services.store.service import SignatureInfo


@dataclass(frozen=True, slots=True)
class Restorable:
    """A draft of this study by this user with unsaved work left behind (e.g. a crash)."""

    report_id: int
    lock_version: int
    answers: dict[str, Any]
    text: ReportText | None
    template_id: str


class DraftSession:
    """One report being written: created on the first save, then saved and autosaved."""

    def __init__(
        self, store: Store, actor: Actor, study: Study, template_id: str, language: str
    ) -> None:
        self.store, self.actor, self.study = store, actor, study
        self.template_id, self.language = template_id, language
        self.report_id: int | None = None
        self.lock_version: int | None = None

    @property
    def saved(self) -> bool:
        return self.report_id is not None

    def save(self, answers: Mapping[str, Any], text: ReportText | None = None) -> int:
        """Create the draft or save a new version of it; returns the report id."""
        if self.report_id is None:
            self.report_id = self.store.create_report(
                self.actor, self.study, self.template_id, dict(answers), self.language
            )
            self.lock_version = self.store.get_report(self.actor, self.report_id).lock_version
            if text is None or not any(s.edited for s in text.sections):
                return self.report_id
        assert self.lock_version is not None
        self.lock_version = self.store.save_draft(
            self.actor,
            self.report_id,
            expected_lock_version=self.lock_version,
            answers=dict(answers),
            text=text if text is not None and any(s.edited for s in text.sections) else None,
            language=self.language,  # the radiologist may have switched it since
        )
        self.store.drop_autosave(self.actor, self.report_id)
        return self.report_id

    def autosave(self, answers: Mapping[str, Any], text: ReportText | None = None) -> bool:
        """Keep the working copy (no version, no audit entry); False before the first save."""
        if self.report_id is None or self.lock_version is None:
            return False
        self.store.autosave(
            self.actor,
            self.report_id,
            expected_lock_version=self.lock_version,
            answers=dict(answers),
            text=text,
        )
        return True

    def resume(self, restorable: Restorable) -> None:
        """Continue a draft found by :func:`find_restorable`."""
        self.report_id, self.lock_version = restorable.report_id, restorable.lock_version
        self.template_id = restorable.template_id

    def sign(
        self,
        answers: Mapping[str, Any],
        text: ReportText | None,
        *,
        password: str,
        identity_path: Path,
        passphrase: str,
    ) -> SignatureInfo:
        """Save the current state, then sign it (the store re-authenticates)."""
        self.save(answers, text)
        assert self.report_id is not None
        info = self.store.sign(
            self.actor,
            self.report_id,
            password=password,
            identity_path=identity_path,
            passphrase=passphrase,
            expected_lock_version=self.lock_version,
        )
        self.lock_version = self.store.get_report(self.actor, self.report_id).lock_version
        return info


def find_restorable(store: Store, actor: Actor, study: Study) -> Restorable | None:
    """This user's newest draft of ``study`` that has an autosaved working copy."""
    for summary in store.list_reports(actor, statuses=[ReportStatus.DRAFT], mine=True):
        if (summary.patient_id, summary.accession_number) != (
            study.patient.patient_id,
            study.accession_number,
        ):
            continue
        copy = store.get_autosave(actor, summary.id)
        if copy is not None:
            return Restorable(
                summary.id, summary.lock_version, copy.answers, copy.text, summary.template_id
            )
    return None


def open_for_editing(store: Store, actor: Actor, report_id: int) -> tuple[DraftSession, Restorable]:
    """Reopen a stored draft (or a resident's preliminary, for a radiologist) to go on
    writing it: the session to save and sign with, and what to put back in the form.

    Unsaved work autosaved after the last save wins over the saved version, so a report
    left by a crash reopens as it was.  Raises the store's refusal (a final report, or a
    role that may not edit) before anything is shown.
    """
    view = store.get_report(actor, report_id)
    check(actor.role, Action.EDIT, view.summary.status)
    session = DraftSession(
        store, actor, view.study, view.summary.template_id, view.summary.language
    )
    session.report_id, session.lock_version = report_id, view.summary.lock_version
    copy = store.get_autosave(actor, report_id)
    answers, text = (copy.answers, copy.text) if copy is not None else (view.answers, view.text)
    return session, Restorable(
        report_id, view.summary.lock_version, dict(answers), text, view.summary.template_id
    )


def edited_sections(text: ReportText | None) -> dict[str, str]:
    """Section id -> text typed by hand (one paragraph per line), as the report view keeps it."""
    if text is None:
        return {}
    return {s.id: section_plain_text(s) for s in text.sections if s.edited}
