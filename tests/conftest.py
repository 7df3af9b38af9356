"""Test-wide settings: Qt offscreen, and the user's own cache, logs, settings and report
database left alone (a test that saves settings must not change the workstation's)."""

from __future__ import annotations

import os
import tempfile

# GUI tests must never need a screen, however pytest is started.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_scratch = tempfile.mkdtemp(prefix="radreport-tests-")
os.environ.setdefault("RADREPORT_CACHE_DIR", _scratch)
os.environ.setdefault("RADREPORT_LOG_DIR", os.path.join(_scratch, "log"))
os.environ.setdefault("RADREPORT_CONFIG_DIR", os.path.join(_scratch, "config"))
os.environ.setdefault("RADREPORT_DATA_DIR", os.path.join(_scratch, "data"))
