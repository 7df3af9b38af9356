"""Test-wide settings: Qt offscreen, and the user's own cache and logs left alone."""

from __future__ import annotations

import os
import tempfile

# GUI tests must never need a screen, however pytest is started.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_scratch = tempfile.mkdtemp(prefix="radreport-tests-")
os.environ.setdefault("RADREPORT_CACHE_DIR", _scratch)
os.environ.setdefault("RADREPORT_LOG_DIR", os.path.join(_scratch, "log"))
