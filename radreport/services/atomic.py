"""Write a file so that its final name only ever holds complete content.

The data goes to a temporary file in the same folder, is flushed and fsync'ed,
then renamed over the final name (atomic on POSIX and on Windows with
``os.replace``).  If anything fails or the process is interrupted before the
rename, the final name is untouched and the temporary file is removed (or, after
a hard kill, left as a hidden ``.NAME.*.part`` file that is never mistaken for
the report).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

CHUNK = 1 << 20


def write_atomic(path: str | os.PathLike[str], data: bytes, *, mode: int = 0o644) -> Path:
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            view = memoryview(data)
            for start in range(0, len(view), CHUNK):
                fh.write(view[start : start + CHUNK])
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(parent)
    return target


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
