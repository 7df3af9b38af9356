"""Detects GUI-thread stalls: gaps between ticks of a fast timer in the GUI thread.

Slow work must never block the GUI thread.  A stall is any gap between two ticks
longer than the threshold; the app logs them (RADREPORT_STALL_LOG=1) and the tests
fail on them during the main flows.  ``FairStallMonitor`` leaves out the time the
kernel gave the CPU to other processes, for tests on a shared machine.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


class StallMonitor(QObject):
    def __init__(self, threshold_ms: float = 100.0, interval_ms: int = 5) -> None:
        super().__init__()
        self.threshold_ms = threshold_ms
        self.stalls: list[float] = []  # durations in ms
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self.stalls.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._tick()
        self._timer.stop()
        return list(self.stalls)

    @property
    def worst_ms(self) -> float:
        return max(self.stalls, default=0.0)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self._last = now
        if gap > self.threshold_ms:
            self.stalls.append(gap)
            log.warning("GUI thread stalled for %.0f ms", gap)


def _runqueue_ms() -> float:
    """How long the calling thread has waited for a CPU while runnable (Linux schedstat),
    0.0 where the kernel does not say."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as f:
            return int(f.read().split()[1]) / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


class FairStallMonitor(StallMonitor):
    """The app's StallMonitor, minus the time the kernel kept the GUI thread runnable
    but without a CPU (other processes on a shared machine).

    A gap the app causes (work on the GUI thread, or the GUI thread waiting for the GIL
    or a lock held by a worker: it sleeps then, it is not runnable) counts in full; on
    a busy 2-CPU machine the same 50 ms of work can take 100 ms of wall time, and that
    is not the app's doing.  ``wall`` keeps the raw gaps over the threshold.
    """

    def __init__(self, threshold_ms: float = 100.0, interval_ms: int = 5) -> None:
        super().__init__(threshold_ms, interval_ms)
        self.wall: list[float] = []
        self._queued = 0.0

    def start(self) -> None:
        self.wall.clear()
        self._queued = _runqueue_ms()
        super().start()

    def _tick(self) -> None:
        now, queued = time.perf_counter(), _runqueue_ms()
        gap = (now - self._last) * 1000
        own = gap - (queued - self._queued)
        self._last, self._queued = now, queued
        if gap > self.threshold_ms:
            self.wall.append(gap)
        if own > self.threshold_ms:
            self.stalls.append(own)
