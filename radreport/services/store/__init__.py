"""The report store: users, studies, reports, signatures, deliveries and the audit trail.

Use :class:`Store` (``Store.open(url)`` migrates the database first).  See
``service.py`` for the API and ``engines.py`` for how the template engine and the
PDF signer are plugged in.
"""

from radreport.services.store.db import StoreUnavailable, default_url, make_engine, migrate
from radreport.services.store.engines import (
    EngineUnavailable,
    PdfSigner,
    ReportRenderer,
    get_renderer,
    get_signer,
    set_renderer,
    set_signer,
)
from radreport.services.store.service import (
    Actor,
    AuthenticationFailed,
    ConflictError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ReportSummary,
    ReportView,
    SigningFailed,
    Store,
    StoreError,
    WorkflowError,
)

__all__ = [
    "Actor",
    "AuthenticationFailed",
    "ConflictError",
    "EngineUnavailable",
    "InvalidInput",
    "NotFound",
    "PdfSigner",
    "PermissionDenied",
    "ReportRenderer",
    "ReportSummary",
    "ReportView",
    "SigningFailed",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "WorkflowError",
    "default_url",
    "get_renderer",
    "get_signer",
    "make_engine",
    "migrate",
    "set_renderer",
    "set_signer",
]
