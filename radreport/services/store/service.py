"""The report store's services: every action checks who is acting and what the workflow
allows, writes the change, its immutable version and its audit entry in one transaction.

Authorisation lives here (not in the CLI or the GUI): each call reloads the acting user
from the database, so a deactivated account or a changed role takes effect at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, Select, and_, column, delete, func, select, table, text
from sqlalchemy.orm import Session, sessionmaker

from radreport.domain.report import (
    ExamBanner,
    ReportDocument,
    ReportStatus,
    ReportText,
    SignatureManifestation,
)
from radreport.domain.study import Study
from radreport.domain.workflow import (
    Action,
    PermissionDenied,
    Role,
    WorkflowError,
    check,
    next_status,
    sign_action,
    signature_meaning,
    statuses_for,
)
from radreport.services.store import audit
from radreport.services.store.codec import (
    canonical_json,
    fold,
    report_text_from_dict,
    sha256_hex,
    study_from_snapshot,
    study_headers,
)
from radreport.services.store.db import is_sqlite, make_engine, migrate
from radreport.services.store.engines import (
    PdfSigner,
    ReportRenderer,
    get_renderer,
    get_signer,
)
from radreport.services.store.models import (
    Addendum,
    Autosave,
    Delivery,
    ReportRow,
    ReportVersion,
    Signature,
    SignedPdf,
    StudyRow,
    User,
)

__all__ = [
    "Actor",
    "AuthenticationFailed",
    "ConflictError",
    "NotFound",
    "PermissionDenied",
    "SigningFailed",
    "Store",
    "StoreError",
    "WorkflowError",
]


class StoreError(Exception):
    """Base of the store's refusals; the message is for people."""


class AuthenticationFailed(StoreError):
    pass


class NotFound(StoreError):
    pass


class ConflictError(StoreError):
    """Someone else saved the report since it was opened: nothing was overwritten."""


class SigningFailed(StoreError):
    pass


class InvalidInput(StoreError):
    pass


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    login: str
    role: Role
    full_name: str
    credentials: str = ""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    id: int
    status: ReportStatus
    patient_name: str
    patient_id: str
    accession_number: str
    study_date: dt.date | None
    study_description: str
    referring_physician: str
    template_id: str
    language: str
    author: str
    updated_at: dt.datetime
    lock_version: int


@dataclass(frozen=True, slots=True)
class SignatureInfo:
    id: int
    kind: str
    signer: str
    signer_name: str
    meaning: str
    signed_at: dt.datetime
    signed_sha256: str
    cert_fingerprint: str
    pdf_sha256: str
    version_number: int


@dataclass(frozen=True, slots=True)
class AddendumInfo:
    id: int
    text: str
    author: str
    created_at: dt.datetime
    signature_id: int


@dataclass(frozen=True, slots=True)
class DeliveryInfo:
    id: int
    actor: str
    channel: str
    recipient: str
    note: str
    at: dt.datetime
    pdf_sha256: str


@dataclass(frozen=True, slots=True)
class VersionInfo:
    number: int
    status: ReportStatus
    reason: str
    author: str
    created_at: dt.datetime
    content_sha256: str
    plain_text: str


@dataclass(frozen=True, slots=True)
class ReportView:
    summary: ReportSummary
    study: Study
    template_version: str
    answers: dict[str, Any]
    text: ReportText
    plain_text: str
    content_version: int
    discard_reason: str | None
    signatures: tuple[SignatureInfo, ...]
    addenda: tuple[AddendumInfo, ...]
    deliveries: tuple[DeliveryInfo, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def status(self) -> ReportStatus:
        return self.summary.status

    @property
    def lock_version(self) -> int:
        return self.summary.lock_version


@dataclass(frozen=True, slots=True)
class AutosaveView:
    report_id: int
    user: str
    base_lock_version: int
    answers: dict[str, Any]
    text: ReportText | None
    saved_at: dt.datetime


Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_MAX_TEXT = 100_000  # characters in an addendum or edited text section


class Store:
    """The report store.  Construct with :meth:`open` (migrates) or from an engine."""

    def __init__(
        self,
        engine: Engine,
        *,
        renderer: ReportRenderer | None = None,
        signer: PdfSigner | None = None,
        clock: Clock = _now,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._renderer = renderer
        self._signer = signer
        self._clock = clock
        # argon2id with the library's RFC 9106 low-memory defaults (tests pass cheaper ones;
        # the parameters are stored in each hash, and rehashed at login when they differ).
        self._hasher = hasher or PasswordHasher()
        # Words in at least this many reports are "common": search then walks reports
        # newest first instead of collecting every hit (see search()).
        self.fts_common_threshold = 2000

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        renderer: ReportRenderer | None = None,
        signer: PdfSigner | None = None,
        hasher: PasswordHasher | None = None,
    ) -> Store:
        engine = make_engine(url)
        migrate(engine)
        return cls(engine, renderer=renderer, signer=signer, hasher=hasher)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ plumbing

    @property
    def renderer(self) -> ReportRenderer:
        return self._renderer or get_renderer()

    @property
    def signer(self) -> PdfSigner:
        return self._signer or get_signer()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def _actor(self, session: Session, actor: Actor) -> User:
        user = session.get(User, actor.id)
        if user is None or not user.active:
            raise AuthenticationFailed(f"the account {actor.login!r} is not active")
        return user

    def _refuse(
        self, actor: Actor | None, action: str, entity: str, entity_id: object, why: str
    ) -> None:
        """Record a refused attempt in the audit trail (in its own transaction)."""
        with self._tx() as s:
            audit.append(
                s,
                actor=actor.login if actor else "-",
                action=f"refused:{action}",
                entity_type=entity,
                entity_id=entity_id,
                details={"why": why},
                at=self._clock(),
            )

    def _guarded(
        self,
        actor: Actor,
        action: Action,
        report_id: int | None,
        fn: Callable[[Session, User], Any],
    ) -> Any:
        try:
            with self._tx() as s:
                return fn(s, self._actor(s, actor))
        except (PermissionDenied, WorkflowError, AuthenticationFailed, ConflictError) as exc:
            self._refuse(actor, action.value, "report", report_id or "-", str(exc))
            raise

    @staticmethod
    def _report(session: Session, report_id: int, *, lock: bool = False) -> ReportRow:
        q = select(ReportRow).where(ReportRow.id == report_id)
        if lock:
            q = q.with_for_update()
        row = session.execute(q).scalar_one_or_none()
        if row is None:
            raise NotFound(f"no report {report_id}")
        return row

    # ------------------------------------------------------------------ users

    def user_count(self) -> int:
        with self._tx() as s:
            return int(s.execute(select(func.count()).select_from(User)).scalar_one())

    def add_user(
        self,
        actor: Actor | None,
        login: str,
        role: Role | str,
        full_name: str,
        password: str,
        credentials: str = "",
    ) -> Actor:
        """Create an account.  Only an admin may, except for the very first account,
        which must then be an admin (bootstrap)."""
        role = Role(role)
        login = login.strip()
        if not login or len(login) > 64 or any(c.isspace() for c in login):
            raise InvalidInput("a login is 1 to 64 characters without spaces")
        if not full_name.strip():
            raise InvalidInput("the user's full name is required (it is printed on signatures)")
        if len(password) < 8:
            raise InvalidInput("a password has at least 8 characters")
        with self._tx() as s:
            n = s.execute(select(func.count()).select_from(User)).scalar_one()
            if actor is None:
                if n:
                    raise PermissionDenied("log in as an admin to add users")
                if role is not Role.ADMIN:
                    raise PermissionDenied("the first account must be an admin")
            else:
                check(Role(self._actor(s, actor).role), Action.MANAGE_USERS)
            if s.execute(select(User.id).where(User.login == login)).first():
                raise InvalidInput(f"the login {login!r} is already taken")
            user = User(
                login=login,
                full_name=full_name.strip(),
                credentials=credentials.strip(),
                role=role.value,
                password_hash=self._hasher.hash(password),
                active=True,
                created_at=self._clock(),
            )
            s.add(user)
            s.flush()
            audit.append(
                s,
                actor=actor.login if actor else "-",
                action="user_add",
                entity_type="user",
                entity_id=login,
                details={"role": role.value, "name": user.full_name},
                at=self._clock(),
            )
            return Actor(user.id, login, role, user.full_name, user.credentials)

    def deactivate_user(self, actor: Actor, login: str) -> None:
        with self._tx() as s:
            check(Role(self._actor(s, actor).role), Action.MANAGE_USERS)
            user = s.execute(select(User).where(User.login == login)).scalar_one_or_none()
            if user is None:
                raise NotFound(f"no user {login!r}")
            user.active = False
            audit.append(
                s,
                actor=actor.login,
                action="user_deactivate",
                entity_type="user",
                entity_id=login,
                at=self._clock(),
            )

    def authenticate(self, login: str, password: str) -> Actor:
        with self._tx() as s:
            user = s.execute(select(User).where(User.login == login)).scalar_one_or_none()
            ok = False
            if user is not None and user.active:
                ok = self._password_ok(user, password)
                if ok and self._hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = self._hasher.hash(password)
            if ok and user is not None:
                audit.append(
                    s,
                    actor=login,
                    action="login",
                    entity_type="user",
                    entity_id=login,
                    at=self._clock(),
                )
                return Actor(user.id, user.login, Role(user.role), user.full_name, user.credentials)
        self._refuse(None, "login", "user", login, "wrong login or password")
        raise AuthenticationFailed("wrong login or password (or the account is inactive)")

    def _password_ok(self, user: User, password: str) -> bool:
        try:
            return bool(self._hasher.verify(user.password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    # ------------------------------------------------------------------ studies

    @staticmethod
    def _upsert_study(s: Session, study: Study, now: dt.datetime) -> StudyRow:
        row = s.execute(
            select(StudyRow).where(StudyRow.study_instance_uid == study.study_instance_uid)
        ).scalar_one_or_none()
        if row is not None:
            return row
        name = study.patient.name.display()
        ref = study.referring_physician.display()
        row = StudyRow(
            study_instance_uid=study.study_instance_uid,
            patient_name=name,
            patient_name_folded=fold(name),
            patient_id=study.patient.patient_id,
            accession_number=study.accession_number,
            study_date=study.date,
            description=study.description,
            referring_physician=ref,
            referring_folded=fold(ref),
            snapshot=canonical_json(study.to_dict()),
            headers=canonical_json(study_headers(study)),
            created_at=now,
        )
        s.add(row)
        s.flush()
        return row

    # ------------------------------------------------------------------ reports

    def _content(
        self, study: Study, template_id: str, answers: Mapping[str, Any], lang: str
    ) -> ReportText:
        return self.renderer.render(template_id, dict(answers), study, lang)

    @staticmethod
    def _search_text(plain: str, addenda: list[str]) -> str:
        return fold("\n".join([plain, *addenda]))

    def _add_version(
        self, s: Session, r: ReportRow, reason: str, by: User, now: dt.datetime
    ) -> None:
        r.content_version += 1
        s.add(
            ReportVersion(
                report_id=r.id,
                number=r.content_version,
                status=r.status,
                answers=r.answers,
                text_json=r.text_json,
                plain_text=r.plain_text,
                content_sha256=sha256_hex(r.answers + "\n" + r.text_json),
                reason=reason,
                created_by=by.id,
                created_at=now,
            )
        )

    def create_report(
        self,
        actor: Actor,
        study: Study,
        template_id: str,
        answers: Mapping[str, Any],
        language: str = "en",
    ) -> int:
        """A new draft for ``study``, rendered from ``answers``; returns its id."""
        if language not in ("en", "fr"):
            raise InvalidInput("the report language is 'en' or 'fr'")

        def run(s: Session, user: User) -> int:
            check(Role(user.role), Action.CREATE)
            rt = self._content(study, template_id, answers, language)
            now = self._clock()
            st = self._upsert_study(s, study, now)
            plain = rt.plain_text()
            r = ReportRow(
                study_id=st.id,
                template_id=template_id,
                template_version=rt.template_version,
                language=language,
                status=ReportStatus.DRAFT.value,
                answers=canonical_json(dict(answers)),
                text_json=canonical_json(rt.to_dict()),
                plain_text=plain,
                search_text=self._search_text(plain, []),
                content_version=0,
                lock_version=1,
                created_by=user.id,
                created_at=now,
                updated_by=user.id,
                updated_at=now,
            )
            s.add(r)
            s.flush()
            self._add_version(s, r, "create", user, now)
            audit.append(
                s,
                actor=user.login,
                action="report_create",
                entity_type="report",
                entity_id=r.id,
                details={
                    "template": template_id,
                    "language": language,
                    "study": st.study_instance_uid,
                },
                at=now,
            )
            return r.id

        return int(self._guarded(actor, Action.CREATE, None, run))

    def save_draft(
        self,
        actor: Actor,
        report_id: int,
        *,
        expected_lock_version: int,
        answers: Mapping[str, Any] | None = None,
        text: ReportText | None = None,
        language: str | None = None,
    ) -> int:
        """Save new answers (re-rendered) and/or hand-edited text; returns the new lock version.

        ``language`` switches the report's language (the text is re-rendered in it unless
        ``text`` is given, whose own language then wins).
        Raises :class:`ConflictError` when the report changed since ``expected_lock_version``.
        """
        if language is not None and language not in ("en", "fr"):
            raise InvalidInput(f"unknown report language {language!r}")

        def run(s: Session, user: User) -> int:
            r = self._report(s, report_id, lock=True)
            check(Role(user.role), Action.EDIT, ReportStatus(r.status))
            self._check_lock(s, r, expected_lock_version)
            new_answers = dict(answers) if answers is not None else json.loads(r.answers)
            if text is not None and text.language in ("en", "fr"):
                r.language = text.language
            elif language is not None:
                r.language = language
            if text is not None:
                rt = text
            elif answers is not None:
                rt = self._content(self._study_of(s, r), r.template_id, new_answers, r.language)
            else:
                raise InvalidInput("nothing to save: give answers or text")
            now = self._clock()
            r.answers = canonical_json(new_answers)
            r.text_json = canonical_json(rt.to_dict())
            r.plain_text = rt.plain_text()
            r.search_text = self._search_text(r.plain_text, [])
            r.template_version = rt.template_version or r.template_version
            r.lock_version += 1
            r.updated_by, r.updated_at = user.id, now
            self._add_version(s, r, "edit", user, now)
            s.execute(delete(Autosave).where(Autosave.report_id == r.id))
            audit.append(
                s,
                actor=user.login,
                action="report_edit",
                entity_type="report",
                entity_id=r.id,
                details={"version": r.content_version},
                at=now,
            )
            return r.lock_version

        return int(self._guarded(actor, Action.EDIT, report_id, run))

    def _check_lock(self, s: Session, r: ReportRow, expected: int) -> None:
        if r.lock_version != expected:
            who = s.get(User, r.updated_by)
            raise ConflictError(
                f"report {r.id} was changed by {who.login if who else '?'} at "
                f"{r.updated_at:%Y-%m-%d %H:%M:%S} UTC after you opened it "
                f"(your copy: version {expected}, now {r.lock_version}); nothing was "
                "overwritten: reload it and apply your changes again"
            )

    def autosave(
        self,
        actor: Actor,
        report_id: int,
        *,
        expected_lock_version: int,
        answers: Mapping[str, Any],
        text: ReportText | None = None,
    ) -> dt.datetime:
        """Keep the editor's working copy of a draft (called every few seconds).

        Cheap: one row per report, overwritten, committed durably; no version and no
        audit entry (the explicit save makes those).  Returns the save time.
        """

        def run(s: Session, user: User) -> dt.datetime:
            r = self._report(s, report_id, lock=True)
            check(Role(user.role), Action.EDIT, ReportStatus(r.status))
            self._check_lock(s, r, expected_lock_version)
            now = self._clock()
            row = s.get(Autosave, report_id)
            if row is None:
                row = Autosave(report_id=report_id)
                s.add(row)
            elif row.user_id != user.id:
                other = s.get(User, row.user_id)
                raise ConflictError(
                    f"{other.login if other else '?'} is editing report {report_id} "
                    f"(unsaved work since {row.saved_at:%H:%M:%S} UTC); nothing was overwritten"
                )
            row.user_id = user.id
            row.base_lock_version = expected_lock_version
            row.answers = canonical_json(dict(answers))
            row.text_json = canonical_json(text.to_dict()) if text is not None else None
            row.saved_at = now
            return now

        result: dt.datetime = self._guarded(actor, Action.EDIT, report_id, run)
        return result

    def get_autosave(self, actor: Actor, report_id: int) -> AutosaveView | None:
        """The unsaved working copy left by an editor (e.g. after a crash), if any."""
        with self._tx() as s:
            user = self._actor(s, actor)
            r = self._report(s, report_id)
            check(Role(user.role), Action.EDIT, ReportStatus(r.status))
            row = s.get(Autosave, report_id)
            if row is None:
                return None
            who = s.get(User, row.user_id)
            return AutosaveView(
                report_id,
                who.login if who else "?",
                row.base_lock_version,
                json.loads(row.answers),
                report_text_from_dict(json.loads(row.text_json)) if row.text_json else None,
                row.saved_at,
            )

    def drop_autosave(self, actor: Actor, report_id: int) -> None:
        with self._tx() as s:
            self._actor(s, actor)
            s.execute(
                delete(Autosave).where(
                    and_(Autosave.report_id == report_id, Autosave.user_id == actor.id)
                )
            )

    def discard(
        self, actor: Actor, report_id: int, reason: str, *, expected_lock_version: int
    ) -> None:
        reason = reason.strip()
        if not reason:
            raise InvalidInput("give the reason for discarding the draft")

        def run(s: Session, user: User) -> None:
            r = self._report(s, report_id, lock=True)
            check(Role(user.role), Action.DISCARD, ReportStatus(r.status))
            self._check_lock(s, r, expected_lock_version)
            now = self._clock()
            r.status = next_status(ReportStatus(r.status), Action.DISCARD).value
            r.discard_reason = reason
            r.lock_version += 1
            r.updated_by, r.updated_at = user.id, now
            s.execute(delete(Autosave).where(Autosave.report_id == r.id))
            audit.append(
                s,
                actor=user.login,
                action="report_discard",
                entity_type="report",
                entity_id=r.id,
                details={"reason": reason},
                at=now,
            )

        self._guarded(actor, Action.DISCARD, report_id, run)

    # ------------------------------------------------------------------ signing

    def _reauthenticate(self, s: Session, user: User, password: str) -> None:
        if not self._password_ok(user, password):
            raise AuthenticationFailed("signing needs your password: the password is wrong")

    def _document(
        self,
        s: Session,
        r: ReportRow,
        status: ReportStatus,
        manifestation: SignatureManifestation,
        new_addendum: str | None = None,
    ) -> ReportDocument:
        study = self._study_of(s, r)
        addenda = [
            (
                SignatureManifestation(
                    sig.signer_name, sig.signer_credentials, sig.meaning, sig.signed_at
                ),
                a.text,
            )
            for a, sig in s.execute(
                select(Addendum, Signature)
                .join(Signature, Signature.id == Addendum.signature_id)
                .where(Addendum.report_id == r.id)
                .order_by(Addendum.id)
            )
        ]
        main_sig = manifestation
        if new_addendum is not None:
            addenda.append((manifestation, new_addendum))
            last = (
                s.execute(
                    select(Signature)
                    .where(Signature.report_id == r.id, Signature.kind == "final")
                    .order_by(Signature.id.desc())
                )
                .scalars()
                .first()
            )
            if last is not None:
                main_sig = SignatureManifestation(
                    last.signer_name, last.signer_credentials, last.meaning, last.signed_at
                )
        return ReportDocument(
            report_id=str(r.id),
            banner=ExamBanner.from_study(study),
            text=report_text_from_dict(json.loads(r.text_json)),
            status=status,
            signature=main_sig,
            addenda=tuple(addenda),
        )

    def sign(
        self,
        actor: Actor,
        report_id: int,
        *,
        password: str,
        identity_path: Path,
        passphrase: str,
        expected_lock_version: int | None = None,
    ) -> SignatureInfo:
        """Sign a report: preliminary for a resident, final for a radiologist.

        Re-authenticates with ``password``; ``passphrase`` unlocks the PKCS#12 key in the
        signer.  The PDF is signed outside the database transaction; if the report changed
        meanwhile, nothing is stored and :class:`ConflictError` is raised.
        """

        def prepare(s: Session, user: User) -> tuple[ReportDocument, int, Action]:
            r = self._report(s, report_id)
            action = sign_action(Role(user.role))
            check(Role(user.role), action, ReportStatus(r.status))
            if expected_lock_version is not None:
                self._check_lock(s, r, expected_lock_version)
            self._reauthenticate(s, user, password)
            problems = list(
                self.renderer.validate(r.template_id, json.loads(r.answers), self._study_of(s, r))
            )
            if problems:
                raise WorkflowError("the report cannot be signed yet: " + "; ".join(problems))
            m = SignatureManifestation(
                user.full_name,
                user.credentials,
                signature_meaning(action, r.language),
                self._clock(),
            )
            new = next_status(ReportStatus(r.status), action)
            return self._document(s, r, new, m), r.lock_version, action

        doc, lock, action = self._guarded(actor, Action.SIGN_FINAL, report_id, prepare)
        pdf, signed_sha, fingerprint = self._call_signer(
            actor, report_id, doc, identity_path, passphrase
        )

        def store(s: Session, user: User) -> SignatureInfo:
            r = self._report(s, report_id, lock=True)
            self._check_lock(s, r, lock)
            check(Role(user.role), action, ReportStatus(r.status))
            assert doc.signature is not None
            now = doc.signature.signed_at
            r.status = doc.status.value
            r.lock_version += 1
            r.updated_by, r.updated_at = user.id, now
            self._add_version(s, r, f"sign_{doc.status.value}", user, now)
            info = self._store_signature(
                s,
                r,
                user,
                "preliminary" if doc.status is ReportStatus.PRELIMINARY else "final",
                doc.signature,
                pdf,
                signed_sha,
                fingerprint,
            )
            s.execute(delete(Autosave).where(Autosave.report_id == r.id))
            audit.append(
                s,
                actor=user.login,
                action=f"report_sign_{info.kind}",
                entity_type="report",
                entity_id=r.id,
                details={
                    "pdf_sha256": info.pdf_sha256,
                    "signed_sha256": signed_sha,
                    "cert": fingerprint,
                    "version": r.content_version,
                },
                at=now,
            )
            return info

        result: SignatureInfo = self._guarded(actor, action, report_id, store)
        return result

    def _call_signer(
        self, actor: Actor, report_id: int, doc: ReportDocument, identity: Path, passphrase: str
    ) -> tuple[bytes, str, str]:
        signer = self.signer
        try:
            pdf, signed_sha, fingerprint = signer.sign(doc, Path(identity), passphrase)
        except Exception as exc:  # the signer's own errors: wrong passphrase, bad file...
            why = f"signing failed: {exc}"
            self._refuse(actor, "sign", "report", report_id, why)
            raise SigningFailed(why) from exc
        if not pdf.startswith(b"%PDF-"):
            raise SigningFailed("the signer returned something that is not a PDF")
        return pdf, signed_sha, fingerprint

    def _store_signature(
        self,
        s: Session,
        r: ReportRow,
        user: User,
        kind: str,
        m: SignatureManifestation,
        pdf: bytes,
        signed_sha: str,
        fingerprint: str,
    ) -> SignatureInfo:
        digest = sha256_hex(pdf)
        blob = SignedPdf(
            report_id=r.id, sha256=digest, size=len(pdf), data=pdf, created_at=m.signed_at
        )
        s.add(blob)
        s.flush()
        sig = Signature(
            report_id=r.id,
            version_number=r.content_version,
            kind=kind,
            signer_id=user.id,
            signer_name=m.signer_name,
            signer_credentials=m.credentials,
            meaning=m.meaning,
            signed_at=m.signed_at,
            signed_sha256=signed_sha,
            cert_fingerprint=fingerprint,
            pdf_id=blob.id,
        )
        s.add(sig)
        s.flush()
        return SignatureInfo(
            sig.id,
            kind,
            user.login,
            m.signer_name,
            m.meaning,
            m.signed_at,
            signed_sha,
            fingerprint,
            digest,
            r.content_version,
        )

    def addend(
        self,
        actor: Actor,
        report_id: int,
        addendum: str,
        *,
        password: str,
        identity_path: Path,
        passphrase: str,
    ) -> SignatureInfo:
        """Append a signed addendum to a final report (its text is never touched)."""
        addendum = addendum.strip()
        if not addendum:
            raise InvalidInput("the addendum is empty")
        if len(addendum) > _MAX_TEXT:
            raise InvalidInput("the addendum is too long")

        def prepare(s: Session, user: User) -> tuple[ReportDocument, int]:
            r = self._report(s, report_id)
            check(Role(user.role), Action.ADDEND, ReportStatus(r.status))
            self._reauthenticate(s, user, password)
            m = SignatureManifestation(
                user.full_name,
                user.credentials,
                signature_meaning(Action.ADDEND, r.language),
                self._clock(),
            )
            return self._document(s, r, ReportStatus.AMENDED, m, addendum), r.lock_version

        doc, lock = self._guarded(actor, Action.ADDEND, report_id, prepare)
        pdf, signed_sha, fingerprint = self._call_signer(
            actor, report_id, doc, identity_path, passphrase
        )

        def store(s: Session, user: User) -> SignatureInfo:
            r = self._report(s, report_id, lock=True)
            self._check_lock(s, r, lock)
            check(Role(user.role), Action.ADDEND, ReportStatus(r.status))
            m = doc.addenda[-1][0]
            info = self._store_signature(s, r, user, "addendum", m, pdf, signed_sha, fingerprint)
            s.add(
                Addendum(
                    report_id=r.id,
                    text=addendum,
                    author_id=user.id,
                    created_at=m.signed_at,
                    signature_id=info.id,
                )
            )
            texts = [
                a
                for (a,) in s.execute(
                    select(Addendum.text).where(Addendum.report_id == r.id).order_by(Addendum.id)
                )
            ]
            r.search_text = self._search_text(r.plain_text, texts)
            r.status = ReportStatus.AMENDED.value
            r.lock_version += 1
            r.updated_by, r.updated_at = user.id, m.signed_at
            audit.append(
                s,
                actor=user.login,
                action="report_addend",
                entity_type="report",
                entity_id=r.id,
                details={
                    "pdf_sha256": info.pdf_sha256,
                    "signed_sha256": signed_sha,
                    "cert": fingerprint,
                    "addendum_sha256": sha256_hex(addendum),
                },
                at=m.signed_at,
            )
            return info

        result: SignatureInfo = self._guarded(actor, Action.ADDEND, report_id, store)
        return result

    # ------------------------------------------------------------------ export, delivery

    def export_pdf(
        self,
        actor: Actor,
        report_id: int,
        *,
        recipient: str = "",
        channel: str = "export",
        note: str = "",
    ) -> bytes:
        """The latest signed PDF of a report; records the delivery (who, to whom, when)."""

        def run(s: Session, user: User) -> bytes:
            r = self._report(s, report_id)
            check(Role(user.role), Action.EXPORT, ReportStatus(r.status))
            blob = self._latest_pdf(s, r)
            if sha256_hex(blob.data) != blob.sha256:
                raise StoreError(
                    f"the stored PDF of report {r.id} is damaged (checksum mismatch): "
                    "restore the database from a backup"
                )
            self._delivery(s, r, user, blob, channel, recipient, note)
            return bytes(blob.data)

        result: bytes = self._guarded(actor, Action.EXPORT, report_id, run)
        return result

    @staticmethod
    def _latest_pdf(s: Session, r: ReportRow) -> SignedPdf:
        blob = (
            s.execute(
                select(SignedPdf).where(SignedPdf.report_id == r.id).order_by(SignedPdf.id.desc())
            )
            .scalars()
            .first()
        )
        if blob is None:
            raise WorkflowError(f"report {r.id} has no signed PDF")
        return blob

    def signed_pdf(self, actor: Actor, report_id: int) -> bytes:
        """The latest signed PDF, to look at (a preview is not a delivery: none is recorded)."""

        def run(s: Session, user: User) -> bytes:
            r = self._report(s, report_id)
            check(Role(user.role), Action.VIEW, ReportStatus(r.status))
            blob = self._latest_pdf(s, r)
            if sha256_hex(blob.data) != blob.sha256:
                raise StoreError(f"the stored PDF of report {r.id} is damaged (checksum mismatch)")
            return bytes(blob.data)

        data: bytes = self._guarded(actor, Action.VIEW, report_id, run)
        return data

    def record_delivery(
        self, actor: Actor, report_id: int, *, recipient: str, channel: str, note: str = ""
    ) -> None:
        """Record that the latest signed PDF was sent (fax, mail, hand...) to ``recipient``."""
        if not recipient.strip():
            raise InvalidInput("say to whom the report was delivered")

        def run(s: Session, user: User) -> None:
            r = self._report(s, report_id)
            check(Role(user.role), Action.RECORD_DELIVERY, ReportStatus(r.status))
            blob = self._latest_pdf(s, r)
            self._delivery(s, r, user, blob, channel, recipient, note)

        self._guarded(actor, Action.RECORD_DELIVERY, report_id, run)

    def _delivery(
        self,
        s: Session,
        r: ReportRow,
        user: User,
        blob: SignedPdf,
        channel: str,
        recipient: str,
        note: str,
    ) -> None:
        now = self._clock()
        s.add(
            Delivery(
                report_id=r.id,
                pdf_id=blob.id,
                actor_id=user.id,
                channel=channel,
                recipient=recipient.strip(),
                note=note,
                at=now,
            )
        )
        audit.append(
            s,
            actor=user.login,
            action=f"report_{'export' if channel == 'export' else 'deliver'}",
            entity_type="report",
            entity_id=r.id,
            details={"channel": channel, "recipient": recipient.strip(), "pdf_sha256": blob.sha256},
            at=now,
        )

    # ------------------------------------------------------------------ reading

    def _study_of(self, s: Session, r: ReportRow) -> Study:
        st = s.get(StudyRow, r.study_id)
        assert st is not None
        return study_from_snapshot(json.loads(st.snapshot), json.loads(st.headers))

    @staticmethod
    def _summary_query() -> Select[Any]:
        q: Select[Any] = (
            select(  # type: ignore[assignment]
                ReportRow.id,
                ReportRow.status,
                StudyRow.patient_name,
                StudyRow.patient_id,
                StudyRow.accession_number,
                StudyRow.study_date,
                StudyRow.description,
                StudyRow.referring_physician,
                ReportRow.template_id,
                ReportRow.language,
                User.login,
                ReportRow.updated_at,
                ReportRow.lock_version,
            )
            .join(StudyRow, StudyRow.id == ReportRow.study_id)
            .join(User, User.id == ReportRow.created_by)
        )
        return q

    @staticmethod
    def _summaries(rows: Any) -> list[ReportSummary]:
        return [
            ReportSummary(
                r[0],
                ReportStatus(r[1]),
                r[2],
                r[3],
                r[4],
                r[5].date() if isinstance(r[5], dt.datetime) else r[5],
                r[6],
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
            )
            for r in rows
        ]

    def get_report(self, actor: Actor, report_id: int) -> ReportView:
        def run(s: Session, user: User) -> ReportView:
            r = self._report(s, report_id)
            check(Role(user.role), Action.VIEW, ReportStatus(r.status))
            summary = self._summaries(s.execute(self._summary_query().where(ReportRow.id == r.id)))[
                0
            ]
            sigs = tuple(
                SignatureInfo(
                    sig.id,
                    sig.kind,
                    login,
                    sig.signer_name,
                    sig.meaning,
                    sig.signed_at,
                    sig.signed_sha256,
                    sig.cert_fingerprint,
                    sha,
                    sig.version_number,
                )
                for sig, login, sha in s.execute(
                    select(Signature, User.login, SignedPdf.sha256)
                    .join(User, User.id == Signature.signer_id)
                    .join(SignedPdf, SignedPdf.id == Signature.pdf_id)
                    .where(Signature.report_id == r.id)
                    .order_by(Signature.id)
                )
            )
            adds = tuple(
                AddendumInfo(a.id, a.text, login, a.created_at, a.signature_id)
                for a, login in s.execute(
                    select(Addendum, User.login)
                    .join(User, User.id == Addendum.author_id)
                    .where(Addendum.report_id == r.id)
                    .order_by(Addendum.id)
                )
            )
            dels = tuple(
                DeliveryInfo(d.id, login, d.channel, d.recipient, d.note, d.at, sha)
                for d, login, sha in s.execute(
                    select(Delivery, User.login, SignedPdf.sha256)
                    .join(User, User.id == Delivery.actor_id)
                    .join(SignedPdf, SignedPdf.id == Delivery.pdf_id)
                    .where(Delivery.report_id == r.id)
                    .order_by(Delivery.id)
                )
            )
            return ReportView(
                summary,
                self._study_of(s, r),
                r.template_version,
                json.loads(r.answers),
                report_text_from_dict(json.loads(r.text_json)),
                r.plain_text,
                r.content_version,
                r.discard_reason,
                sigs,
                adds,
                dels,
            )

        result: ReportView = self._guarded(actor, Action.VIEW, report_id, run)
        return result

    def versions(self, actor: Actor, report_id: int) -> list[VersionInfo]:
        with self._tx() as s:
            user = self._actor(s, actor)
            r = self._report(s, report_id)
            check(Role(user.role), Action.VIEW, ReportStatus(r.status))
            return [
                VersionInfo(
                    v.number,
                    ReportStatus(v.status),
                    v.reason,
                    login,
                    v.created_at,
                    v.content_sha256,
                    v.plain_text,
                )
                for v, login in s.execute(
                    select(ReportVersion, User.login)
                    .join(User, User.id == ReportVersion.created_by)
                    .where(ReportVersion.report_id == report_id)
                    .order_by(ReportVersion.number)
                )
            ]

    def _visible(self, user: User, statuses: list[ReportStatus] | None) -> list[str]:
        allowed = statuses_for(Role(user.role), Action.SEARCH)
        if not allowed:
            check(Role(user.role), Action.SEARCH)
        wanted = set(statuses) if statuses else set(allowed)
        return sorted(s.value for s in wanted & allowed)

    def list_reports(
        self,
        actor: Actor,
        *,
        statuses: list[ReportStatus] | None = None,
        mine: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> list[ReportSummary]:
        """The worklist: most recently changed first (a secretary sees signed-final only)."""
        with self._tx() as s:
            user = self._actor(s, actor)
            q = self._summary_query().where(ReportRow.status.in_(self._visible(user, statuses)))
            if mine:
                q = q.where(ReportRow.created_by == user.id)
            q = (
                q.order_by(ReportRow.updated_at.desc(), ReportRow.id.desc())
                .limit(limit)
                .offset(offset)
            )
            return self._summaries(s.execute(q))

    def search(
        self,
        actor: Actor,
        words: str = "",
        *,
        statuses: list[ReportStatus] | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        patient: str | None = None,
        referring: str | None = None,
        accession: str | None = None,
        mine: bool = False,
        limit: int = 50,
    ) -> list[ReportSummary]:
        """Full-text search over report text and addenda (accents and case ignored), with filters.

        ``patient`` matches the patient ID exactly or a part of the name; ``mine`` keeps the
        reports the acting user created.
        """
        with self._tx() as s:
            user = self._actor(s, actor)
            q = self._summary_query().where(ReportRow.status.in_(self._visible(user, statuses)))
            tokens = [t for t in fold(words).replace('"', " ").split() if t]
            dated = bool(date_from or date_to)
            # Newest first.  The plan depends on how common the words are: a rare word is
            # looked up in the full-text index first; a common one is checked report by
            # report, newest first (or by study date inside a date range), stopping after
            # one page instead of sorting every hit.
            order: tuple[Any, ...] = (
                (StudyRow.study_date.desc(), ReportRow.id.desc())
                if dated
                else (ReportRow.id.desc(),)
            )
            if tokens:
                if is_sqlite(self.engine):
                    common = self._common(s, tokens, self.fts_common_threshold)
                    match = " ".join(f'"{t}"' for t in tokens)
                    if common and dated:
                        q = q.where(
                            text(
                                "EXISTS (SELECT 1 FROM report_fts WHERE report_fts MATCH :match "
                                "AND report_fts.rowid = reports.id)"
                            )
                        )
                    else:
                        fts = table("report_fts", column("rowid"))
                        q = q.join(fts, fts.c.rowid == ReportRow.id).where(
                            text("report_fts MATCH :match")
                        )
                        if not dated:
                            order = (fts.c.rowid.desc(),)
                    q = q.params(match=match)
                else:
                    # The GIN index gives the hits of a rare word in well under a
                    # millisecond; PostgreSQL's own guess for a word missing from its
                    # statistics is fixed (0.5 %), which made it scan every report.
                    cap = self.fts_common_threshold
                    ids = [
                        row[0]
                        for row in s.execute(
                            text(
                                "SELECT id FROM reports WHERE search_vector @@ "
                                "plainto_tsquery('simple', :match) LIMIT :cap"
                            ),
                            {"match": " ".join(tokens), "cap": cap},
                        )
                    ]
                    if len(ids) < cap:
                        q = q.where(ReportRow.id.in_(ids))
                    else:
                        q = q.where(
                            text("reports.search_vector @@ plainto_tsquery('simple', :match)")
                        ).params(match=" ".join(tokens))
            if date_from:
                q = q.where(StudyRow.study_date >= date_from)
            if date_to:
                q = q.where(StudyRow.study_date <= date_to)
            if patient:
                q = q.where(
                    (StudyRow.patient_id == patient.strip())
                    | StudyRow.patient_name_folded.contains(fold(patient.strip()), autoescape=True)
                )
            if referring:
                q = q.where(
                    StudyRow.referring_folded.contains(fold(referring.strip()), autoescape=True)
                )
            if accession:
                q = q.where(StudyRow.accession_number == accession.strip())
            if mine:
                q = q.where(ReportRow.created_by == user.id)
            return self._summaries(s.execute(q.order_by(*order).limit(limit)))

    @staticmethod
    def _common(s: Session, tokens: list[str], threshold: int = 2000) -> bool:
        """Whether every word is in many reports (from the FTS5 vocabulary table)."""
        counts = [
            s.execute(
                text("SELECT doc FROM report_fts_vocab WHERE term = :t"), {"t": t}
            ).scalar_one_or_none()
            or 0
            for t in tokens
        ]
        return min(counts) >= threshold

    # ------------------------------------------------------------------ audit

    def verify_audit(self, actor: Actor) -> audit.Verification:
        with self._tx() as s:
            check(Role(self._actor(s, actor).role), Action.AUDIT)
            return audit.verify(s)

    def export_audit(self, actor: Actor, path: Path) -> int:
        with self._tx() as s:
            check(Role(self._actor(s, actor).role), Action.AUDIT)
            n = audit.export_csv(s, path)
            audit.append(
                s,
                actor=actor.login,
                action="audit_export",
                entity_type="audit",
                entity_id="-",
                details={"entries": n},
                at=self._clock(),
            )
            return n

    def raw_status(self, report_id: int) -> ReportStatus:
        """The status only (no content, no authorisation needed): for tools and tests."""
        with self._tx() as s:
            return ReportStatus(self._report(s, report_id).status)
