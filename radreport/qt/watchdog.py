"""Detects GUI-thread stalls: gaps between ticks of a fast timer in the GUI thread.

Slow work must never block the GUI thread.  A stall is any gap between two ticks
longer than the threshold; the app logs them (RADREPORT_STALL_LOG=1) and the tests
fail on them during the main flows.
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
