"""What the store needs from the template engine and the PDF/signing layer.

The store does not render nor sign by itself: it calls a :class:`ReportRenderer`
and a :class:`PdfSigner` handed to it (tests pass doubles; the app and the CLI
use the providers registered here).  The integrator wires the real engines in
:func:`_default_renderer` and :func:`_default_signer` below, one line each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from radreport.domain.report import ReportDocument, ReportText
from radreport.domain.study import Study


class EngineUnavailable(Exception):
    """No template engine / PDF signer is registered (never fall back to fake output)."""


class ReportRenderer(Protocol):
    def render(
        self, template_id: str, answers: Mapping[str, Any], study: Study, lang: str
    ) -> ReportText:
        """The report text for these answers (sets template_id and template_version)."""
        ...

    def validate(self, template_id: str, answers: Mapping[str, Any], study: Study) -> Sequence[str]:
        """Problems that block signing (missing required fields...): empty when fine."""
        ...

    def preset(self, template_id: str, name: str) -> dict[str, Any]:
        """The answers of a named preset (e.g. "normal"), chosen explicitly by the user."""
        ...


class PdfSigner(Protocol):
    def sign(
        self, document: ReportDocument, identity_path: Path, passphrase: str
    ) -> tuple[bytes, str, str]:
        """Render and PAdES-sign: (pdf bytes, SHA-256 hex of the signed bytes,
        certificate SHA-256 fingerprint hex).  Raises on a wrong passphrase."""
        ...


_renderer: ReportRenderer | None = None
_signer: PdfSigner | None = None


def _default_renderer() -> ReportRenderer | None:
    try:
        from radreport.services.templates import TemplateRenderer  # jinja2, pydantic: late
    except ImportError:  # a stripped-down installation: say so, do not crash
        return None
    return TemplateRenderer()


def _default_signer() -> PdfSigner | None:
    try:
        from radreport.services.pdf.store_signer import PadesStoreSigner  # reportlab, pyHanko
    except ImportError:
        return None
    return PadesStoreSigner()


def set_renderer(renderer: ReportRenderer | None) -> None:
    global _renderer
    _renderer = renderer


def set_signer(signer: PdfSigner | None) -> None:
    global _signer
    _signer = signer


def get_renderer() -> ReportRenderer:
    renderer = _renderer or _default_renderer()
    if renderer is None:
        raise EngineUnavailable("template engine not available in this installation")
    return renderer


def get_signer() -> PdfSigner:
    signer = _signer or _default_signer()
    if signer is None:
        raise EngineUnavailable("PDF signing not available in this installation")
    return signer
