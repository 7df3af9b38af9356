"""CLI: ``radreport templates``, ``radreport template show ID``, ``radreport render``.

``render`` is split so other output formats can be added without touching the
rest: :func:`report_from_args` returns the ReportText (or raises CommandError
with an exit code) and :data:`WRITERS` maps ``--format`` to a function that
turns it into bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radreport.commands.pdf import add_pdf_arguments, export_document
from radreport.domain.report import ReportText
from radreport.domain.study import Study
from radreport.services.atomic import write_atomic

if TYPE_CHECKING:
    from radreport.domain.rules.messages import RuleMessage

EXIT_OK = 0
EXIT_TEMPLATE_BROKEN = 1
EXIT_USAGE = 2  # also: invalid answers


class CommandError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lst = sub.add_parser("templates", help="list the report templates")
    lst.add_argument(
        "--json", action="store_true", help="print a JSON list (id, title, regions...)"
    )
    lst.set_defaults(handler=cmd_templates)

    tpl = sub.add_parser("template", help="show or check one report template")
    tsub = tpl.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    show = tsub.add_parser("show", help="print a template's full schema (fields, options, presets)")
    show.add_argument("template_id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the schema as JSON")
    show.set_defaults(handler=cmd_template_show)

    render = sub.add_parser(
        "render",
        help="write a report's text from a template and answers",
        description="Render a report. Invalid answers: exit 2 listing every problem; "
        "warnings go to stderr and do not fail.",
    )
    render.add_argument("--template", required=True, metavar="ID")
    src = render.add_mutually_exclusive_group(required=True)
    src.add_argument("--answers", metavar="FILE", help="YAML or JSON mapping field ids to values")
    src.add_argument("--preset", metavar="NAME", help="a preset of the template, e.g. normal")
    render.add_argument("--study", metavar="PATH", help="DICOM folder/zip/file of the study")
    render.add_argument("--lang", choices=("en", "fr"), default="en")
    render.add_argument("--format", choices=[*sorted(WRITERS), "pdf"], default="text", dest="fmt")
    render.add_argument("--out", metavar="FILE", help="write here (atomically) instead of stdout")
    add_pdf_arguments(render)
    render.set_defaults(handler=cmd_render)


# ---------------------------------------------------------------------------


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def _out(text: str) -> None:
    sys.stdout.write(text.rstrip("\n") + "\n")


def cmd_templates(args: argparse.Namespace) -> int:
    from radreport.services.templates import check, list_templates

    infos = list_templates()
    if args.json:
        _out(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2))
    else:
        for i in infos:
            _out(f"{i.id:<16} {i.title['en']}  [{', '.join(i.regions)}]  ({i.field_count} fields)")
    for tid, exc in check().items():
        _err(f"radreport: template {tid!r} is broken:\n{exc}")
    return EXIT_OK


def _load(template_id: str) -> Any:
    from radreport.services.templates import TemplateError, load_template

    try:
        return load_template(template_id)
    except TemplateError as exc:
        unknown = (
            len(exc.problems) == 1
            and exc.problems[0].line is None
            and "no template" in exc.problems[0].message
        )
        raise CommandError(EXIT_USAGE if unknown else EXIT_TEMPLATE_BROKEN, str(exc)) from None


def cmd_template_show(args: argparse.Namespace) -> int:
    try:
        loaded = _load(args.template_id)
    except CommandError as exc:
        _err(f"radreport: {exc.message}")
        return exc.code
    schema = loaded.to_dict()
    if args.json:
        _out(json.dumps(schema, ensure_ascii=False, indent=2))
        return EXIT_OK
    _out(f"{schema['id']} {schema['version']}: {schema['title']['en']} / {schema['title']['fr']}")
    _out(f"regions: {', '.join(schema['regions'])}")
    for f in schema["fields"]:
        _print_field(f, "  ")
    _out("presets: " + ", ".join(schema["presets"]))
    return EXIT_OK


def _print_field(f: dict[str, Any], indent: str) -> None:
    extra = []
    if "options" in f:
        extra.append("|".join(o["id"] for o in f["options"]))
    if "min" in f:
        unit = (f.get("unit") or {}).get("en", "")
        extra.append(f"{f['min']:g}..{f['max']:g}{(' ' + unit) if unit else ''}")
    if "show_if" in f:
        extra.append(f"if {json.dumps(f['show_if'], ensure_ascii=False)}")
    _out(
        f"{indent}{f['id']:<28} {f['type']:<13} {f['label']['en']}"
        + (f"  [{'; '.join(extra)}]" if extra else "")
    )
    for c in f.get("fields", []):
        _print_field(c, indent + "    ")


# ---------------------------------------------------------------------------
# render


def read_answers(path: Path) -> dict[str, Any]:
    """An answers file: JSON (by suffix or content) or YAML, mapping field ids to values."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(EXIT_USAGE, f"answers file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(EXIT_USAGE, f"cannot read the answers file {path}: {exc}") from None
    import yaml  # only when an answers file is read: keeps every command's start-up light

    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise CommandError(
            EXIT_USAGE,
            f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CommandError(EXIT_USAGE, f"{path}: expected a mapping of field ids to values")
    return data


def study_from_path(path: str) -> Study:
    from radreport.services.scanner import scan_paths

    result = scan_paths([path])
    if not result.studies:
        reasons = "; ".join(f"{e.path}: {e.reason}" for e in result.errors[:3])
        raise CommandError(
            EXIT_USAGE, f"no DICOM study found in {path}" + (f" ({reasons})" if reasons else "")
        )
    if len(result.studies) > 1:
        s = result.studies[0]
        _err(
            f"radreport: {len(result.studies)} studies found in {path}; using the first "
            f"({s.date.isoformat() if s.date else 'no date'}, "
            f"{s.description or s.study_instance_uid})"
        )
    return result.studies[0]


def report_from_args(args: argparse.Namespace) -> ReportText:
    """The ReportText for ``render``'s arguments (see :func:`report_and_study`)."""
    return report_and_study(args)[0]


def report_and_study(
    args: argparse.Namespace,
) -> tuple[ReportText, Study | None, list[RuleMessage]]:
    """The ReportText for ``render``'s arguments, and the study if given; warnings to stderr.

    Raises CommandError(2) for unusable answers (every problem listed), an
    unknown template or preset, or an unreadable study.
    """
    from radreport.services.templates import preset_answers, render_report, validate_answers

    loaded = _load(args.template)
    if args.preset:
        try:
            answers = preset_answers(loaded, args.preset)
        except KeyError:
            names = ", ".join(loaded.template.presets)
            raise CommandError(
                EXIT_USAGE,
                f"template {loaded.id!r} has no preset {args.preset!r} (presets: {names})",
            ) from None
    else:
        answers = read_answers(Path(args.answers))
    study = study_from_path(args.study) if args.study else None
    problems, warnings = validate_answers(loaded, answers, study)
    if problems:
        lines = [f"{len(problems)} invalid answer{'s' if len(problems) > 1 else ''}:"]
        for p in problems:
            lines.append(
                f"  {p.field or '(answers)'}: "
                f"{json.dumps(p.to_dict()['value'], ensure_ascii=False)}: {p.text(args.lang)}"
            )
        raise CommandError(EXIT_USAGE, "\n".join(lines))
    for w in warnings:
        fields = ", ".join(w.fields)
        _err(f"{w.severity.value}: {fields + ': ' if fields else ''}{w.text(args.lang)} [{w.code}]")
    return render_report(loaded, answers, study=study, lang=args.lang), study, warnings


def _text(report: ReportText) -> bytes:
    return report.plain_text().encode("utf-8")


def _json(report: ReportText) -> bytes:
    return (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[ReportText], bytes]] = {"text": _text, "json": _json}
"""--format name -> bytes of the output (pdf is handled by radreport.commands.pdf)."""


def cmd_render(args: argparse.Namespace) -> int:
    from radreport.services.templates import RenderError

    if args.fmt == "pdf" and not args.out:
        _err("radreport: --format pdf needs --out FILE.pdf")
        return EXIT_USAGE
    if args.sign and args.fmt != "pdf":
        _err("radreport: --sign needs --format pdf")
        return EXIT_USAGE
    try:
        report, study, warnings = report_and_study(args)
        blocking = [w for w in warnings if w.severity.value == "error"]
        if args.sign and blocking:
            # a signed report is final: the same rule as the store's sign action
            raise CommandError(
                EXIT_USAGE,
                "not signed: fix these first: " + "; ".join(w.text(args.lang) for w in blocking),
            )
        if args.fmt == "pdf":
            from radreport.domain.report import ExamBanner
            from radreport.services.pdf import document_for_text

            banner = ExamBanner.from_study(study) if study is not None else None
            report_id = (study.accession_number if study else "") or "unsaved"
            return export_document(
                document_for_text(report, banner=banner, report_id=report_id), args
            )
        data = WRITERS[args.fmt](report)
    except CommandError as exc:
        _err(f"radreport: {exc.message}")
        return exc.code
    except RenderError as exc:
        _err(f"radreport: template error: {exc}")
        return EXIT_TEMPLATE_BROKEN
    if args.out:
        try:
            write_atomic(Path(args.out), data)
        except OSError as exc:
            _err(f"radreport: cannot write {args.out}: {exc.strerror or exc}")
            return 1
        _err(f"wrote {args.out}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK
