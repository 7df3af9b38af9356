"""Fixtures for the PDF tests: reproducible reportlab output, a demo PKI, external tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab import rl_config

from radreport.services.pdf.pki import DemoIdentity, make_demo_identity
from radreport.services.pdf.signing import SigningIdentity, load_identity

PASSPHRASE = b"correct horse battery"


@pytest.fixture(autouse=True)
def _reproducible_reportlab() -> Iterator[None]:
    old = rl_config.invariant
    rl_config.invariant = 1
    yield
    rl_config.invariant = old


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (see scripts/test-packages.txt)")
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture
def run_tool() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run an external checker (skipped when missing outside CI, failing in CI)."""

    def run(name: str, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        exe = _tool(name)
        return subprocess.run(
            [exe, *args], capture_output=True, text=True, check=check, timeout=120
        )

    return run


@dataclass(frozen=True)
class Pki:
    demo: DemoIdentity
    identity: SigningIdentity
    other: DemoIdentity  # a second, unrelated demo CA


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    d = tmp_path_factory.mktemp("pki")
    demo = make_demo_identity(
        "Dr. Hélène Côté-Laframboise",
        d / "signer.p12",
        PASSPHRASE,
        credentials="MD, FRCPC",
        key_size=2048,
    )
    other = make_demo_identity("Dr. Other", d / "other.p12", PASSPHRASE, key_size=2048)
    return Pki(demo, load_identity(demo.p12_path, PASSPHRASE), other)


@pytest.fixture
def nss_db(
    tmp_path: Path, pki: Pki, run_tool: Callable[..., subprocess.CompletedProcess[str]]
) -> str:
    """An NSS database that trusts the demo CA (for pdfsig's "Certificate is Trusted.")."""
    db = tmp_path / "nss"
    db.mkdir()
    run_tool("certutil", "-N", "-d", f"sql:{db}", "--empty-password", check=True)
    run_tool(
        "certutil",
        "-A",
        "-d",
        f"sql:{db}",
        "-n",
        "demo-ca",
        "-t",
        "CT,C,C",
        "-i",
        str(pki.demo.ca_path),
        check=True,
    )
    return f"sql:{db}"
