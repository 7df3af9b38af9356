"""Per-user folders, each overridable by an environment variable (tests, kiosks, CI)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Scan index, demo study: ``$RADREPORT_CACHE_DIR`` or the platform's user cache folder."""
    override = os.environ.get("RADREPORT_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("radreport", appauthor=False))
