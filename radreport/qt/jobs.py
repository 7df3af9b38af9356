"""Background jobs: a worker QObject run in its own QThread, safe against window deletion.

Threads have no parent and are kept here until they have finished, so closing or
deleting a window while a scan or thumbnail job runs never destroys a running
QThread (a fatal Qt error).  The window only cancels; the job ends on its own.
Finished threads are dropped from the GUI thread on the next start (never from the
thread itself, which would delete a QThread from inside its own finish).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, SignalInstance

_running: list[tuple[QThread, QObject]] = []


def start_job(worker: QObject, run: Callable[[], None], done: SignalInstance) -> QThread:
    """Move ``worker`` to a new thread, call ``run`` there; the thread ends on ``done``."""
    _running[:] = [(t, w) for t, w in _running if not t.isFinished()]
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(run)
    # quit from the worker's own thread: works even when the GUI loop is not running
    done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    _running.append((thread, worker))
    thread.start()
    return thread


def running_jobs() -> int:
    return sum(1 for t, _ in _running if not t.isFinished())


def stop_all(timeout_ms: int = 10_000) -> None:
    """Cancel every job that has a ``cancel_event`` and wait for all threads to end."""
    for _, worker in _running:
        event = getattr(worker, "cancel_event", None)
        if isinstance(event, threading.Event):
            event.set()
    for thread, _ in _running:
        thread.wait(timeout_ms)


atexit.register(stop_all)
