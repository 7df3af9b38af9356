"""PAdES signatures with pyHanko: the report itself, and signed addenda.

- PAdES baseline B-B (RSA, SHA-256) from a PKCS#12 identity; B-T when a
  time-stamp authority is configured.
- The visible stamp is drawn by reportlab with the report's embedded TrueType
  fonts (pyHanko's own stamp font is an unembedded Courier) and shows the same
  manifestation as the signature block: name, credentials, meaning, date/time.
- An addendum is a new signature field added in a new incremental revision, its
  appearance carrying the addendum text: the bytes covered by the earlier
  signature are never rewritten, so that signature stays valid.
- The SHA-256 of the signed byte ranges (the CMS message digest) is returned for
  the audit trail.
"""

from __future__ import annotations

import binascii
import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.pdf_utils import content as ph_content
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    BoxConstraints,
    InnerScaling,
    Margins,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from radreport.domain.report import SignatureManifestation
from radreport.services.pdf import labels as L
from radreport.services.pdf.fonts import FontConfig, FontSet, load_fonts
from radreport.services.pdf.layout import (
    ADDENDUM_AREA_KEY,
    RENDER_LOCK,
    SIGNATURE_BOX_KEY,
    StampBox,
    binary_streams,
)
from radreport.services.pdf.p12_unlock import UnlockError, unlock

REPORT_FIELD = "RadReportSignature"
ADDENDUM_PREFIX = "RadReportAddendum"
PASSPHRASE_ENV = "RADREPORT_KEY_PASSPHRASE"
RESERVED_BYTES = 16384  # signature container space when no time-stamp is added


class SigningError(RuntimeError):
    """Signing could not be done; the message is meant for the user."""


class AddendumSpaceError(SigningError):
    """No room left for a visible addendum: issue a new version of the report instead."""


class _CachedKeySigner(signers.SimpleSigner):
    """SimpleSigner that parses (and validates) the RSA key once, not at every signature.

    pyHanko re-loads the key from DER for each raw signature, and cryptography's RSA
    key check costs ~80 ms for a 3072-bit key; a signature takes two raw signatures
    (size estimate + real).  Other key types keep pyHanko's own code path.
    """

    _rsa_key: RSAPrivateKey | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mech = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mech["algorithm"].native not in ("sha256_rsa", "rsassa_pkcs1v15"):
            return bytes(super().sign_raw(data, digest_algorithm))
        if self._rsa_key is None:
            # the key was validated by cryptography when its PKCS#12 was opened (in a
            # child process, see load_identity); validating it again here would hold the
            # GIL ~90 ms for a 3072-bit key: a GUI freeze while a report is signed
            key = serialization.load_der_private_key(
                self.signing_key.dump(), password=None, unsafe_skip_rsa_key_validation=True
            )
            if not isinstance(key, RSAPrivateKey):
                return bytes(super().sign_raw(data, digest_algorithm))
            self._rsa_key = key
        return self._rsa_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


@dataclass(frozen=True, slots=True)
class SigningIdentity:
    signer: signers.SimpleSigner
    subject: str  # RFC 4514 string of the signer certificate subject
    common_name: str
    not_after: str


@dataclass(frozen=True, slots=True)
class SignedPdf:
    data: bytes
    sha256: str  # SHA-256 (hex) of the bytes covered by the new signature
    file_sha256: str  # SHA-256 (hex) of the whole signed file
    field_name: str


def load_identity(
    p12_path: str | os.PathLike[str], passphrase: bytes | str | None
) -> SigningIdentity:
    """Open a PKCS#12 (.p12/.pfx) signing identity; clear errors for the usual mistakes."""
    path = Path(p12_path)
    if isinstance(passphrase, str):
        passphrase = passphrase.encode("utf-8")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(
            f"cannot read the signing identity {path}: {exc.strerror or exc}"
        ) from exc
    # decrypted and validated by cryptography in a child process (see p12_unlock: the
    # key validation holds the GIL and froze the window while a report was signed)
    try:
        unlocked = unlock(data, passphrase)
    except UnlockError as exc:
        if exc.no_certificate:
            raise SigningError(f"{path} holds no certificate for its private key") from exc
        raise SigningError(f"cannot open {path}: {exc}") from exc
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple(asn1_x509.Certificate.load(c) for c in unlocked.other_certs_der)
    signer = _CachedKeySigner(
        signing_cert=asn1_x509.Certificate.load(unlocked.cert_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(unlocked.key_pkcs8_der),
        cert_registry=registry,
    )
    cert: asn1_x509.Certificate = signer.signing_cert
    usage = cert.key_usage_value.native if cert.key_usage_value is not None else set()
    missing = {"digital_signature", "non_repudiation"} - set(usage)
    if usage and missing:
        raise SigningError(
            f"the certificate in {path} is not meant for signing documents "
            f"(key usage lacks {', '.join(sorted(missing))})"
        )
    subject = cert.subject.human_friendly
    cn = cert.subject.native.get("common_name", subject)
    return SigningIdentity(
        signer=signer,
        subject=subject,
        common_name=str(cn),
        not_after=cert["tbs_certificate"]["validity"]["not_after"].native.isoformat(),
    )


def read_passphrase(
    passphrase_file: str | None = None, *, prompt: str = "Key passphrase: "
) -> bytes:
    """From --passphrase-file, else $RADREPORT_KEY_PASSPHRASE, else an interactive prompt."""
    if passphrase_file:
        try:
            raw = Path(passphrase_file).read_bytes()
        except OSError as exc:
            raise SigningError(
                f"cannot read the passphrase file {passphrase_file}: {exc.strerror or exc}"
            ) from exc
        return raw.rstrip(b"\r\n")
    env = os.environ.get(PASSPHRASE_ENV)
    if env is not None:
        return env.encode("utf-8")
    import getpass
    import sys

    if not sys.stdin.isatty():
        raise SigningError(
            f"no passphrase: use --passphrase-file or set {PASSPHRASE_ENV} "
            "(no terminal to prompt on)"
        )
    return getpass.getpass(prompt).encode("utf-8")


# -- stamps -----------------------------------------------------------------------


def _stamp_pdf(
    width: float,
    height: float,
    fonts: FontSet,
    paragraphs: list[tuple[str, ParagraphStyle]],
    *,
    border: str = "#1F4E79",
    background: str = "#F4F7FB",
) -> bytes:
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(width, height), initialFontName=fonts.regular)
    canv.setFillColor(colors.HexColor(background))
    canv.setStrokeColor(colors.HexColor(border))
    canv.setLineWidth(1.2)
    canv.rect(0.6, 0.6, width - 1.2, height - 1.2, stroke=1, fill=1)
    frame = Frame(0, 0, width, height, leftPadding=6, rightPadding=6, topPadding=5, bottomPadding=3)
    with RENDER_LOCK, binary_streams():  # reportlab state is process-wide
        frame.addFromList([Paragraph(t, s) for t, s in paragraphs], canv)
        canv.showPage()
        canv.save()
    return buf.getvalue()


def _styles(fonts: FontSet, size: float = 8.0) -> tuple[ParagraphStyle, ParagraphStyle]:
    base = ParagraphStyle(
        "stamp", fontName=fonts.regular, fontSize=size, leading=size * 1.25, spaceAfter=0
    )
    bold = ParagraphStyle(
        "stampb",
        parent=base,
        fontName=fonts.bold,
        fontSize=size + 1.2,
        leading=(size + 1.2) * 1.25,
        textColor=colors.HexColor("#1F4E79"),
    )
    return base, bold


def manifestation_stamp(
    man: SignatureManifestation,
    identity: SigningIdentity,
    language: str,
    fonts: FontSet,
    size: tuple[float, float],
) -> bytes:
    base, bold = _styles(fonts)
    m = fonts.markup
    lines = [
        (m(L.label(language, "stamp_title")), bold),
        (f"<b>{m(man.signer_name)}</b>", base),
        (m(man.credentials), base),
        (m(man.meaning), base),
        (m(L.format_datetime(man.signed_at)), base),
        (
            f'<font color="#555555">{m(L.label(language, "cert") + identity.common_name)}</font>',
            base,
        ),
    ]
    return _stamp_pdf(size[0], size[1], fonts, lines)


class _PdfBytesPage(ph_content.PdfContent):
    """pyHanko's ImportedPdfPage, from bytes instead of a file name."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        w = self._ensure_writer
        xobj = w.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/Stamp" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def _timestamper(tsa_url: str | None, timestamper: TimeStamper | None) -> TimeStamper | None:
    if timestamper is not None:
        return timestamper
    return HTTPTimeStamper(tsa_url) if tsa_url else None


def _signed_digest(data: bytes) -> str:
    """SHA-256 of the ranges covered by the newest signature (its dict is in the last update)."""
    at = data.rfind(b"/ByteRange")
    m = re.match(rb"/ByteRange\s*\[\s*([\d\s]+?)\s*\]", data[at : at + 200]) if at >= 0 else None
    if m is None:  # pragma: no cover - pyHanko always writes it
        raise SigningError("the signature just made cannot be found in the output")
    br = [int(x) for x in m.group(1).split()]
    h = hashlib.sha256()
    for start, length in zip(br[::2], br[1::2], strict=True):
        h.update(data[start : start + length])
    return h.hexdigest()


def _catalog_box(reader: PdfFileReader, key: str) -> StampBox | None:
    raw = reader.root.get("/" + key)
    if raw is None:
        return None
    try:
        vals = [float(v) for v in raw]
        return StampBox(int(vals[0]), (vals[1], vals[2], vals[3], vals[4]))
    except (TypeError, ValueError, IndexError):
        return None


def _sign(
    pdf_bytes: bytes,
    identity: SigningIdentity,
    *,
    field_name: str,
    box: StampBox | None,
    stamp: bytes | None,
    reason: str,
    signer_name: str,
    location: str,
    tsa_url: str | None,
    timestamper: TimeStamper | None,
) -> SignedPdf:
    if box is not None:
        spec = fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=box.page,
            box=tuple(round(v) for v in box.box),  # type: ignore[arg-type]
        )
    else:
        spec = fields.SigFieldSpec(sig_field_name=field_name)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        name=signer_name,
        location=location or None,
    )
    ts = _timestamper(tsa_url, timestamper)
    style: Any = None
    if stamp is not None:
        # the stamp page is made at the widget's exact size: no margin, no scaling
        style = StaticStampStyle(
            background=_PdfBytesPage(stamp),
            border_width=0,
            background_opacity=1.0,
            background_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MIN,
                y_align=AxisAlignment.ALIGN_MIN,
                margins=Margins(0, 0, 0, 0),
                inner_content_scaling=InnerScaling.NO_SCALING,
            ),
        )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=identity.signer,
        timestamper=ts,
        stamp_style=style,
        new_field_spec=spec,
    )
    # Without a time-stamp, 16 KiB holds an RSA-4096 CMS with a few chain certificates;
    # reserving it skips pyHanko's size-estimating dry run (a second signature).  A
    # bigger container (long hospital chain) falls back to the estimate.
    reserve: list[int | None] = [None] if ts is not None else [RESERVED_BYTES, None]
    data = b""
    for i, bytes_reserved in enumerate(reserve):
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        except Exception as exc:  # pyHanko raises PdfReadError and friends
            raise SigningError(f"not a readable PDF: {exc}") from exc
        out = io.BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=out, bytes_reserved=bytes_reserved)
        except Exception as exc:  # network errors from a TSA, malformed PDFs, key problems
            if i + 1 < len(reserve) and "larger than" in str(exc).lower():
                continue
            raise SigningError(f"signing failed: {exc}") from exc
        data = out.getvalue()
        break
    return SignedPdf(
        data=data,
        sha256=_signed_digest(data),
        file_sha256=hashlib.sha256(data).hexdigest(),
        field_name=field_name,
    )


def sign_pdf(
    pdf_bytes: bytes,
    identity: SigningIdentity,
    manifestation: SignatureManifestation,
    *,
    language: str = "en",
    tsa_url: str | None = None,
    timestamper: TimeStamper | None = None,
    stamp_box: StampBox | None = None,
    fonts: FontConfig | None = None,
    location: str = "",
) -> SignedPdf:
    """Sign a rendered report (PAdES B-B; B-T with ``tsa_url`` or ``timestamper``).

    The visible stamp goes in the box the layout reserved (``stamp_box``, or the
    one recorded in the PDF); without either the signature is invisible.
    """
    fontset = load_fonts(fonts)
    if stamp_box is None:
        try:
            stamp_box = _catalog_box(
                PdfFileReader(io.BytesIO(pdf_bytes), strict=False), SIGNATURE_BOX_KEY
            )
        except Exception as exc:
            raise SigningError(f"not a readable PDF: {exc}") from exc
    stamp = None
    if stamp_box is not None:
        x1, y1, x2, y2 = stamp_box.box
        stamp = manifestation_stamp(
            manifestation,
            identity,
            language,
            fontset,
            (round(x2) - round(x1), round(y2) - round(y1)),
        )
    return _sign(
        pdf_bytes,
        identity,
        field_name=REPORT_FIELD,
        box=stamp_box,
        stamp=stamp,
        reason=manifestation.meaning,
        signer_name=manifestation.signer_name,
        location=location,
        tsa_url=tsa_url,
        timestamper=timestamper,
    )


def add_signed_addendum(
    pdf_bytes: bytes,
    text: str,
    manifestation: SignatureManifestation,
    identity: SigningIdentity,
    *,
    language: str = "en",
    tsa_url: str | None = None,
    timestamper: TimeStamper | None = None,
    fonts: FontConfig | None = None,
) -> SignedPdf:
    """Append a signed addendum as a new incremental revision; earlier signatures stay valid.

    The addendum is shown in the empty area under the signature block of a
    RadReport PDF.  When it does not fit (a long addendum, or many of them),
    :class:`AddendumSpaceError` asks for a new version of the report instead
    (``ReportDocument.addenda``, rendered and signed as a new document).
    """
    if not text.strip():
        raise SigningError("the addendum is empty")
    fontset = load_fonts(fonts)
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        area = _catalog_box(reader, ADDENDUM_AREA_KEY)
        existing = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(f"not a readable PDF: {exc}") from exc
    if not existing:
        raise SigningError("an addendum needs a signed report: sign the report first")
    if area is None:
        raise AddendumSpaceError(
            "this PDF has no space reserved for addenda: issue a new version of the report"
        )
    x1, y1, x2, y2 = area.box
    top = y2
    n = 1
    for sig in existing:
        if sig.field_name.startswith(ADDENDUM_PREFIX):
            n += 1
            rect = [float(v) for v in sig.sig_field.get("/Rect", [0, 0, 0, 0])]
            top = min(top, min(rect[1], rect[3]) - 6)
    width = x2 - x1
    base, bold = _styles(fontset, 8.5)
    m = fontset.markup
    heading = f"{L.label(language, 'addendum')} {n} — {L.format_datetime(manifestation.signed_at)}"
    paras: list[tuple[str, ParagraphStyle]] = [(m(heading.upper()), bold)]
    paras += [(m(chunk), base) for chunk in text.split("\n\n") if chunk.strip()]
    paras.append(
        (
            f"<i>{m(L.label(language, 'addendum_signed'))} <b>{m(manifestation.signer_name)}</b>, "
            f"{m(manifestation.credentials)} · {m(manifestation.meaning)} · "
            f"{m(L.format_datetime(manifestation.signed_at))}</i>",
            base,
        )
    )
    needed = 10.0
    for t, s in paras:
        _, h = Paragraph(t, s).wrap(width - 12, 10_000)
        needed += h + s.spaceAfter
    needed = float(round(needed + 2))
    if top - needed < y1:
        raise AddendumSpaceError(
            "the addendum does not fit under the signature on the last page: "
            "issue a new version of the report that includes it"
        )
    box = StampBox(area.page, (x1, top - needed, x2, top))
    stamp = _stamp_pdf(
        round(x2) - round(x1),
        round(top) - round(top - needed),
        fontset,
        paras,
        border="#7A4B00",
        background="#FFF8EC",
    )
    return _sign(
        pdf_bytes,
        identity,
        field_name=f"{ADDENDUM_PREFIX}{n}",
        box=box,
        stamp=stamp,
        reason=manifestation.meaning,
        signer_name=manifestation.signer_name,
        location="",
        tsa_url=tsa_url,
        timestamper=timestamper,
    )
