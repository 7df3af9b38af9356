"""No lost work: a process killed with SIGKILL while autosaving leaves a consistent
database holding the last autosave (a real subprocess, really killed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PASSWORD, People
from store_doubles import DoubleRenderer, make_study

from radreport.services.store import Store
from radreport.services.store.db import integrity_check

WORKER = Path(__file__).with_name("autosave_worker.py")


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, 40])
def test_sigkill_during_autosave_keeps_the_last_one(
    store: Store, people: People, db_url: str, kill_after: int
) -> None:
    rid = store.create_report(people.rad, make_study(), "als-mri", {"brain": "x"}, "fr")
    lock = store.get_report(people.rad, rid).lock_version
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), db_url, "rad", PASSWORD, str(rid), str(lock)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    last = 0
    deadline = time.monotonic() + 60
    try:
        while last < kill_after and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            last = int(line)
        assert last >= kill_after, proc.stderr.read() if proc.stderr else ""
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # mid-save: the worker never stops between saves
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    # the worker may have committed one more save before it died (stdout not yet read)
    for line in proc.stdout:
        last = max(last, int(line))
    store.close()

    reopened = Store.open(db_url, renderer=DoubleRenderer())
    try:
        assert integrity_check(reopened.engine) == []
        saved = reopened.get_autosave(people.rad, rid)
        assert saved is not None
        assert saved.answers["n"] in (last, last + 1)
        assert saved.answers["brain"].startswith("Hypersignal T2 <b>&</b> {{ x }} é")
        assert reopened.verify_audit(people.admin).ok
        # the saved draft itself is untouched, and the autosave can be saved for real
        reopened.save_draft(people.rad, rid, expected_lock_version=lock, answers=saved.answers)
        assert reopened.get_report(people.rad, rid).answers["n"] == saved.answers["n"]
    finally:
        reopened.close()


@pytest.mark.slow
def test_two_workstations_autosaving_one_draft(store: Store, people: People, db_url: str) -> None:
    """Two processes autosave the same draft at once: one keeps working, the other stops
    with a clear conflict message (never 'database is locked', never a silent overwrite)."""
    rid = store.create_report(people.rad, make_study(), "als-mri", {"brain": "x"}, "fr")
    lock = store.get_report(people.rad, rid).lock_version
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = {
        who: subprocess.Popen(
            [sys.executable, str(WORKER), db_url, who, PASSWORD, str(rid), str(lock)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("rad", "res")
    }
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all(p.poll() is None for p in procs.values()):
        time.sleep(0.05)
    try:
        loser = next(w for w, p in procs.items() if p.poll() is not None)
        winner = next(w for w in procs if w != loser)
        assert procs[winner].stdout is not None
        assert int(procs[winner].stdout.readline()) >= 1  # the winner keeps saving
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
            p.wait(timeout=10)
    err = procs[loser].stderr.read() if procs[loser].stderr else ""
    assert f"{winner} is editing report {rid}" in err and "nothing was overwritten" in err
    assert "locked" not in err
    saved = store.get_autosave(people.rad, rid)
    assert saved is not None and saved.user == winner
    assert store.verify_audit(people.admin).ok
