"""TrueType fonts for reports: found on the system, embedded, with per-script fallback.

reportlab embeds (subsets) every TrueType font it draws with, so a PDF made only
with fonts registered here has no unembedded standard-14 font.  A patient name in
Japanese, Cyrillic or Greek is drawn with the first font of the chain that has the
glyph (DejaVu covers Latin, Greek, Cyrillic, Hebrew, Arabic; Droid Sans Fallback
or IPA Gothic covers CJK).  Characters that no font has degrade to U+FFFD (a
visible "?" diamond) instead of an empty box; invisible marks are dropped.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Tried in order when the configuration names no file.  Debian/Ubuntu first, then
# Fedora, macOS and Windows locations of fonts with wide Unicode coverage.
REGULAR_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
BOLD_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
# CJK-capable TrueType (glyf) fonts; reportlab cannot embed CFF-based .otf fonts.
FALLBACK_CANDIDATES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",  # fonts-ipafont-gothic
    "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",  # fonts-vlgothic
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "C:/Windows/Fonts/msgothic.ttc",
)

REPLACEMENT = "\ufffd"


# Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL}\\s.,;:!?'\"()\\-]*[{_RTL}])?")
_CLUSTER = re.compile(r".[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f]*", re.S)


def visual_order(text: str) -> str:
    """Reverse right-to-left runs so Hebrew/Arabic words read correctly left-to-right.

    reportlab lays out text in logical order only.  This is a minimal bidi: runs of
    RTL letters (with the spaces and punctuation between them) are reversed, marks
    kept after their base letter; digits and Latin stay as they are.  Arabic letters
    are not shaped (isolated forms): degraded but legible, never boxes.
    """
    if not _RTL_RUN.search(text):
        return text

    def flip(m: re.Match[str]) -> str:
        clusters = _CLUSTER.findall(m.group(0))
        mirrored = str.maketrans("()", ")(")
        return "".join(reversed(clusters)).translate(mirrored)

    return _RTL_RUN.sub(flip, text)


class FontError(RuntimeError):
    """No usable TrueType font: the message says what to install or configure."""


@dataclass(frozen=True, slots=True)
class FontConfig:
    """Font files to use; empty means "look in the usual places"."""

    regular: str = ""
    bold: str = ""
    fallbacks: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FontConfig:
        data = data or {}
        return cls(
            regular=str(data.get("regular") or ""),
            bold=str(data.get("bold") or ""),
            fallbacks=tuple(str(x) for x in data.get("fallbacks") or ()),
        )


def _first_existing(paths: Iterable[str]) -> str:
    return next((p for p in paths if p and Path(p).is_file()), "")


@dataclass(frozen=True, slots=True)
class _Face:
    name: str  # reportlab font name (regular)
    bold: str  # reportlab font name used for bold runs
    chars: frozenset[int]


class FontSet:
    """The registered fonts of one configuration, and text-to-markup helpers."""

    def __init__(self, faces: Sequence[_Face], paths: Sequence[str]) -> None:
        self.faces = tuple(faces)
        self.paths = tuple(paths)
        self.regular = faces[0].name
        self.bold = faces[0].bold
        self._primary = faces[0].chars

    # -- markup for platypus Paragraph ------------------------------------------------
    def runs(self, text: str) -> list[tuple[int, str]]:
        """Split ``text`` into (face index, text) runs; unknown characters replaced."""
        text = visual_order(unicodedata.normalize("NFC", text))
        if self._primary.issuperset(map(ord, text)):
            return [(0, text)] if text else []
        out: list[tuple[int, str]] = []
        cur_face, buf = 0, list[str]()
        for ch in text:
            cp = ord(ch)
            face = self._face_for(cp)
            if face is None:
                cat = unicodedata.category(ch)
                if cat[0] in "MC" or cat == "Zl" or cat == "Zp":
                    # variation selectors, zero-width joiners, stray controls: invisible
                    if ch in "\n\t":
                        face, ch = cur_face, " "
                    else:
                        continue
                else:
                    face, ch = 0, REPLACEMENT
            if face != cur_face and buf:
                out.append((cur_face, "".join(buf)))
                buf = []
            cur_face = face
            buf.append(ch)
        if buf:
            out.append((cur_face, "".join(buf)))
        return out

    def _face_for(self, cp: int) -> int | None:
        for i, face in enumerate(self.faces):
            if cp in face.chars:
                return i
        return None

    def markup(self, text: str) -> str:
        """User text as platypus markup: escaped, with font switches for other scripts."""
        parts = []
        for face, run in self.runs(text):
            esc = escape(run)
            if face == 0:
                parts.append(esc)
            else:
                parts.append(f'<font name="{self.faces[face].name}">{esc}</font>')
        return "".join(parts)

    # -- direct canvas drawing (headers, footers, stamp) -------------------------------
    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        return float(
            sum(
                pdfmetrics.stringWidth(run, self._name(face, bold), size)
                for face, run in self.runs(text)
            )
        )

    def draw(
        self,
        canvas: Any,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        max_width: float | None = None,
    ) -> float:
        """Draw one line of user text; shortened with an ellipsis past ``max_width``."""
        if max_width is not None and self.width(text, size, bold=bold) > max_width:
            text = self.fit(text, size, max_width, bold=bold)
        w = self.width(text, size, bold=bold)
        if align == "right":
            x -= w
        elif align == "center":
            x -= w / 2
        for face, run in self.runs(text):
            name = self._name(face, bold)
            canvas.setFont(name, size)
            canvas.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, name, size)
        return w

    def fit(self, text: str, size: float, max_width: float, *, bold: bool = False) -> str:
        lo, hi = 0, len(text)
        while lo < hi:  # longest prefix that fits with the ellipsis
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid] + "…", size, bold=bold) <= max_width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def _name(self, face: int, bold: bool) -> str:
        f = self.faces[face]
        return f.bold if bold else f.name


_lock = threading.Lock()
_cache: dict[FontConfig, FontSet] = {}


def _register(path: str, subfont: int = 0) -> tuple[str, frozenset[int]]:
    digest = hashlib.sha1(f"{Path(path).resolve()}#{subfont}".encode()).hexdigest()[:8]
    name = f"RR{Path(path).stem.replace(' ', '')[:24]}-{digest}"
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        try:
            kw = {"subfontIndex": subfont} if path.lower().endswith(".ttc") else {}
            font = TTFont(name, path, **kw)
        except Exception as exc:  # reportlab raises TTFError, OSError, struct errors
            raise FontError(f"cannot use font {path}: {exc}") from exc
        pdfmetrics.registerFont(font)
    return name, frozenset(font.face.charToGlyph)


def load_fonts(config: FontConfig | None = None) -> FontSet:
    """Register the configured (or found) fonts once per process and return them."""
    config = config or FontConfig()
    with _lock:
        cached = _cache.get(config)
        if cached is not None:
            return cached
        regular = config.regular or _first_existing(REGULAR_CANDIDATES)
        if not regular:
            raise FontError(
                "no TrueType font found: install DejaVu fonts (Debian: fonts-dejavu-core) "
                "or set fonts.regular in the letterhead configuration"
            )
        bold = config.bold or _first_existing(BOLD_CANDIDATES) or regular
        reg_name, reg_chars = _register(regular)
        bold_name, _ = _register(bold)
        faces = [_Face(reg_name, bold_name, reg_chars)]
        paths = [regular, bold]
        fallbacks = config.fallbacks or tuple(p for p in FALLBACK_CANDIDATES if Path(p).is_file())
        for fb in fallbacks:
            if not Path(fb).is_file():
                raise FontError(f"configured fallback font not found: {fb}")
            name, chars = _register(fb)
            faces.append(_Face(name, name, chars))
            paths.append(fb)
        for face in faces:
            # <b> inside a run of this font must map to a registered face
            addMapping(face.name, 0, 0, face.name)
            addMapping(face.name, 1, 0, face.bold)
            addMapping(face.name, 0, 1, face.name)
            addMapping(face.name, 1, 1, face.bold)
            if face.bold != face.name:
                addMapping(face.bold, 0, 0, face.name)
                addMapping(face.bold, 1, 0, face.bold)
                addMapping(face.bold, 0, 1, face.name)
                addMapping(face.bold, 1, 1, face.bold)
        fs = FontSet(faces, paths)
        _cache[config] = fs
        return fs


def has_cjk(fonts: FontSet) -> bool:
    return any(0x65E5 in f.chars for f in fonts.faces)  # 日
