"""Command-line interface: the headless twins of the GUI's actions.

Never imports Qt (an import-linter contract checks it), so ``radreport scan``
runs on servers and in scripts, and starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from radreport import __version__
from radreport.domain.study import ScanError, Study

EXIT_OK = 0
EXIT_NOTHING_FOUND = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="radreport",
        description=(
            "Structured, bilingual, signed MRI reports for the ALS work-up. "
            "Without a command, starts the desktop app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"radreport {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="start the app on the built-in demo study"
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the main window to a PNG after loading, then exit (with --demo)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser(
        "scan",
        help="list the studies and series in DICOM folders, DICOMDIRs, zips or files",
        description="Read DICOM headers (never pixel data) and group them into studies.",
    )
    scan.add_argument("paths", nargs="+", metavar="PATH")
    scan.add_argument("--json", action="store_true", help="print one JSON object (see README)")
    scan.add_argument(
        "--no-index", action="store_true", help="ignore the on-disk index of files already read"
    )

    demo = sub.add_parser(
        "demo-study",
        help="write the synthetic demo ALS work-up study (no patient data)",
    )
    demo.add_argument("out_dir", metavar="OUT_DIR")

    about = sub.add_parser("about", help="what RadReport is, and its clinical-use notice")
    about.add_argument("--lang", choices=("en", "fr"), default="en")
    _register_command_modules(sub)
    return parser


def _register_command_modules(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Let each module of radreport.commands add its subcommands (no edits here needed)."""
    import importlib
    import pkgutil

    import radreport.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"radreport.commands.{info.name}")
        module.register(sub)


GuiLauncher = Callable[..., int]


def main(argv: Sequence[str] | None = None, gui: GuiLauncher | None = None) -> int:
    """Run a command; without one, hand over to ``gui`` (the Qt app, wired by radreport.app)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from radreport.services.logs import setup_logging

    setup_logging(verbose=True)
    if args.command == "scan":
        return cmd_scan(args.paths, as_json=args.json, use_index=not args.no_index)
    if args.command == "demo-study":
        return cmd_demo_study(Path(args.out_dir))
    if args.command == "about":
        return cmd_about(args.lang)
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args))
    if args.screenshot and not args.demo:
        parser.error("--screenshot needs --demo")
    if gui is None:
        print("radreport: the desktop app is not available here", file=sys.stderr)
        return EXIT_USAGE
    return gui(demo=args.demo, screenshot=args.screenshot)


# ---------------------------------------------------------------------------
# scan


def cmd_scan(
    paths: Sequence[str], *, as_json: bool, use_index: bool, out: TextIO | None = None
) -> int:
    from radreport.services.scanner import scan_paths, scan_paths_default

    out = out or sys.stdout
    progress = _TerminalProgress() if sys.stderr.isatty() and not as_json else None
    try:
        if use_index:
            result = scan_paths_default(paths, progress=progress)
        else:
            result = scan_paths(paths, progress=progress)
    except KeyboardInterrupt:
        print("radreport: scan interrupted", file=sys.stderr)
        return 130
    finally:
        if progress is not None:
            progress.clear()
    if as_json:
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_summary(result.studies, result.errors, out)
        out.write(
            f"\n{len(result.studies)} stud{'y' if len(result.studies) == 1 else 'ies'}, "
            f"{sum(s.instance_count for s in result.studies)} images, "
            f"{len(result.errors)} problem file{'' if len(result.errors) == 1 else 's'} "
            f"({result.files_seen} files, {result.from_index} from the index) "
            f"in {result.elapsed_s:.2f} s\n"
        )
    return EXIT_OK if result.studies else EXIT_NOTHING_FOUND


class _TerminalProgress:
    def __call__(self, done: int, total: int) -> None:
        sys.stderr.write(f"\rreading headers: {done}/{total}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def _fmt(value: object, suffix: str = "") -> str:
    return "-" if value in (None, "") else f"{value}{suffix}"


def _print_summary(studies: Sequence[Study], errors: Sequence[ScanError], out: TextIO) -> None:
    for study in studies:
        p = study.patient
        out.write(f"Patient   {p.name.display() or '(no name)'}   ID {_fmt(p.patient_id)}\n")
        born = p.birth_date.isoformat() if p.birth_date else "-"
        out.write(
            f"          born {born}   sex {_fmt(p.sex)}   age at study {_fmt(study.age_at_study)}\n"
        )
        when = " ".join(
            x
            for x in (
                study.date.isoformat() if study.date else "",
                study.time.strftime("%H:%M") if study.time else "",
            )
            if x
        )
        out.write(f"Study     {_fmt(when)}   {_fmt(study.description)}\n")
        out.write(
            f"          accession {_fmt(study.accession_number)}"
            f"   modalities {', '.join(study.modalities) or '-'}\n"
        )
        out.write(f"          referring {study.referring_physician.display() or '-'}\n")
        out.write(f"          institution {_fmt(study.institution)}\n")
        strength = f"{study.field_strength_t:g} T" if study.field_strength_t else "-"
        out.write(f"          scanner {_fmt(study.manufacturer)} {study.model} {strength}\n")
        out.write(f"          contrast {'; '.join(study.contrast_agents) or 'none recorded'}\n")
        out.write(f"          regions {', '.join(r.value for r in study.regions) or 'unknown'}\n")
        out.write(
            f"  {'#':>4}  {'Description':<36} {'Plane':<9} {'Sequence':<17} {'Region':<9}"
            f" {'Images':>6} {'Thk':>6}\n"
        )
        for s in study.series:
            thk = f"{s.slice_thickness:g}" if s.slice_thickness else "-"
            out.write(
                f"  {_fmt(s.number):>4}  {s.description[:36]:<36} {s.plane.value:<9} "
                f"{s.family.value:<17} {s.region.value:<9} {s.instance_count:>6} {thk:>6}\n"
            )
        out.write("\n")
    if errors:
        out.write(f"Problem files ({len(errors)}):\n")
        for e in errors:
            out.write(f"  {e.path}: {e.reason}\n")


# ---------------------------------------------------------------------------
# demo-study, about


def cmd_demo_study(out_dir: Path) -> int:
    from radreport.services.demo_study import write_demo_study

    try:
        files = write_demo_study(out_dir)
    except OSError as exc:
        print(
            f"radreport: cannot write the demo study to {out_dir}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    print(f"wrote {len(files)} DICOM files to {out_dir}")
    return EXIT_OK


def cmd_about(lang: str) -> int:
    from radreport.services.resources import resource

    print(resource(f"about_{lang}.txt").read_text(encoding="utf-8").rstrip())
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
