"""Initial schema: users, studies, reports and their versions, signatures, signed PDFs,
addenda, deliveries, autosaves, hash-chained audit trail; immutability triggers and
full-text search (SQLite FTS5 / PostgreSQL tsvector + GIN).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from radreport.services.store.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Tables whose rows are never updated nor deleted once written.
APPEND_ONLY = ("report_versions", "signatures", "signed_pdfs", "addenda", "deliveries")
LOCKED = "('final','amended')"


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(64), nullable=False, unique=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("credentials", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        _ts("created_at"),
        sa.CheckConstraint(
            "role IN ('radiologist','resident','secretary','admin')", name="ck_users_role"
        ),
    )
    op.create_table(
        "studies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("study_instance_uid", sa.String(64), nullable=False, unique=True),
        sa.Column("patient_name", sa.String(200), nullable=False),
        sa.Column("patient_name_folded", sa.String(200), nullable=False, index=True),
        sa.Column("patient_id", sa.String(64), nullable=False, index=True),
        sa.Column("accession_number", sa.String(64), nullable=False, index=True),
        sa.Column("study_date", sa.Date, nullable=True, index=True),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("referring_physician", sa.String(200), nullable=False),
        sa.Column("referring_folded", sa.String(200), nullable=False, index=True),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("study_id", sa.Integer, sa.ForeignKey("studies.id"), nullable=False),
        sa.Column("template_id", sa.String(100), nullable=False),
        sa.Column("template_version", sa.String(40), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("text_json", sa.Text, nullable=False),
        sa.Column("plain_text", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("content_version", sa.Integer, nullable=False),
        sa.Column("lock_version", sa.Integer, nullable=False),
        sa.Column("discard_reason", sa.Text, nullable=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        _ts("created_at"),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        _ts("updated_at"),
        sa.CheckConstraint(
            "status IN ('draft','preliminary','final','amended','discarded')",
            name="ck_reports_status",
        ),
    )
    op.create_index("ix_reports_status_updated", "reports", ["status", "updated_at"])
    op.create_index(
        "ix_reports_creator_status_updated", "reports", ["created_by", "status", "updated_at"]
    )
    op.create_index("ix_reports_study", "reports", ["study_id"])
    op.create_table(
        "report_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("text_json", sa.Text, nullable=False),
        sa.Column("plain_text", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("report_id", "number", name="uq_report_versions_number"),
    )
    op.create_table(
        "signed_pdfs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_signed_pdfs_report_id", "signed_pdfs", ["report_id"])
    op.create_table(
        "signatures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("version_number", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("signer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("signer_name", sa.String(200), nullable=False),
        sa.Column("signer_credentials", sa.String(200), nullable=False),
        sa.Column("meaning", sa.String(200), nullable=False),
        _ts("signed_at"),
        sa.Column("signed_sha256", sa.String(64), nullable=False),
        sa.Column("cert_fingerprint", sa.String(128), nullable=False),
        sa.Column("pdf_id", sa.Integer, sa.ForeignKey("signed_pdfs.id"), nullable=False),
    )
    op.create_index("ix_signatures_report_id", "signatures", ["report_id"])
    op.create_table(
        "addenda",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        _ts("created_at"),
        sa.Column("signature_id", sa.Integer, sa.ForeignKey("signatures.id"), nullable=False),
    )
    op.create_index("ix_addenda_report_id", "addenda", ["report_id"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("pdf_id", sa.Integer, sa.ForeignKey("signed_pdfs.id"), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        _ts("at"),
    )
    op.create_index("ix_deliveries_report_id", "deliveries", ["report_id"])
    op.create_table(
        "autosaves",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("base_lock_version", sa.Integer, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("text_json", sa.Text, nullable=True),
        _ts("saved_at"),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        _ts("at"),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity_type", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_extras()
    else:
        _postgres_extras()


def _sqlite_extras() -> None:
    for table in (*APPEND_ONLY, "audit_events"):
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )
    op.execute(
        "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports "
        "BEGIN SELECT RAISE(ABORT, 'reports are never deleted (discard a draft instead)'); END"
    )
    op.execute(
        f"""CREATE TRIGGER reports_locked_content BEFORE UPDATE ON reports
        WHEN OLD.status IN {LOCKED} AND (
            NEW.answers IS NOT OLD.answers OR NEW.text_json IS NOT OLD.text_json
            OR NEW.plain_text IS NOT OLD.plain_text OR NEW.template_id IS NOT OLD.template_id
            OR NEW.template_version IS NOT OLD.template_version
            OR NEW.language IS NOT OLD.language OR NEW.study_id IS NOT OLD.study_id
            OR NEW.content_version IS NOT OLD.content_version
            OR NEW.status NOT IN {LOCKED})
        BEGIN SELECT RAISE(ABORT, 'the content of a final report can never change'); END"""
    )
    # External-content FTS5 index over reports.search_text, kept in step by triggers.
    op.execute(
        "CREATE VIRTUAL TABLE report_fts USING fts5(search_text, content='reports', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    # Per-word document counts, so the search can pick its plan (rare vs common word).
    op.execute("CREATE VIRTUAL TABLE report_fts_vocab USING fts5vocab(report_fts, 'row')")
    op.execute(
        "CREATE TRIGGER reports_fts_ai AFTER INSERT ON reports BEGIN "
        "INSERT INTO report_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER reports_fts_au AFTER UPDATE OF search_text ON reports BEGIN "
        "INSERT INTO report_fts(report_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO report_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def _postgres_extras() -> None:
    op.execute(
        """CREATE FUNCTION radreport_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$"""
    )
    for table in (*APPEND_ONLY, "audit_events"):
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION radreport_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION radreport_append_only()"
        )
    op.execute(
        "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports "
        "FOR EACH ROW EXECUTE FUNCTION radreport_append_only()"
    )
    op.execute(
        f"""CREATE FUNCTION radreport_locked_content() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status IN {LOCKED} AND (
               NEW.answers IS DISTINCT FROM OLD.answers
            OR NEW.text_json IS DISTINCT FROM OLD.text_json
            OR NEW.plain_text IS DISTINCT FROM OLD.plain_text
            OR NEW.template_id IS DISTINCT FROM OLD.template_id
            OR NEW.template_version IS DISTINCT FROM OLD.template_version
            OR NEW.language IS DISTINCT FROM OLD.language
            OR NEW.study_id IS DISTINCT FROM OLD.study_id
            OR NEW.content_version IS DISTINCT FROM OLD.content_version
            OR NEW.status NOT IN {LOCKED}) THEN
            RAISE EXCEPTION 'the content of a final report can never change';
          END IF;
          RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER reports_locked_content BEFORE UPDATE ON reports "
        "FOR EACH ROW EXECUTE FUNCTION radreport_locked_content()"
    )
    # search_text is already accent-folded and lower-cased by the service, so the
    # 'simple' configuration (no stemming, no stop words) works the same in EN and FR.
    op.execute(
        "ALTER TABLE reports ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    )
    op.execute("CREATE INDEX ix_reports_search ON reports USING gin (search_vector)")


def downgrade() -> None:
    raise NotImplementedError("the report store is never downgraded (it is a medical record)")
