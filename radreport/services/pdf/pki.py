"""A demo signing identity: a test CA and a signer certificate, NOT for clinical use.

It lets a radiologist try signing and a referring physician try verifying
without a hospital PKI.  Both certificates say "NOT FOR CLINICAL USE" in their
subject, and the CA certificate is written next to the PKCS#12 file so that a
verifier can be told to trust it explicitly (``radreport verify --trust``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from radreport.services.atomic import write_atomic

NOT_CLINICAL = "DEMO - NOT FOR CLINICAL USE"
DEMO_ORG = "RadReport demo PKI"


@dataclass(frozen=True, slots=True)
class DemoIdentity:
    p12_path: Path
    ca_path: Path
    subject: str
    ca_subject: str
    fingerprint_sha256: str
    not_after: dt.datetime


def ca_path_for(p12_path: str | os.PathLike[str]) -> Path:
    p = Path(p12_path)
    return p.with_name(p.stem + ".ca.pem")


def _name(cn: str, title: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CA"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORG),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, NOT_CLINICAL),
        x509.NameAttribute(NameOID.COMMON_NAME, cn[:64]),
    ]
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title[:64]))
    return x509.Name(attrs)


def make_demo_identity(
    name: str,
    out_p12: str | os.PathLike[str],
    passphrase: bytes,
    *,
    credentials: str = "",
    key_size: int = 3072,
    valid_days: int = 730,
    now: dt.datetime | None = None,
) -> DemoIdentity:
    """Create ``out_p12`` (leaf key + chain, encrypted) and ``<stem>.ca.pem`` beside it."""
    if not name.strip():
        raise ValueError("the signer's name is empty")
    if not passphrase:
        raise ValueError("the PKCS#12 file needs a non-empty passphrase")
    now = now or dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    ca_name = _name(f"RadReport demo CA ({NOT_CLINICAL})")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=valid_days + 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    subject = _name(name.strip(), credentials.strip())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # = nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        name=name.strip().encode("utf-8")[:64],
        key=key,
        cert=leaf,
        cas=[ca_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    p12_path = Path(out_p12)
    ca_path = ca_path_for(p12_path)
    write_atomic(ca_path, ca_cert.public_bytes(serialization.Encoding.PEM))
    write_atomic(p12_path, p12, mode=0o600)
    return DemoIdentity(
        p12_path=p12_path,
        ca_path=ca_path,
        subject=subject.rfc4514_string(),
        ca_subject=ca_name.rfc4514_string(),
        fingerprint_sha256=leaf.fingerprint(hashes.SHA256()).hex(":").upper(),
        not_after=leaf.not_valid_after_utc,
    )
