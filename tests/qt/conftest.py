"""Qt tests run like the app: long-lived objects are kept out of the cyclic GC.

The app calls gc.freeze() after start-up and after building a report workspace, so
full collections stay short.  A test process accumulates far more objects than the
app (every test's forms and templates), and an unfrozen full collection can block
every thread for 100-300 ms, which the GUI-stall checks would blame on the code.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _frozen_heap() -> Iterator[None]:
    gc.freeze()
    yield
