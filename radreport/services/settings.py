"""Workstation settings: one JSON file in the user config folder, written atomically.

Settings are plain data that the GUI edits and the CLI and services read:
letterhead, signing identity, database URL, default report language, theme.
A damaged or hand-edited file never stops the app: bad values fall back to the
defaults and the problems are reported.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr")
THEMES = ("light", "dark")


@dataclass(frozen=True, slots=True)
class Settings:
    ui_language: str = "en"  # language of the user interface
    report_language: str = "en"  # default language of new reports
    theme: str = "light"  # "dark" is the reading-room theme
    letterhead: str = ""  # path of a letterhead file; empty: the demo letterhead
    signing_identity: str = ""  # path of the PKCS#12 signing identity
    tsa_url: str = ""  # time-stamp authority for PAdES B-T; empty: B-B
    database_url: str = ""  # empty: the embedded SQLite database
    recent_folders: tuple[str, ...] = field(default=())

    def validate(self) -> list[str]:
        """Problems with the values, in words for the settings dialog (empty: all good)."""
        problems = []
        if self.ui_language not in LANGUAGES:
            problems.append(f"interface language must be one of {', '.join(LANGUAGES)}")
        if self.report_language not in LANGUAGES:
            problems.append(f"report language must be one of {', '.join(LANGUAGES)}")
        if self.theme not in THEMES:
            problems.append(f"theme must be one of {', '.join(THEMES)}")
        if self.tsa_url and not self.tsa_url.startswith(("http://", "https://")):
            problems.append("the time-stamp authority must be an http(s) URL")
        if self.database_url and "://" not in self.database_url:
            problems.append("the database URL must look like postgresql+psycopg://host/db")
        return problems

    def with_recent(self, folder: str, keep: int = 10) -> Settings:
        recent = [folder, *(f for f in self.recent_folders if f != folder)][:keep]
        return replace(self, recent_folders=tuple(recent))


def config_dir() -> Path:
    override = os.environ.get("RADREPORT_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("radreport", appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _unreadable(exc: Exception) -> tuple[Settings, list[str]]:
    log.warning("settings file unreadable (%s); using defaults", type(exc).__name__)
    return Settings(), [f"the settings file could not be read ({exc}); defaults are used"]


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings (defaults where absent or invalid) and the problems found."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as exc:
        return _unreadable(exc)
    import json  # here: a workstation whose settings were never saved starts without it

    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return _unreadable(exc)
    if not isinstance(raw, dict):
        return Settings(), ["the settings file is not a JSON object; defaults are used"]
    problems: list[str] = []
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(f"unknown setting '{key}' ignored")
        elif key == "recent_folders":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                values[key] = tuple(value)
            else:
                problems.append("recent_folders must be a list of paths; ignored")
        elif isinstance(value, str):
            values[key] = value
        else:
            problems.append(f"setting '{key}' must be text; ignored")
    settings = Settings(**values)
    bad = settings.validate()
    if bad:
        # keep the valid values, reset only the fields that are wrong
        defaults = Settings()
        fixed = {
            f.name: getattr(defaults, f.name)
            for f in fields(Settings)
            if replace(defaults, **{f.name: getattr(settings, f.name)}).validate()
        }
        settings = replace(settings, **fixed)
        problems += bad
    return settings, problems


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temporary file, fsync, rename); raises ValueError if invalid."""
    problems = settings.validate()
    if problems:
        raise ValueError("; ".join(problems))
    import json

    from radreport.services.atomic import write_atomic  # saving is rare: not at start-up

    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    data["recent_folders"] = list(settings.recent_folders)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), mode=0o600)
