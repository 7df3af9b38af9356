"""Database tables of the report store (SQLAlchemy 2 ORM).

The schema itself is created by the Alembic migrations in ``migrations/``
(which also add the triggers and full-text indexes the ORM does not know of);
``tests/store/test_migrations.py`` checks that these models and the migrated
database agree.

JSON payloads are stored as canonical text (sorted keys) rather than JSON/JSONB
columns so that hashes over them (versions, audit chain) are identical on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (stored naive, in UTC, on both backends)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class StudyRow(Base):
    __tablename__ = "studies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_instance_uid: Mapped[str] = mapped_column(String(64), unique=True)
    patient_name: Mapped[str] = mapped_column(String(200), default="")
    patient_name_folded: Mapped[str] = mapped_column(String(200), default="", index=True)
    patient_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    accession_number: Mapped[str] = mapped_column(String(64), default="", index=True)
    study_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    referring_physician: Mapped[str] = mapped_column(String(200), default="")
    referring_folded: Mapped[str] = mapped_column(String(200), default="", index=True)
    snapshot: Mapped[str] = mapped_column(Text)  # Study.to_dict() as canonical JSON
    headers: Mapped[str] = mapped_column(Text)  # first header of each series, to rebuild Study
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"))
    template_id: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20))
    answers: Mapped[str] = mapped_column(Text)  # canonical JSON
    text_json: Mapped[str] = mapped_column(Text)  # ReportText.to_dict(), canonical JSON
    plain_text: Mapped[str] = mapped_column(Text)
    # report text + addenda, accents folded and lower-cased: what full-text search indexes
    search_text: Mapped[str] = mapped_column(Text)
    content_version: Mapped[int] = mapped_column(Integer)  # number of the latest ReportVersion
    lock_version: Mapped[int] = mapped_column(Integer)  # optimistic locking, +1 on every write
    discard_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_reports_status_updated", "status", "updated_at"),
        Index("ix_reports_creator_status_updated", "created_by", "status", "updated_at"),
        Index("ix_reports_study", "study_id"),
    )


class ReportVersion(Base):
    """An immutable snapshot of a report's content (a DB trigger refuses updates/deletes)."""

    __tablename__ = "report_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    answers: Mapped[str] = mapped_column(Text)
    text_json: Mapped[str] = mapped_column(Text)
    plain_text: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("report_id", "number", name="uq_report_versions_number"),)


class SignedPdf(Base):
    """The signed bytes, content-addressed by their SHA-256 (kept in the database: see README)."""

    __tablename__ = "signed_pdfs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Signature(Base):
    __tablename__ = "signatures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # preliminary | final | addendum
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_credentials: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    signed_sha256: Mapped[str] = mapped_column(String(64))  # as reported by the signer
    cert_fingerprint: Mapped[str] = mapped_column(String(128))
    pdf_id: Mapped[int] = mapped_column(ForeignKey("signed_pdfs.id"))


class Addendum(Base):
    __tablename__ = "addenda"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"))


class Delivery(Base):
    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    pdf_id: Mapped[int] = mapped_column(ForeignKey("signed_pdfs.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(40))  # export | fax | mail | hand | portal ...
    recipient: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Autosave(Base):
    """The working copy of a draft, overwritten every few seconds by the editor."""

    __tablename__ = "autosaves"
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    base_lock_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text)
    text_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """One hash-chained audit entry; ``hash`` covers every other column and ``prev_hash``."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))  # login (or "-" for the system)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last sequence number and hash, so that cutting the tail of the chain is detected."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
