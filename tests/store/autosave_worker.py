"""Autosaves a draft in a loop until killed (run by test_store_crash.py as a subprocess).

Prints each counter value after its autosave has returned (committed), so the test
knows the last value that must survive a SIGKILL.
"""

from __future__ import annotations

import sys

from radreport.services.store import Store


def main(url: str, login: str, password: str, report_id: int, lock: int) -> None:
    store = Store.open(url)
    actor = store.authenticate(login, password)
    n = 0
    while True:
        n += 1
        # a realistic payload: a few KB of answers, with accents and markup
        answers = {"n": n, "brain": "Hypersignal T2 <b>&</b> {{ x }} é" * 40}
        store.autosave(actor, report_id, expected_lock_version=lock, answers=answers)
        print(n, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
