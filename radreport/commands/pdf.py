"""PDF subcommands: ``keygen``, ``verify``, ``pdf`` (render/sign from JSON) and ``addendum``.

Passphrases never come from a command-line argument (they would show in the
process list and the shell history): ``--passphrase-file``, the
RADREPORT_KEY_PASSPHRASE environment variable, or a prompt.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"radreport: {text}\n")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kg = sub.add_parser(
        "keygen",
        allow_abbrev=False,
        help="create a DEMO signing identity (test CA + signer), not for clinical use",
        description=(
            "Create a demo PKCS#12 signing identity issued by a throw-away test CA, to try "
            "signing. NOT FOR CLINICAL USE: use a certificate from your hospital's PKI for "
            "real reports (see README). The CA certificate is written next to the .p12 as "
            "<name>.ca.pem for `radreport verify --trust`."
        ),
    )
    kg.add_argument("--name", required=True, help='signer name, e.g. "Dr. Jane Roe"')
    kg.add_argument("--credentials", default="", help='e.g. "MD, FRCPC, Neuroradiologist"')
    kg.add_argument("--out", required=True, metavar="FILE.p12")
    kg.add_argument("--passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    kg.add_argument("--force", action="store_true", help="overwrite existing files")
    kg.set_defaults(handler=cmd_keygen)

    ve = sub.add_parser(
        "verify",
        allow_abbrev=False,
        help="check the digital signatures of a PDF report",
        description=(
            "Exit status: 0 = every signature intact and valid, the last one covering the "
            "whole file (and trusted, with --trust); 1 = not valid; 2 = not a signed PDF."
        ),
    )
    ve.add_argument("file", metavar="FILE.pdf")
    ve.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CA.pem",
        help="CA certificate(s) to trust (PEM or DER; repeatable)",
    )
    ve.add_argument("--json", action="store_true", help="print one JSON object")
    ve.set_defaults(handler=cmd_verify)

    pdf = sub.add_parser(
        "pdf",
        allow_abbrev=False,
        help="render a report PDF from a report JSON file (optionally signed)",
    )
    src = pdf.add_mutually_exclusive_group(required=True)
    src.add_argument("--report-json", metavar="FILE", help="ReportDocument or ReportText JSON")
    src.add_argument("--demo", choices=("en", "fr"), help="the built-in sample report")
    pdf.add_argument("--out", required=True, metavar="FILE.pdf")
    add_pdf_arguments(pdf)
    pdf.set_defaults(handler=cmd_pdf)

    add = sub.add_parser(
        "addendum",
        allow_abbrev=False,
        help="append a signed addendum to a signed report PDF (earlier signature stays valid)",
    )
    add.add_argument("file", metavar="SIGNED.pdf")
    add.add_argument("--text-file", required=True, metavar="FILE", help="addendum text (UTF-8)")
    add.add_argument("--sign", required=True, metavar="IDENTITY.p12")
    add.add_argument("--out", required=True, metavar="OUT.pdf")
    add.add_argument("--passphrase-file", metavar="FILE")
    add.add_argument("--credentials", default="")
    add.add_argument("--meaning", default="")
    add.add_argument("--lang", choices=("en", "fr"), default="en")
    add.add_argument("--letterhead", metavar="FILE.yaml")
    add.add_argument("--tsa-url", default="")
    add.set_defaults(handler=cmd_addendum)


# -- keygen -------------------------------------------------------------------------


def add_pdf_arguments(parser: argparse.ArgumentParser) -> None:
    """Signing and letterhead options shared by ``pdf`` and ``render --format pdf``."""
    parser.add_argument("--sign", metavar="IDENTITY.p12", help="sign with this PKCS#12 identity")
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="key passphrase from FILE (else $RADREPORT_KEY_PASSPHRASE, else a prompt)",
    )
    parser.add_argument("--credentials", default="", help='signer credentials, e.g. "MD, FRCPC"')
    parser.add_argument("--meaning", default="", help="signature meaning (default: final report)")
    parser.add_argument("--letterhead", metavar="FILE.yaml", help="letterhead configuration")
    parser.add_argument("--tsa-url", default="", help="time-stamp authority (PAdES B-T)")


def cmd_keygen(args: argparse.Namespace) -> int:
    from radreport.services.pdf.pki import NOT_CLINICAL, ca_path_for, make_demo_identity
    from radreport.services.pdf.signing import PASSPHRASE_ENV, SigningError, read_passphrase

    out = Path(args.out)
    ca = ca_path_for(out)
    if not args.force:
        for p in (out, ca):
            if p.exists():
                _err(f"{p} exists: choose another --out or add --force")
                return EXIT_USAGE
    try:
        if args.passphrase_file or PASSPHRASE_ENV in __import__("os").environ:
            passphrase = read_passphrase(args.passphrase_file)
        else:
            passphrase = read_passphrase(None, prompt="New key passphrase: ")
            again = read_passphrase(None, prompt="Repeat the passphrase: ")
            if again != passphrase:
                _err("the passphrases differ")
                return EXIT_USAGE
    except SigningError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if len(passphrase) < 8:
        _err("the passphrase must have at least 8 characters")
        return EXIT_USAGE
    try:
        ident = make_demo_identity(args.name, out, passphrase, credentials=args.credentials)
    except (OSError, ValueError) as exc:
        _err(f"cannot create the identity: {getattr(exc, 'strerror', None) or exc}")
        return EXIT_FAIL
    _out(f"*** {NOT_CLINICAL} ***")
    _out("Demo signing identity created for trying RadReport. Reports signed with it are")
    _out("not trustworthy clinical documents: use a certificate from your hospital's PKI.")
    _out(f"  identity (PKCS#12, keep private): {ident.p12_path}")
    _out(f"  demo CA certificate:             {ident.ca_path}")
    _out(f"  subject:                         {ident.subject}")
    _out(f"  SHA-256 fingerprint:             {ident.fingerprint_sha256}")
    _out(f"  valid until:                     {ident.not_after:%Y-%m-%d}")
    return EXIT_OK


# -- verify -------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    from radreport.services.pdf.verify import (
        EXIT_NOT_SIGNED_PDF,
        NotASignedPdf,
        TrustStoreError,
        format_report,
        verify_pdf,
    )

    # pyHanko logs every failed path/trust check with a traceback: the report says it all
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        report = verify_pdf(args.file, trust=args.trust or None)
    except NotASignedPdf as exc:
        if args.json:
            _out(json.dumps({"path": args.file, "ok": False, "error": str(exc)}))
        _err(str(exc))
        return EXIT_NOT_SIGNED_PDF
    except TrustStoreError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.json:
        _out(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _out(format_report(report))
    return report.exit_code


# -- pdf / addendum -----------------------------------------------------------------


def _manifestation(
    existing: Any, signer_cn: str, credentials: str, meaning: str, lang: str, addendum: bool = False
) -> Any:
    from radreport.domain.report import SignatureManifestation
    from radreport.domain.workflow import Action, signature_meaning

    if existing is not None:
        return existing
    default = signature_meaning(Action.ADDEND if addendum else Action.SIGN_FINAL, lang)
    return SignatureManifestation(
        signer_name=signer_cn,
        credentials=credentials,
        meaning=meaning or default,
        signed_at=dt.datetime.now().astimezone(),
    )


def cmd_pdf(args: argparse.Namespace) -> int:
    from radreport.services.pdf import ReportJsonError, document_from_dict
    from radreport.services.pdf.samples import sample_document

    try:
        if args.demo:
            doc = sample_document(args.demo, signed=bool(args.sign))
        else:
            try:
                data = json.loads(Path(args.report_json).read_text(encoding="utf-8"))
            except OSError as exc:
                _err(f"cannot read {args.report_json}: {exc.strerror or exc}")
                return EXIT_USAGE
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                _err(f"{args.report_json} is not valid JSON: {exc}")
                return EXIT_USAGE
            if not isinstance(data, dict):
                _err(f"{args.report_json} must hold a JSON object")
                return EXIT_USAGE
            doc = document_from_dict(data)
    except ReportJsonError as exc:
        _err(str(exc))
        return EXIT_FAIL
    return export_document(doc, args)


def export_document(doc: Any, args: argparse.Namespace) -> int:
    """Render ``doc`` (a ReportDocument), sign it with ``--sign``, write ``--out`` atomically."""
    from radreport.domain.report import ReportStatus
    from radreport.services.pdf import (
        ConfigError,
        FontError,
        SigningError,
        load_config,
        load_identity,
        read_passphrase,
        write_atomic,
    )
    from radreport.services.pdf.export import export_pdf

    try:
        config = load_config(args.letterhead)
        identity = None
        if args.sign:
            identity = load_identity(args.sign, read_passphrase(args.passphrase_file))
            man = _manifestation(
                doc.signature,
                identity.common_name,
                args.credentials,
                args.meaning,
                doc.text.language,
            )
            status = doc.status if doc.status == ReportStatus.AMENDED else ReportStatus.FINAL
            doc = dataclasses.replace(doc, signature=man, status=status)
        result = export_pdf(doc, identity=identity, config=config, tsa_url=args.tsa_url or None)
        write_atomic(args.out, result.data)
    except (ConfigError, FontError, SigningError) as exc:
        _err(str(exc))
        return EXIT_FAIL
    except OSError as exc:
        _err(f"cannot write {args.out}: {exc.strerror or exc}")
        return EXIT_FAIL
    digest = result.signed_sha256
    _out(
        f"wrote {args.out} ({result.pages} page{'s' if result.pages != 1 else ''}"
        f"{', signed' if digest else ', UNSIGNED'})"
    )
    if digest:
        _out(f"signed SHA-256: {digest}")
    return EXIT_OK


def cmd_addendum(args: argparse.Namespace) -> int:
    from radreport.services.pdf import (
        ConfigError,
        SigningError,
        add_signed_addendum,
        load_config,
        load_identity,
        read_passphrase,
        write_atomic,
    )

    try:
        config = load_config(args.letterhead)
        pdf_bytes = Path(args.file).read_bytes()
        text = Path(args.text_file).read_text(encoding="utf-8")
        identity = load_identity(args.sign, read_passphrase(args.passphrase_file))
        man = _manifestation(
            None, identity.common_name, args.credentials, args.meaning, args.lang, addendum=True
        )
        signed = add_signed_addendum(
            pdf_bytes,
            text,
            man,
            identity,
            language=args.lang,
            tsa_url=args.tsa_url or config.tsa_url or None,
            fonts=config.fonts,
        )
        write_atomic(args.out, signed.data)
    except (ConfigError, SigningError) as exc:
        _err(str(exc))
        return EXIT_FAIL
    except UnicodeDecodeError:
        _err(f"{args.text_file} is not UTF-8 text")
        return EXIT_USAGE
    except OSError as exc:
        _err(f"{exc.filename or ''}: {exc.strerror or exc}")
        return EXIT_FAIL
    _out(f"wrote {args.out} (addendum signed as {signed.field_name})")
    _out(f"signed SHA-256: {signed.sha256}")
    return EXIT_OK
