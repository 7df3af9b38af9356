"""Renders from several threads at once (a preview while the store signs) all succeed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from radreport.services.pdf import render_pdf
from radreport.services.pdf.samples import sample_document


def test_parallel_renders_with_the_letterhead_logo() -> None:
    docs = [sample_document(lang, signed=False) for lang in ("en", "fr")] * 20
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(render_pdf, docs))
    assert all(r.startswith(b"%PDF-") for r in results)


def test_identity_unlocked_in_a_child_process_reports_bad_input() -> None:
    """The child's answers: a damaged file or a wrong passphrase is one clear error."""
    import pytest

    from radreport.services.pdf.p12_unlock import UnlockError, unlock

    with pytest.raises(UnlockError, match="wrong passphrase") as raised:
        unlock(b"not a PKCS#12 at all", b"x")
    assert not raised.value.no_certificate
