"""One sweep per folder, and no orphans: a rerun stops what a killed sweep left running before it starts.

Killing only the main process of a joblib sweep (``kill PID``, a closed terminal) leaves its worker
processes running and writing into the sweep folder for a while; an immediate rerun would race them. So
the sweep's main process leads its own process group (workers inherit it) and records it in
``.owner.json``; a rerun that finds the owner dead signals that group (SIGTERM, then SIGKILL) and waits
until it is empty, and a rerun that finds the owner alive refuses to start.

The main process becomes a group leader only when that cannot cut it off from Ctrl-C: when it is not in
the terminal's foreground group (no terminal, or started in the background). Run from a shell prompt it
already leads its group; under ``make`` it shares make's group, and then no group is recorded.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from ..scenario import InputError

OWNER = ".owner.json"


def _exists(send, ident: int) -> bool:
    """Signal 0 through ``send`` (os.kill for a process, os.killpg for a group) only checks existence;
    a permission error means it exists under another user."""
    try:
        send(ident, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _alive(pid: int) -> bool:
    return _exists(os.kill, pid)


def _group_alive(pgid: int) -> bool:
    return _exists(os.killpg, pgid)


def stop_group(pgid: int, grace: float = 10.0) -> None:
    """SIGTERM the group, SIGKILL what is left after ``grace`` seconds, return once it is empty."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 30.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _group_alive(pgid):
                return
            time.sleep(0.05)


def _lead_own_group() -> int | None:
    """Our process group id if we lead it (or can become its leader safely), else None."""
    if os.getpgrp() == os.getpid():
        return os.getpid()
    try:
        foreground = os.tcgetpgrp(0)  # the terminal on file descriptor 0, if any
    except OSError:
        foreground = None
    if foreground == os.getpgrp():
        return None  # moving out of the foreground group would stop Ctrl-C from reaching us
    os.setpgid(0, 0)
    return os.getpid()


def claim(sweep_dir: Path) -> None:
    """Called when a multirun starts, before any worker: stop a dead owner's orphans, then own the folder."""
    sweep_dir = Path(sweep_dir)
    path = sweep_dir / OWNER
    try:
        owner = json.loads(path.read_text())
    except (OSError, ValueError):
        owner = None
    if isinstance(owner, dict) and isinstance(owner.get("pid"), int) and owner["pid"] != os.getpid():
        if _alive(owner["pid"]):
            raise InputError(f"{sweep_dir}: a sweep (process {owner['pid']}) is already running in this folder; "
                             f"wait for it to end or stop it (kill -- -{owner.get('pgid') or owner['pid']})")
        if isinstance(owner.get("pgid"), int) and _group_alive(owner["pgid"]):
            print(f"Stopping the workers left running by the killed sweep (process group {owner['pgid']})")
            stop_group(owner["pgid"])
    sweep_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": os.getpid(), "pgid": _lead_own_group()}) + "\n")


def release(sweep_dir: Path) -> None:
    """Called when a multirun ends normally."""
    path = Path(sweep_dir) / OWNER
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass
