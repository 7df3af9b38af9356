"""Benchmark: key presses and clicks to a signed report, driven through the real GUI.

Three flows are played on the real main window (``MainWindow``) with a real report
store (SQLite in a temporary folder), a radiologist signed in, a signing identity
set in the settings, and the demo study (or part of it) on screen:

1. normal brain + cervical spine (brain + cervical series of the demo study, template
   ``brain_cervical`` suggested first) -- target 12 actions;
2. MS-positive brain (brain series only, template ``brain``): periventricular,
   juxtacortical and infratentorial lesions, so McDonald dissemination in space is
   met; everything else normal -- target 40;
3. Kang 3 cervical stenosis (cervical series only, template ``cervical``): C5-C6
   disc-osteophyte complex, Kang 3, intense cord T2 hyperintensity; everything else
   normal -- target 40.

Counting rules
--------------
* Start: the study on screen in the main window, the user signed in, the signing
  identity configured, background jobs (scan, thumbnails, template warm-up) done.
* End: ``ReportWorkspace.sig_signed`` is emitted *and* the store says the report is
  final.  The signed report's text must contain each flow's expected findings, so a
  flow that reaches "signed" with a wrong report fails instead of counting.
* One action = one key press or chord (Tab, Enter, Y, Ctrl+Alt+N...), one mouse
  click, or one typed free-text string (the password, the key passphrase, the
  indication sentence: each counts as ONE action, as the issue counts the
  passphrase).  Numbers, spinal levels and type-ahead letters are not free text:
  every key counts.
* Every action is a real Qt event sent with QTest to the widget that has the
  keyboard focus (``QApplication.focusWidget()``); a click goes to a widget that
  is visible on screen.  Nothing is set from code: no ``set_answers``, no
  ``setText``.  :class:`Recorder` sends and counts in the same call, so the count
  cannot drift from what was sent.
* Baseline (same run): the characters of the signed report's plain text, i.e. the
  keystrokes a radiologist would need to type (or correct after dictation) the same
  report as free text.

GUI-thread stalls
-----------------
A ``StallMonitor`` (radreport/qt/watchdog.py) runs from the first action (Ctrl+R) to
the signed report; every gap over 100 ms is recorded with the action being handled.
The time the kernel kept the GUI thread waiting for a CPU (other processes on this
shared machine) is subtracted (``FairStallMonitor``); waiting for the GIL is not.
As in the app, the application style sheet of the light theme is applied, and what
start-up built is frozen out of the cyclic GC before the first action (the app's
``settle_heap``).  Opening the workspace and signing are included: none is allowed.

Usage: ``QT_QPA_PLATFORM=offscreen python3 bench/keystrokes.py [--append FILE]
[--screens DIR] [--theme light|dark|none]``.  Exit 1 when a flow misses its target,
its report is wrong, or the GUI thread stalled.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from radreport.domain.report import ReportStatus  # noqa: E402
from radreport.domain.workflow import Role  # noqa: E402
from radreport.qt.watchdog import FairStallMonitor  # noqa: E402

if TYPE_CHECKING:
    from radreport.services.store import Actor, Store

PASSWORD = "correct horse 42"
PASSPHRASE = "key-pass-1"
SIGNER = "Dr Anne Roy"
INDICATION = "Upper and lower motor neuron signs in both arms. Query ALS."
WAIT_S = 60.0  # longest wait for a background job (scan, signature)


class DriverError(AssertionError):
    """The GUI did not do what the flow expects (no focus, no dialog, not signed...)."""


# --------------------------------------------------------------------------- recorder


@dataclass
class Action:
    kind: str  # "key", "text" or "click"
    what: str  # the key sequence, a description of the text, or the clicked widget
    target: str  # class name of the widget that received it
    ms: float  # time the GUI took to handle it (text: its slowest key)
    presses: int = 1  # physical key presses (a typed text: one per character)
    phase: str = "form"  # "open" (Ctrl+R), "form" (filling it in) or "sign"


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class Recorder:
    """Sends user input as real Qt events and counts it: one call, one action.

    Keys and text go to ``QApplication.focusWidget()``, never to a widget picked by
    the driver; clicks go to a widget that must be visible on screen.  ``pace_ms``
    lets the event loop run between keys, as it does between a human's keys.
    """

    def __init__(self, pace_ms: int = 1) -> None:
        self.actions: list[Action] = []
        self.pace_ms = pace_ms
        self.phase = "form"  # recorded with each action (set by the flows)
        self.after_each: Callable[[], None] = lambda: None  # e.g. connect to a new window

    @property
    def count(self) -> int:
        return len(self.actions)

    @staticmethod
    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        if widget is None:
            raise DriverError("no widget has the keyboard focus")
        return widget

    def _done(self, kind: str, what: str, target: QWidget, start: float, at: int = -1) -> None:
        pump(self.pace_ms)
        ms = _ms_since(start)
        self._record(Action(kind, what, type(target).__name__, ms, phase=self.phase), at)

    def _record(self, action: Action, at: int = -1) -> None:
        if at < 0:
            self.actions.append(action)
        else:  # a key that opened a dialog: it came before the dialog's own actions
            self.actions.insert(at, action)
        self.after_each()

    def key(self, sequence: str, *, then_in_dialog: Callable[[], None] | None = None) -> None:
        """One key or chord, e.g. "Tab", "Y", "Ctrl+Alt+N".

        ``then_in_dialog`` runs inside the modal dialog the key opens (``exec()``
        blocks until that dialog closes, so the rest of the flow must run in it).
        """
        keys = QKeySequence(sequence)
        if keys.count() != 1:
            raise ValueError(f"not one key or chord: {sequence!r}")
        combo = keys[0]  # type: ignore[index]  # PySide6's stubs lack __getitem__
        key, mods = combo.key(), combo.keyboardModifiers()
        text = sequence if len(sequence) == 1 else ""
        target = self.focus()
        at = len(self.actions)
        start = time.perf_counter()
        watcher = _DialogWatcher(then_in_dialog) if then_in_dialog is not None else None
        if watcher is not None:
            watcher.start()
        if text:
            # a letter or digit typed, with its text (what type-ahead and line edits read)
            QTest.keyClicks(target, text.lower() if text.isalpha() else text)
        else:
            QTest.keyClick(target, key, mods)
        if watcher is None:
            self._done("key", sequence, target, start)
            return
        watcher.finish(f"{sequence} should open a dialog")
        # its own time: until the dialog was up and focused
        action = Action("key", sequence, type(target).__name__, watcher.open_ms, phase=self.phase)
        self._record(action, at)

    def keys(self, chars: str) -> None:
        """Several single keys (a number, a level, type-ahead letters): one action each."""
        for ch in chars:
            self.key(ch)

    def text(self, text: str, what: str) -> None:
        """A free-text string (indication, password, passphrase): ONE action."""
        target = self.focus()
        slowest = 0.0
        for ch in text:  # key by key, the event loop running between keys as for a typist
            start = time.perf_counter()
            QTest.keyClicks(self.focus(), ch)
            pump(0)
            slowest = max(slowest, _ms_since(start))
        self._record(Action("text", what, type(target).__name__, slowest, len(text), self.phase))

    def click(self, widget: QWidget, what: str) -> None:
        """One left click in the middle of a widget that the user can see."""
        if not widget.isVisible() or widget.visibleRegion().isEmpty():
            raise DriverError(f"cannot click {what}: not visible on screen")
        start = time.perf_counter()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
        self._done("click", what, widget, start)


class _DialogWatcher:
    """Runs a callable once a modal dialog is up and holds the focus."""

    def __init__(self, then: Callable[[], None], timeout_s: float = 10.0) -> None:
        self.then = then
        self.timeout_s = timeout_s
        self.error: BaseException | None = None
        self.ran = False
        self.done = False
        self.open_ms = 0.0
        self._start = 0.0
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._start = time.perf_counter()
        self._timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if not isinstance(dialog, QDialog) or focus is None or not dialog.isAncestorOf(focus):
            if time.perf_counter() - self._start > self.timeout_s:
                self._timer.stop()
                self.error = DriverError("the dialog never took the keyboard focus")
                if isinstance(dialog, QDialog):
                    dialog.reject()
                self.done = True
            return
        self._timer.stop()
        self.open_ms = (time.perf_counter() - self._start) * 1000
        self.ran = True
        try:
            self.then()
        except BaseException as exc:  # re-raised once exec() has returned
            self.error = exc
        if dialog.isVisible():  # never leave the nested event loop running
            self.error = self.error or DriverError("the dialog is still open")
            dialog.reject()
        self.done = True

    def finish(self, missing: str) -> None:
        # a button shortcut clicks ~100 ms later (animateClick): the dialog opens, runs
        # its nested event loop and closes while we wait here
        deadline = time.perf_counter() + self.timeout_s
        while not self.done and time.perf_counter() < deadline:
            pump(5)
        self._timer.stop()
        if self.error is not None:
            raise self.error
        if not self.ran:
            raise DriverError(missing)


class GapMeter:
    """The longest gap between ticks of a 5 ms timer in the GUI thread, by the phase
    the flow is in (the StallMonitor only keeps the gaps over 100 ms)."""

    def __init__(self, phase: Callable[[], str]) -> None:
        self.worst: dict[str, float] = {}
        self.phase = phase
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> dict[str, float]:
        self._tick()
        self._timer.stop()
        return dict(self.worst)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self._last = now
        phase = self.phase()
        self.worst[phase] = max(self.worst.get(phase, 0.0), gap)


def pump(ms: int) -> None:
    """Run the event loop for ``ms`` as the app does: a real QEventLoop, which lets the
    worker threads run (QTest.qWait keeps the GIL and starves them ~20x)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(predicate: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            raise DriverError(f"timed out waiting for {what}")
        pump(10)


# --------------------------------------------------------------------------- the setup


@dataclass
class BenchEnv:
    """Everything that exists before the first action: store, user, identity, studies."""

    root: Path
    store: Store
    actor: Actor
    studies: dict[str, Path] = field(default_factory=dict)


REGIONS = {
    "brain_cervical": {"brain", "cervical"},
    "brain": {"brain"},
    "cervical": {"cervical"},
}


@contextlib.contextmanager
def bench_env(root: Path) -> Iterator[BenchEnv]:
    """A store with a radiologist, a signing identity in the settings, three studies.

    Settings and caches live under ``root`` (RADREPORT_CONFIG_DIR/CACHE_DIR are set
    for the duration and restored afterwards), so the user's own are never touched.
    """
    saved = {k: os.environ.get(k) for k in ("RADREPORT_CONFIG_DIR", "RADREPORT_CACHE_DIR")}
    os.environ["RADREPORT_CONFIG_DIR"] = str(root / "config")
    os.environ["RADREPORT_CACHE_DIR"] = str(root / "cache")
    try:
        from argon2 import PasswordHasher

        from radreport.services.demo_study import write_demo_study
        from radreport.services.scanner import scan_paths
        from radreport.services.settings import Settings, save_settings
        from radreport.services.store import Store

        # password hashing is cheap here: what is measured is the GUI, not argon2
        store = Store.open(
            f"sqlite:///{root / 'store.sqlite3'}",
            hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        )
        admin = store.add_user(None, "admin", Role.ADMIN, "Ada Admin", PASSWORD)
        store.add_user(admin, "rad", Role.RADIOLOGIST, SIGNER, PASSWORD, "MD, FRCPC")
        actor = store.authenticate("rad", PASSWORD)
        identity = root / "roy.p12"
        # in another process: the app has not imported the PDF code (reportlab, pyHanko)
        # before the first signature either, and the first Ctrl+Shift+S must be measured so
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from radreport.services.pdf import make_demo_identity; "
                "make_demo_identity(sys.argv[1], sys.argv[2], sys.argv[3].encode())",
                SIGNER,
                str(identity),
                PASSPHRASE,
            ],
            check=True,
            cwd=ROOT,
        )
        save_settings(Settings(signing_identity=str(identity), report_language="en"))

        demo = root / "demo"
        write_demo_study(demo)
        (study,) = scan_paths([demo]).studies
        env = BenchEnv(root, store, actor)
        for name, regions in REGIONS.items():
            # a study of these regions only: the demo study's series of those regions
            out = root / "studies" / name
            for series in study.series:
                if series.region.value in regions:
                    for header in series.instances:
                        dest = out / Path(header.path).relative_to(demo)
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(header.path, dest)
            env.studies[name] = out
        try:
            yield env
        finally:
            store.close()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --------------------------------------------------------------------------- the flows


@dataclass(frozen=True)
class Flow:
    name: str
    study: str  # key of BenchEnv.studies
    template: str  # the template the workspace must suggest first
    target: int
    play: Callable[[Recorder], None]
    expected: tuple[str, ...]  # phrases the signed report must contain


def sign(rec: Recorder) -> None:
    """Ctrl+Shift+S, then in the sign dialog: password, Tab, passphrase, Enter."""

    def in_dialog() -> None:
        rec.text(PASSWORD, "password")
        rec.key("Tab")
        rec.text(PASSPHRASE, "passphrase")
        rec.key("Return")

    rec.phase = "sign"
    rec.key("Ctrl+Shift+S", then_in_dialog=in_dialog)


def new_report(rec: Recorder) -> None:
    """Ctrl+R: the workspace opens with the indication focused; then the indication."""
    rec.phase = "open"
    rec.key("Ctrl+R")
    rec.phase = "form"
    rec.text(INDICATION, "indication")


def play_normal(rec: Recorder) -> None:
    new_report(rec)
    rec.key("Ctrl+Alt+N")  # the whole normal preset
    sign(rec)


def play_ms(rec: Recorder) -> None:
    new_report(rec)
    rec.key("Ctrl+Alt+N")
    rec.key("Ctrl+Down")  # next section: the MS module, first module of the template
    rec.key("Y")  # white matter lesions suggestive of demyelination: yes
    rec.key("Tab")  # McDonald version: left empty (2017 by default)
    rec.key("Tab")
    rec.keys("6")  # periventricular
    rec.key("Tab")
    rec.keys("2")  # cortical/juxtacortical
    rec.key("Tab")
    rec.keys("1")  # infratentorial
    rec.key("Tab")  # optic nerve
    rec.key("Tab")  # spinal cord (not imaged)
    rec.key("Tab")
    rec.key("Y")  # Dawson fingers
    sign(rec)


def play_kang(rec: Recorder) -> None:
    new_report(rec)
    rec.key("Ctrl+Alt+N")
    for _ in range(8):  # section by section to the 8th module, degenerative stenosis
        rec.key("Ctrl+Down")
    rec.key("Y")  # degenerative stenosis: yes (opens a first disc level)
    rec.key("Tab")
    rec.keys("C5")  # completes to C5-C6
    rec.key("Tab")  # causes
    rec.keys("4")  # ticks the 4th cause, disc-osteophyte complex
    rec.key("Tab")  # AP diameter: left empty
    rec.key("Tab")
    rec.keys("3")  # Kang grade
    rec.key("Tab")
    rec.keys("i")  # cord T2 signal: intense
    sign(rec)


FLOWS = (
    Flow(
        "normal brain + cervical spine",
        "brain_cervical",
        "brain_cervical",
        12,
        play_normal,
        (
            "Query ALS",
            "No white matter lesion suggestive of demyelination",
            "No cervical canal or foraminal stenosis",
            "no alternative cause of the motor signs",
        ),
    ),
    Flow(
        "MS-positive brain",
        "brain",
        "brain",
        40,
        play_ms,
        (
            "periventricular 6, cortical/juxtacortical 2, infratentorial 1",
            "dissemination in space criteria (McDonald 2017) are met",
            "Dawson fingers",
            "do not establish a diagnosis of multiple sclerosis",
        ),
    ),
    Flow(
        "Kang 3 cervical stenosis",
        "cervical",
        "cervical",
        40,
        play_kang,
        (
            "C5-C6: disc-osteophyte complex",
            "Kang 3",
            "intense intramedullary T2 hyperintensity",
            "Compressive myelopathy at C5-C6",
        ),
    ),
)


@dataclass
class FlowResult:
    flow: Flow
    actions: list[Action]
    report_text: str
    elapsed_s: float
    stalls: list[tuple[str, str, float]]  # GUI-thread gaps over 100 ms: (phase, during, ms)
    worst_gap_ms: dict[str, float] = field(default_factory=dict)  # by phase
    wall_stalls: list[float] = field(default_factory=list)  # raw gaps, CPU waits included

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def baseline(self) -> int:
        return len(self.report_text)

    @property
    def presses(self) -> int:
        """Physical key presses and clicks, every typed character counted."""
        return sum(a.presses for a in self.actions)

    @property
    def met(self) -> bool:
        return self.count <= self.flow.target

    @property
    def summary(self) -> str:
        """The actions in order, free text in brackets: ``Ctrl+R [indication] Ctrl+Alt+N``."""
        return " ".join(a.what if a.kind != "text" else f"[{a.what}]" for a in self.actions)

    @property
    def missing(self) -> list[str]:
        return [p for p in self.flow.expected if p not in self.report_text]


def run_flow(env: BenchEnv, flow: Flow, screens: Path | None = None) -> FlowResult:
    """Open the flow's study in a new main window, play the flow, check the signed report."""
    from radreport.qt.jobs import running_jobs
    from radreport.qt.main_window import MainWindow

    store, actor = env.store, env.actor
    window = MainWindow(store=store, actor=actor)
    try:
        window.resize(1400, 900)
        window.show()
        scanned: list[object] = []
        window.sig_scan_finished.connect(scanned.append)
        window.start_scan([str(env.studies[flow.study])])
        wait_until(lambda: bool(scanned) and running_jobs() == 0, "the scan and warm-up")
        window.activateWindow()
        if not QTest.qWaitForWindowActive(window):
            raise DriverError("the main window did not become active")
        if window._current is None or not window.new_report_action.isEnabled():
            raise DriverError("no study on screen")
        if not window.isAncestorOf(Recorder.focus()):
            raise DriverError("the keyboard is not in the main window")
        # as the app does once the study is on screen (radreport.qt.app.settle_heap):
        # what exists now lives on, and full GC passes must not scan it again
        gc.collect()
        gc.freeze()

        rec = Recorder()
        signed: list[object] = []
        watched: list[object] = []
        monitor = FairStallMonitor(threshold_ms=100)  # GUI-thread gaps, as in the app
        meter = GapMeter(lambda: rec.phase)
        stalls: list[tuple[str, str, float]] = []

        def after_each() -> None:
            # the workspace is created by an action (Ctrl+R): listen to it from then on
            ws = window.workspace
            if ws is not None and ws not in watched:
                watched.append(ws)
                ws.sig_signed.connect(signed.append)
            # a stall seen now happened while the last action was handled
            last = rec.actions[-1]
            stalls.extend((last.phase, last.what, ms) for ms in monitor.stalls[len(stalls) :])

        rec.after_each = after_each
        monitor.start()
        meter.start()
        started = time.perf_counter()
        flow.play(rec)
        ws = window.workspace
        if ws is None:
            raise DriverError("no report workspace opened")
        if ws.template_id != flow.template:
            raise DriverError(f"template {ws.template_id!r} suggested, not {flow.template!r}")
        wait_until(lambda: bool(signed) or ws._signing is None, "the sign job")
        if not signed:  # refused or failed, or the signal is still queued: a moment more
            with contextlib.suppress(DriverError):
                wait_until(lambda: bool(signed), "sig_signed", timeout_s=2.0)
        if not signed:
            raise DriverError(f"not signed: {ws.state_label.text()}")
        elapsed = time.perf_counter() - started
        stalls.extend(("sign", "signing", ms) for ms in monitor.stop()[len(stalls) :])
        worst = meter.stop()
        if ws.drafts is None or ws.drafts.report_id is None:
            raise DriverError(f"not signed: {ws.state_label.text()}")
        view = store.get_report(actor, ws.drafts.report_id)
        if view.status is not ReportStatus.FINAL:
            raise DriverError(f"the store says {view.status.value}: {ws.state_label.text()}")
        if screens is not None:
            screens.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(screens / f"keystrokes-{flow.study}.png"))
        return FlowResult(
            flow, list(rec.actions), view.plain_text, elapsed, stalls, worst, list(monitor.wall)
        )
    finally:
        window.close()
        window.deleteLater()
        pump(1)


@contextlib.contextmanager
def app_theme(theme: str) -> Iterator[None]:
    """The app's theme (style, palette, style sheet) for the duration, then the
    application's own look again (the tests share one QApplication)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if theme == "none":
        yield
        return
    from radreport.qt.appearance import apply_theme

    sheet, palette, style = app.styleSheet(), app.palette(), app.style().name()
    apply_theme(app, theme)
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setPalette(palette)


def run_all(root: Path, screens: Path | None = None, theme: str = "light") -> list[FlowResult]:
    QApplication.instance() or QApplication([])
    with app_theme(theme), bench_env(root) as env:
        return [run_flow(env, flow, screens) for flow in FLOWS]


# --------------------------------------------------------------------------- output


def table(results: list[FlowResult]) -> str:
    rows = [
        "| flow (template) | actions | target | met | baseline: characters of the signed "
        "report | baseline / actions | key presses, every typed character counted "
        "| slowest action |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        slowest = max(r.actions, key=lambda a: a.ms)
        rows.append(
            f"| {r.flow.name} ({r.flow.template}) | **{r.count}** | {r.flow.target} "
            f"| {'yes' if r.met else '**no**'} | {r.baseline} "
            f"| {r.baseline / r.count:.0f}x fewer | {r.presses} "
            f"| {slowest.ms:.0f} ms ({slowest.what}) |"
        )
    return "\n".join(rows)


def markdown(results: list[FlowResult]) -> str:
    """The table, each flow's actions in order, the GUI stalls, the machine and the date."""
    lines = [table(results), "", "Actions, in order (free text in brackets):", ""]
    lines += [f"* {r.flow.name}: `{r.summary}`" for r in results]
    stalls = [f"{r.flow.name}: {_stall_text(r)}" for r in results]
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Qt offscreen"
    worst = [
        f"{r.flow.name}: "
        + ", ".join(f"{phase} {ms:.0f} ms" for phase, ms in r.worst_gap_ms.items())
        for r in results
    ]
    lines += [
        "",
        "GUI-thread stalls over 100 ms (StallMonitor, time waiting for a CPU subtracted), "
        "by the action being handled: "
        + "; ".join(stalls)
        + f"; raw wall-clock gaps over 100 ms: {sum(len(r.wall_stalls) for r in results)}.",
        "",
        "Longest GUI-thread gap (5 ms timer), by phase (open: Ctrl+R; form: from the "
        "indication on, the form's last slices included; sign: from Ctrl+Shift+S to the "
        "signed report): " + "; ".join(worst) + ".",
        "",
        f"Machine: {machine}, {dt.date.today().isoformat()}.",
    ]
    return "\n".join(lines)


def _stall_text(r: FlowResult) -> str:
    return ", ".join(f"{what} {ms:.0f} ms" for _, what, ms in r.stalls) or "none"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--append", metavar="FILE", help="append the results (Markdown) to FILE")
    ap.add_argument("--screens", metavar="DIR", type=Path, help="save the final windows")
    ap.add_argument("--theme", choices=("light", "dark", "none"), default="light", help="app theme")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="radreport-keystrokes-") as tmp:
        try:
            results = run_all(Path(tmp), args.screens, args.theme)
        except DriverError as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    ok = True
    for r in results:
        print(
            f"{r.flow.name}: {r.count} actions (target {r.flow.target}), signed report "
            f"{r.baseline} characters, {r.elapsed_s:.1f} s from the first action to final"
        )
        if r.missing:
            print(f"  WRONG REPORT: missing {r.missing}")
        if r.stalls:
            print(f"  GUI THREAD STALLED: {_stall_text(r)}")
        ok = ok and r.met and not r.missing and not r.stalls
    md = markdown(results)
    print()
    print(md)
    if args.append:
        with open(args.append, "a", encoding="utf-8") as f:
            f.write(f"\n{md}\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
