"""Letterhead and PDF settings, read from a YAML (or JSON) file.

A clinic replaces ``resources/letterhead/demo.yaml`` (or points
``RADREPORT_LETTERHEAD`` at its own file) to put its name, address, phone and
logo on every report.  Relative logo and font paths are relative to that file.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from radreport.services.pdf.fonts import FontConfig
from radreport.services.resources import resource

PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}


class ConfigError(ValueError):
    """A letterhead file that cannot be used; the message names the problem."""


@dataclass(frozen=True, slots=True)
class Letterhead:
    clinic_name: str
    department: str = ""
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    fax: str = ""
    website: str = ""
    logo: str = ""  # absolute path of a PNG/JPEG, or ""
    accent_color: str = "#1F4E79"


@dataclass(frozen=True, slots=True)
class PdfConfig:
    letterhead: Letterhead
    fonts: FontConfig = field(default_factory=FontConfig)
    page_size: str = "letter"
    tsa_url: str = ""  # RFC 3161 time-stamp authority: signatures become PAdES B-T

    @property
    def page(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]


def _resolve(base: Path, value: str) -> str:
    if not value:
        return ""
    p = Path(os.path.expanduser(value))
    return str(p if p.is_absolute() else (base / p).resolve())


def load_config(path: str | os.PathLike[str] | None = None) -> PdfConfig:
    """Read a letterhead file; without one, ``$RADREPORT_LETTERHEAD`` or the demo."""
    if path is None:
        env = os.environ.get("RADREPORT_LETTERHEAD")
        path = env if env else resource("letterhead", "demo.yaml")
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise ConfigError(f"cannot read letterhead file {p}: {exc.strerror or exc}") from exc
    return _load_config(str(p.resolve()), mtime)


@functools.lru_cache(maxsize=8)
def _load_config(path: str, _mtime: float) -> PdfConfig:
    """Parsed once per file version: YAML parsing would cost more than a page layout."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
        data = json.loads(raw) if p.suffix.lower() == ".json" else yaml.safe_load(raw)
    except OSError as exc:
        raise ConfigError(f"cannot read letterhead file {p}: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ConfigError(f"letterhead file {p} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"letterhead file {p} must contain a mapping")
    return config_from_dict(data, base=p.parent)


def config_from_dict(data: dict[str, Any], *, base: Path) -> PdfConfig:
    lh = data.get("letterhead", data)
    if not isinstance(lh, dict) or not lh.get("clinic_name"):
        raise ConfigError("the letterhead needs at least clinic_name")
    logo = _resolve(base, str(lh.get("logo") or ""))
    if logo and not Path(logo).is_file():
        raise ConfigError(f"letterhead logo not found: {logo}")
    fonts = data.get("fonts") or {}
    fonts_cfg = FontConfig.from_dict(
        {
            "regular": _resolve(base, str(fonts.get("regular") or "")),
            "bold": _resolve(base, str(fonts.get("bold") or "")),
            "fallbacks": [_resolve(base, str(f)) for f in fonts.get("fallbacks") or ()],
        }
    )
    page_size = str(data.get("page_size", "letter")).lower()
    if page_size not in PAGE_SIZES:
        raise ConfigError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    address = lh.get("address_lines") or lh.get("address") or ()
    if isinstance(address, str):
        address = address.splitlines()
    return PdfConfig(
        letterhead=Letterhead(
            clinic_name=str(lh["clinic_name"]),
            department=str(lh.get("department") or ""),
            address_lines=tuple(str(a) for a in address),
            phone=str(lh.get("phone") or ""),
            fax=str(lh.get("fax") or ""),
            website=str(lh.get("website") or ""),
            logo=logo,
            accent_color=str(lh.get("accent_color") or "#1F4E79"),
        ),
        fonts=fonts_cfg,
        page_size=page_size,
        tsa_url=str(data.get("tsa_url") or ""),
    )
