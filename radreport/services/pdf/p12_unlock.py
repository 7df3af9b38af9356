"""Open a PKCS#12 signing identity in a child process.

cryptography validates an RSA key when it decrypts a PKCS#12 (primality of p and q):
~90 ms for a 3072-bit key, ~250 ms for 4096 bits, in Rust code that holds the GIL.
Signing runs in a worker thread of the app, so that validation froze the window.  The
child process does the whole standard load (cryptography's ``load_key_and_certificates``:
MAC, decryption, key validation) and hands back the key (PKCS#8 DER) and certificates
through a pipe; the parent then loads the key without validating it again.  Nothing is
written to disk and the passphrase travels on stdin, never on the command line.

Run as ``python -m radreport.services.pdf.p12_unlock`` (JSON on stdin and stdout).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# the child's exit codes
_BAD_FILE = 3  # wrong passphrase, damaged or not a PKCS#12
_NO_CERTIFICATE = 4  # a key without its certificate


class UnlockError(ValueError):
    """The identity cannot be opened; ``no_certificate`` tells the two usual causes apart."""

    def __init__(self, message: str, *, no_certificate: bool = False) -> None:
        super().__init__(message)
        self.no_certificate = no_certificate


@dataclass(frozen=True, slots=True)
class Unlocked:
    key_pkcs8_der: bytes  # validated by cryptography in the child
    cert_der: bytes  # the certificate of that key
    other_certs_der: tuple[bytes, ...]  # the chain shipped in the file


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unlock(data: bytes, passphrase: bytes | None, *, timeout_s: float = 60.0) -> Unlocked:
    """Decrypt and validate ``data`` in a child process; raise :class:`UnlockError`."""
    request = json.dumps({"p12": _b64(data), "passphrase": _b64(passphrase or b"")})
    # the child must find this package wherever the parent found it (checkout or wheel)
    package_root = str(Path(__file__).resolve().parents[3])
    paths = [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "radreport.services.pdf.p12_unlock"],
            input=request.encode("ascii"),
            capture_output=True,
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UnlockError(f"the signing identity could not be opened: {exc}") from exc
    if done.returncode == _NO_CERTIFICATE:
        raise UnlockError("no certificate for the private key", no_certificate=True)
    if done.returncode != 0:
        raise UnlockError("wrong passphrase, or not a PKCS#12 (.p12/.pfx) file")
    try:
        answer = json.loads(done.stdout)
        return Unlocked(
            base64.b64decode(answer["key"]),
            base64.b64decode(answer["cert"]),
            tuple(base64.b64decode(c) for c in answer["others"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise UnlockError("the signing identity could not be opened") from exc


def _child() -> int:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    request = json.loads(sys.stdin.buffer.read())
    passphrase = base64.b64decode(request["passphrase"]) or None
    try:
        key, cert, others = pkcs12.load_key_and_certificates(
            base64.b64decode(request["p12"]), passphrase
        )
    except Exception:  # every failure of the standard loader: one clear answer
        return _BAD_FILE
    if key is None or cert is None:
        return _NO_CERTIFICATE
    der = serialization.Encoding.DER
    answer = {
        "key": _b64(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        "cert": _b64(cert.public_bytes(der)),
        "others": [_b64(c.public_bytes(der)) for c in others],
    }
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
