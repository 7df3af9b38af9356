"""Logging to a rotating file in the user log folder.

Policy: no patient identifiers (names, IDs, birth dates, accession numbers, file
paths, which often contain names) at INFO or above; such details go to DEBUG,
which is off unless ``RADREPORT_DEBUG=1``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"


def log_dir() -> Path:
    override = os.environ.get("RADREPORT_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("radreport", appauthor=False))


def setup_logging(*, verbose: bool = False) -> Path | None:
    """Attach the rotating file handler once; return the log file path (None if unwritable).

    ``verbose`` also echoes warnings and errors to stderr (the CLI uses it).
    """
    root = logging.getLogger("radreport")
    debug = os.environ.get("RADREPORT_DEBUG") == "1"
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.propagate = False
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    path: Path | None = log_dir() / "radreport.log"
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
        )
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    except OSError:
        path = None  # a read-only home must not stop the app
    if verbose:
        err = logging.StreamHandler()
        err.setLevel(logging.WARNING)
        err.setFormatter(logging.Formatter("radreport: %(levelname)s: %(message)s"))
        root.addHandler(err)
    return path
