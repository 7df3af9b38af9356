"""``radreport user|report|audit``: the headless twins of the report store's GUI actions.

The acting user is ``--user LOGIN``; passwords come from ``$RADREPORT_PASSWORD`` or a
prompt (never from an argument, which other users could read in the process list), the
signing key's passphrase from ``$RADREPORT_KEY_PASSPHRASE`` or a prompt.  Authorisation
is checked by the store's services; a refused action exits 1 with the reason and
changes nothing.  The database is ``--db URL``, ``$RADREPORT_DB`` or the embedded SQLite
file in the user data folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from radreport.domain.report import ReportStatus
from radreport.domain.workflow import PermissionDenied, Role, WorkflowError

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

PASSWORD_ENV = "RADREPORT_PASSWORD"
PASSPHRASE_ENV = "RADREPORT_KEY_PASSPHRASE"
DELIVERY_CHANNELS = ("fax", "mail", "email", "hand", "portal", "hl7", "other")

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A problem with the command's input, reported without a traceback."""


# ---------------------------------------------------------------------------
# registration


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", help="database URL (default: $RADREPORT_DB or the local database)"
    )
    common.add_argument(
        "--user",
        metavar="LOGIN",
        help="acting user (password from $RADREPORT_PASSWORD or a prompt)",
    )

    user = sub.add_parser("user", help="manage user accounts (admin)")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", parents=[common], help="create an account")
    p.add_argument("login", metavar="LOGIN")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", required=True, help="full name, printed on signatures")
    p.add_argument("--credentials", default="", help='e.g. "MD, FRCPC, Neuroradiologist"')
    p.add_argument(
        "--password-stdin", action="store_true", help="read the new password from standard input"
    )
    p.set_defaults(handler=_wrap(cmd_user_add, needs_user=False))
    p = usub.add_parser("deactivate", parents=[common], help="disable an account (kept for audit)")
    p.add_argument("login", metavar="LOGIN")
    p.set_defaults(handler=_wrap(cmd_user_deactivate))

    report = sub.add_parser("report", help="create, sign, find and deliver reports")
    rsub = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    p = rsub.add_parser("new", parents=[common], help="new draft; prints its id alone")
    p.add_argument("--study", required=True, metavar="PATH", help="DICOM folder, DICOMDIR or zip")
    p.add_argument("--study-uid", metavar="UID", help="which study, when PATH holds several")
    p.add_argument("--template", required=True, metavar="ID")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--answers", metavar="FILE", help="answers as JSON or YAML")
    src.add_argument("--preset", metavar="NAME", help="a template preset, e.g. normal")
    p.add_argument("--lang", choices=("en", "fr"), default="en")
    p.set_defaults(handler=_wrap(cmd_report_new))

    p = rsub.add_parser("list", parents=[common], help="the worklist, most recent first")
    p.add_argument("--status", action="append", choices=[s.value for s in ReportStatus])
    p.add_argument("--mine", action="store_true", help="only reports I created")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_wrap(cmd_report_list))

    p = rsub.add_parser("show", parents=[common], help="a report, its signatures and deliveries")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_wrap(cmd_report_show))

    p = rsub.add_parser("history", parents=[common], help="the report's immutable versions")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=_wrap(cmd_report_history))

    p = rsub.add_parser("edit", parents=[common], help="replace a draft's answers")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--answers", required=True, metavar="FILE")
    p.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="refuse if the report is no longer at this lock version (see report show)",
    )
    p.set_defaults(handler=_wrap(cmd_report_edit))

    p = rsub.add_parser(
        "sign", parents=[common], help="sign (resident: preliminary, radiologist: final)"
    )
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--identity", required=True, metavar="FILE.p12")
    p.set_defaults(handler=_wrap(cmd_report_sign))

    p = rsub.add_parser("addend", parents=[common], help="add a signed addendum to a final report")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--text", required=True)
    p.add_argument("--identity", required=True, metavar="FILE.p12")
    p.set_defaults(handler=_wrap(cmd_report_addend))

    p = rsub.add_parser("discard", parents=[common], help="discard a draft, with a reason")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=_wrap(cmd_report_discard))

    p = rsub.add_parser("export", parents=[common], help="write the signed PDF (recorded)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--to", default="", metavar="RECIPIENT", help="who it is for (recorded)")
    p.set_defaults(handler=_wrap(cmd_report_export))

    p = rsub.add_parser("deliver", parents=[common], help="record that a report was sent")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--to", required=True, metavar="RECIPIENT")
    p.add_argument("--channel", required=True, choices=DELIVERY_CHANNELS)
    p.add_argument("--note", default="")
    p.set_defaults(handler=_wrap(cmd_report_deliver))

    p = rsub.add_parser("search", parents=[common], help="full-text search with filters")
    p.add_argument("text", nargs="?", default="", metavar="TEXT")
    p.add_argument("--status", action="append", choices=[s.value for s in ReportStatus])
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="study date from")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="study date to")
    p.add_argument("--patient", metavar="NAME|ID")
    p.add_argument("--referring", metavar="NAME")
    p.add_argument("--accession", metavar="NUMBER")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_wrap(cmd_report_search))

    audit = sub.add_parser("audit", help="verify or export the audit trail (admin)")
    asub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = asub.add_parser("verify", parents=[common], help="check the hash chain; exit 1 if broken")
    p.set_defaults(handler=_wrap(cmd_audit_verify))
    p = asub.add_parser("export", parents=[common], help="write the audit trail as CSV")
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p.set_defaults(handler=_wrap(cmd_audit_export))


# ---------------------------------------------------------------------------
# plumbing


def _say(text: object = "", file: TextIO | None = None) -> None:
    """print(), spelled so that the linter's no-print rule keeps guarding the library code."""
    (file or sys.stdout).write(f"{text}\n")


def _err(msg: str) -> None:
    _say(f"radreport: {msg}", file=sys.stderr)


def _wrap(fn: Callable[[argparse.Namespace, Any, Any], int], *, needs_user: bool = True) -> Handler:
    """Open the store, log the acting user in, run ``fn``, and turn refusals into messages."""

    def handler(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from radreport.services.store import (
            EngineUnavailable,
            Store,
            StoreError,
            StoreUnavailable,
        )

        store = None
        try:
            try:
                store = Store.open(args.db)
            except (SQLAlchemyError, OSError) as exc:
                raise StoreUnavailable(f"cannot open the database: {_first_line(exc)}") from exc
            actor = None
            if needs_user or args.user:
                if not args.user:
                    raise CliError("say who you are with --user LOGIN")
                actor = store.authenticate(args.user, _password(f"Password for {args.user}: "))
            return fn(args, store, actor)
        except (PermissionDenied, WorkflowError) as exc:
            _err(f"refused: {exc}")
        except (StoreError, EngineUnavailable, StoreUnavailable, CliError) as exc:
            _err(str(exc))
        except SQLAlchemyError as exc:
            _err(f"database error: {_first_line(exc)}")
        except OSError as exc:
            _err(f"{getattr(exc, 'filename', None) or 'file'}: {exc.strerror or exc}")
        except KeyboardInterrupt:
            _err("interrupted; nothing was changed by the interrupted action")
            return 130
        finally:
            if store is not None:
                store.close()
        return EXIT_REFUSED

    return handler


def _first_line(exc: BaseException) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]


def _password(prompt: str, env: str = PASSWORD_ENV) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"no password: set {env} or run the command in a terminal")
    return getpass.getpass(prompt)


def _load_answers(path: str) -> dict[str, Any]:
    import yaml

    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read the answers file {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"the answers file {p} is not UTF-8 text") from exc
    try:
        data = json.loads(raw) if p.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError) as exc:
        raise CliError(f"the answers file {p} is not valid JSON/YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CliError(f"the answers file {p} must hold a mapping of field: value")
    return data


def _date(value: str | None, what: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"{what} must be a date like 2026-03-14, not {value!r}") from exc


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _summary_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "status": r.status.value,
        "patient_name": r.patient_name,
        "patient_id": r.patient_id,
        "accession_number": r.accession_number,
        "study_date": r.study_date.isoformat() if r.study_date else None,
        "study_description": r.study_description,
        "referring_physician": r.referring_physician,
        "template_id": r.template_id,
        "language": r.language,
        "author": r.author,
        "updated_at": r.updated_at.isoformat(),
        "lock_version": r.lock_version,
    }


def _print_table(rows: Sequence[Any]) -> None:
    if not rows:
        _say("no reports")
        return
    _say(f"{'ID':>6}  {'Status':<11} {'Study date':<10}  {'Accession':<12} {'Patient':<28} Author")
    for r in rows:
        date = r.study_date.isoformat() if r.study_date else "-"
        patient = f"{r.patient_name} ({r.patient_id})"[:28]
        _say(
            f"{r.id:>6}  {r.status.value:<11} {date:<10}  {r.accession_number[:12]:<12} "
            f"{patient:<28} {r.author}"
        )


# ---------------------------------------------------------------------------
# users


def cmd_user_add(args: argparse.Namespace, store: Any, actor: Any) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CliError("give the new password with --password-stdin or in a terminal")
        password = getpass.getpass(f"New password for {args.login}: ")
        if getpass.getpass("Repeat it: ") != password:
            raise CliError("the two passwords differ; nothing was created")
    created = store.add_user(actor, args.login, args.role, args.name, password, args.credentials)
    _say(f"created {created.role.value} {created.login} ({created.full_name})", file=sys.stderr)
    return EXIT_OK


def cmd_user_deactivate(args: argparse.Namespace, store: Any, actor: Any) -> int:
    store.deactivate_user(actor, args.login)
    _say(f"deactivated {args.login}", file=sys.stderr)
    return EXIT_OK


# ---------------------------------------------------------------------------
# reports


def cmd_report_new(args: argparse.Namespace, store: Any, actor: Any) -> int:
    from radreport.services.scanner import scan_paths

    # Check the engine first: no scan and nothing stored when it is missing.
    renderer = store.renderer
    if args.preset:
        try:
            answers = renderer.preset(args.template, args.preset)
        except KeyError as exc:
            raise CliError(f"template {args.template!r} has no preset {args.preset!r}") from exc
    else:
        answers = _load_answers(args.answers)
    result = scan_paths([args.study])
    studies = result.studies
    if args.study_uid:
        studies = [s for s in studies if s.study_instance_uid == args.study_uid]
    if not studies:
        why = "; ".join(f"{e.path}: {e.reason}" for e in result.errors[:3])
        raise CliError(f"no DICOM study found in {args.study}" + (f" ({why})" if why else ""))
    if len(studies) > 1:
        uids = ", ".join(s.study_instance_uid for s in studies)
        raise CliError(
            f"{args.study} holds {len(studies)} studies: choose with --study-uid ({uids})"
        )
    rid = store.create_report(actor, studies[0], args.template, answers, args.lang)
    _say(rid)
    return EXIT_OK


def cmd_report_list(args: argparse.Namespace, store: Any, actor: Any) -> int:
    statuses = [ReportStatus(s) for s in args.status] if args.status else None
    rows = store.list_reports(actor, statuses=statuses, mine=args.mine, limit=args.limit)
    if args.json:
        _say(json.dumps([_summary_dict(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
    return EXIT_OK


def cmd_report_show(args: argparse.Namespace, store: Any, actor: Any) -> int:
    v = store.get_report(actor, args.id)
    if args.json:
        out = {
            **_summary_dict(v.summary),
            "template_version": v.template_version,
            "content_version": v.content_version,
            "answers": v.answers,
            "text": v.text.to_dict(),
            "plain_text": v.plain_text,
            "discard_reason": v.discard_reason,
            "signatures": [
                {
                    "kind": s.kind,
                    "signer": s.signer,
                    "signer_name": s.signer_name,
                    "meaning": s.meaning,
                    "signed_at": s.signed_at.isoformat(),
                    "signed_sha256": s.signed_sha256,
                    "cert_fingerprint": s.cert_fingerprint,
                    "pdf_sha256": s.pdf_sha256,
                }
                for s in v.signatures
            ],
            "addenda": [
                {"text": a.text, "author": a.author, "at": a.created_at.isoformat()}
                for a in v.addenda
            ],
            "deliveries": [
                {
                    "by": d.actor,
                    "channel": d.channel,
                    "to": d.recipient,
                    "at": d.at.isoformat(),
                    "pdf_sha256": d.pdf_sha256,
                }
                for d in v.deliveries
            ],
        }
        _say(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    s = v.summary
    _say(f"Report {s.id}   {s.status.value.upper()}   lock version {s.lock_version}")
    _say(f"Patient  {s.patient_name} ({s.patient_id})   accession {s.accession_number or '-'}")
    date = s.study_date.isoformat() if s.study_date else "-"
    _say(f"Study    {date}   {s.study_description or '-'}")
    _say(f"Referring {s.referring_physician or '-'}")
    _say(f"Template {s.template_id} {v.template_version}   language {s.language}\n")
    _say(v.plain_text)
    if v.discard_reason:
        _say(f"Discarded: {v.discard_reason}\n")
    for a in v.addenda:
        _say(f"ADDENDUM ({a.author}, {a.created_at:%Y-%m-%d %H:%M} UTC)\n{a.text}\n")
    for sig in v.signatures:
        _say(
            f"Signed {sig.kind}: {sig.signer_name} ({sig.signer}), {sig.meaning}, "
            f"{sig.signed_at:%Y-%m-%d %H:%M:%S} UTC, PDF SHA-256 {sig.pdf_sha256[:16]}..."
        )
    for d in v.deliveries:
        _say(
            f"Delivered ({d.channel}) to {d.recipient or '-'} by {d.actor}, "
            f"{d.at:%Y-%m-%d %H:%M:%S} UTC"
        )
    return EXIT_OK


def cmd_report_history(args: argparse.Namespace, store: Any, actor: Any) -> int:
    for v in store.versions(actor, args.id):
        _say(
            f"{v.number:>3}  {v.created_at:%Y-%m-%d %H:%M:%S} UTC  {v.author:<12} "
            f"{v.reason:<17} {v.status.value:<11} {v.content_sha256[:16]}"
        )
    return EXIT_OK


def cmd_report_edit(args: argparse.Namespace, store: Any, actor: Any) -> int:
    answers = _load_answers(args.answers)
    lock = args.expect_version
    if lock is None:
        lock = store.get_report(actor, args.id).lock_version
    new_lock = store.save_draft(actor, args.id, expected_lock_version=lock, answers=answers)
    _say(f"saved report {args.id} (lock version {new_lock})", file=sys.stderr)
    return EXIT_OK


def _identity(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise CliError(f"no signing identity file {p}")
    return p


def cmd_report_sign(args: argparse.Namespace, store: Any, actor: Any) -> int:
    identity = _identity(args.identity)
    store.signer  # noqa: B018 - fail early, before asking for the passphrase
    passphrase = _password(f"Passphrase of {identity.name}: ", PASSPHRASE_ENV)
    sig = store.sign(
        actor,
        args.id,
        password=_password(f"Password for {actor.login} (to sign): "),
        identity_path=identity,
        passphrase=passphrase,
    )
    _say(f"report {args.id} signed {sig.kind} by {sig.signer_name}", file=sys.stderr)
    return EXIT_OK


def cmd_report_addend(args: argparse.Namespace, store: Any, actor: Any) -> int:
    identity = _identity(args.identity)
    store.signer  # noqa: B018 - fail early, before asking for the passphrase
    passphrase = _password(f"Passphrase of {identity.name}: ", PASSPHRASE_ENV)
    store.addend(
        actor,
        args.id,
        args.text,
        password=_password(f"Password for {actor.login} (to sign): "),
        identity_path=identity,
        passphrase=passphrase,
    )
    _say(f"addendum to report {args.id} signed", file=sys.stderr)
    return EXIT_OK


def cmd_report_discard(args: argparse.Namespace, store: Any, actor: Any) -> int:
    lock = store.get_report(actor, args.id).lock_version
    store.discard(actor, args.id, args.reason, expected_lock_version=lock)
    _say(f"report {args.id} discarded", file=sys.stderr)
    return EXIT_OK


def cmd_report_export(args: argparse.Namespace, store: Any, actor: Any) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK):
        raise CliError(f"cannot write to {out.parent}")
    pdf = store.export_pdf(actor, args.id, recipient=args.to)
    try:
        _write_atomically(out, pdf)
    except OSError as exc:
        raise CliError(
            f"cannot write {out}: {exc.strerror or exc} (the export was recorded; retry)"
        ) from exc
    _say(f"wrote {out} ({len(pdf)} bytes)", file=sys.stderr)
    return EXIT_OK


def cmd_report_deliver(args: argparse.Namespace, store: Any, actor: Any) -> int:
    store.record_delivery(actor, args.id, recipient=args.to, channel=args.channel, note=args.note)
    _say(f"delivery of report {args.id} to {args.to} recorded", file=sys.stderr)
    return EXIT_OK


def cmd_report_search(args: argparse.Namespace, store: Any, actor: Any) -> int:
    rows = store.search(
        actor,
        args.text,
        statuses=[ReportStatus(s) for s in args.status] if args.status else None,
        date_from=_date(args.date_from, "--from"),
        date_to=_date(args.date_to, "--to"),
        patient=args.patient,
        referring=args.referring,
        accession=args.accession,
        limit=args.limit,
    )
    if args.json:
        _say(json.dumps([_summary_dict(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
    return EXIT_OK


# ---------------------------------------------------------------------------
# audit


def cmd_audit_verify(args: argparse.Namespace, store: Any, actor: Any) -> int:
    result = store.verify_audit(actor)
    if result.ok:
        _say(f"audit trail intact: {result.entries} entries")
        return EXIT_OK
    _say(
        f"AUDIT TRAIL BROKEN at entry {result.first_broken}: {result.problem} "
        f"({result.entries} entries verified before it)"
    )
    return EXIT_REFUSED


def cmd_audit_export(args: argparse.Namespace, store: Any, actor: Any) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"the folder {out.parent} does not exist")
    n = store.export_audit(actor, out)
    _say(f"wrote {n} audit entries to {out}", file=sys.stderr)
    return EXIT_OK
