"""Find and read DICOM studies in folders, DICOMDIRs, zip archives and single files.

The scan is a plain function (:func:`scan_paths`) that reports progress and checks
for cancellation through two callbacks, so the GUI runs it in a worker thread and
the CLI and tests call it directly.  It reads headers only, never pixel data;
every file it cannot use ends up in ``ScanResult.errors`` with a reason, while
every good file still loads.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import sys
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from radreport.domain.study import InstanceHeader, ScanError, Study, build_studies
from radreport.services.scan_index import ScanIndex

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]

ZIP_SEP = "!/"  # "archive.zip!/member" names a file inside an archive
_PROGRESS_EVERY_S = 0.05


@dataclass(slots=True)
class ScanResult:
    studies: list[Study] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files_seen: int = 0
    from_index: int = 0
    read: int = 0
    cancelled: bool = False
    elapsed_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of ``radreport scan --json`` (docs/scan-json.md)."""
        return {
            "studies": [s.to_dict() for s in self.studies],
            "errors": [e.to_dict() for e in self.errors],
            "summary": {
                "files_seen": self.files_seen,
                "from_index": self.from_index,
                "read": self.read,
                "cancelled": self.cancelled,
                "elapsed_s": round(self.elapsed_s, 3),
            },
        }


class ScanCancelled(Exception):
    pass


@dataclass(slots=True)
class _Candidate:
    """A file to read: on disk (``member`` None) or inside a zip archive."""

    key: str  # the path shown to users and used as the index key
    size: int
    mtime_ns: int
    path: str
    member: zipfile.ZipInfo | None = None


class _Walker:
    """Expands the user's inputs into candidate files, recording problems as errors."""

    def __init__(self, errors: list[ScanError], cancel: CancelCallback | None) -> None:
        self.errors = errors
        self.cancel = cancel
        self.seen_files: set[tuple[int, int]] = set()
        self.zips: dict[str, zipfile.ZipFile] = {}

    def _err(self, path: str, reason: str) -> None:
        self.errors.append(ScanError(path, reason))

    def expand(self, inputs: Sequence[str | os.PathLike[str]]) -> Iterator[_Candidate]:
        for raw in inputs:
            path = os.path.abspath(os.fspath(raw))
            try:
                st = os.stat(path)
            except FileNotFoundError:
                if os.path.islink(path):
                    self._err(path, "broken symbolic link")
                else:
                    self._err(path, "no such file or folder")
                continue
            except OSError as exc:
                self._err(path, _os_reason(exc))
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self._walk_dir(path, [(st.st_dev, st.st_ino)])
            elif os.path.basename(path).upper() == "DICOMDIR":
                yield from self._dicomdir(path)
            else:
                yield from self._file(path, st)

    def _walk_dir(self, folder: str, chain: list[tuple[int, int]]) -> Iterator[_Candidate]:
        if self.cancel is not None and self.cancel():
            raise ScanCancelled
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self._err(folder, _os_reason(exc))
            return
        for entry in entries:
            try:
                st = entry.stat()  # follows symbolic links
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    self._err(entry.path, "symbolic link loop")
                elif entry.is_symlink():
                    self._err(entry.path, "broken symbolic link")
                else:
                    self._err(entry.path, _os_reason(exc))
                continue
            if stat.S_ISDIR(st.st_mode):
                ident = (st.st_dev, st.st_ino)
                if ident in chain:
                    self._err(
                        entry.path, "symbolic link loop: this folder leads back to one above it"
                    )
                    continue
                yield from self._walk_dir(entry.path, [*chain, ident])
            elif entry.name.upper() == "DICOMDIR":
                continue  # the index of files this walk reaches anyway
            else:
                yield from self._file(entry.path, st)

    def _file(self, path: str, st: os.stat_result) -> Iterator[_Candidate]:
        if not stat.S_ISREG(st.st_mode):
            self._err(path, "not a regular file (device, pipe or socket)")
            return
        ident = (st.st_dev, st.st_ino)
        if ident in self.seen_files:
            return  # the same file reached twice (nested inputs, links): read it once
        self.seen_files.add(ident)
        if path.lower().endswith(".zip"):
            yield from self._zip(path, st)
            return
        yield _Candidate(path, st.st_size, st.st_mtime_ns, path)

    def _zip(self, path: str, st: os.stat_result) -> Iterator[_Candidate]:
        try:
            zf = zipfile.ZipFile(path)
            infos = zf.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
            self._err(path, "not a valid zip archive (damaged or incomplete download?)")
            return
        except OSError as exc:
            self._err(path, _os_reason(exc))
            return
        self.zips[path] = zf
        for info in sorted(infos, key=lambda i: i.filename):
            if info.is_dir():
                continue
            key = f"{path}{ZIP_SEP}{info.filename}"
            if info.flag_bits & 0x1:
                self._err(key, "encrypted zip member: unzip it with its password first")
                continue
            if os.path.basename(info.filename).upper() == "DICOMDIR":
                continue
            # the archive's own size and mtime stand for each member's in the index
            yield _Candidate(key, st.st_size, st.st_mtime_ns, path, info)

    def _dicomdir(self, path: str) -> Iterator[_Candidate]:
        from pydicom.fileset import FileSet

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fs = FileSet(path)
                refs = [os.fspath(inst.path) for inst in fs]
            # pydicom drops records whose file is gone, with only a warning
            for w in caught:
                text = str(w.message)
                if "does not exist:" in text:
                    missing = text.split("does not exist:", 1)[1].strip()
                    self._err(missing, "listed in the DICOMDIR but the file is missing")
        except Exception as exc:  # pydicom raises many types for damaged DICOMDIRs
            detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            self._err(path, f"damaged DICOMDIR: {detail}")
            return
        for ref in refs:
            try:
                st = os.stat(ref)
            except OSError as exc:
                self._err(ref, f"listed in the DICOMDIR but {_os_reason(exc)}")
                continue
            yield from self._file(ref, st)

    def close(self) -> None:
        for zf in self.zips.values():
            zf.close()
        self.zips.clear()


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read: {exc.strerror or exc}"


def _read_candidate(walker: _Walker, c: _Candidate) -> InstanceHeader | str:
    """The header of one file, or the reason it cannot be used."""
    # Imported on the first file actually read: a rescan served from the index (the
    # app's start on the demo study) never loads the header reader.
    from radreport.services.dicom_header import HeaderError, read_header, read_header_file

    try:
        if c.member is None:
            return read_header_file(c.path)
        zf = walker.zips[c.path]
        try:
            with zf.open(c.member) as stream:
                return read_header(stream, c.key, -1)
        except HeaderError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise HeaderError(f"damaged zip member: {exc}") from None
        except NotImplementedError:
            raise HeaderError("zip member uses an unsupported compression method") from None
    except HeaderError as exc:
        return str(exc)


def _index_prefixes(inputs: Sequence[str | os.PathLike[str]]) -> list[str]:
    out = []
    for raw in inputs:
        path = os.path.abspath(os.fspath(raw))
        out.append(path + os.sep if os.path.isdir(path) else path)
    # a prefix inside another one adds nothing
    out.sort()
    kept: list[str] = []
    for p in out:
        if not any(p.startswith(k) and k.endswith(os.sep) for k in kept):
            kept.append(p)
    return kept


def scan_paths(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    index: ScanIndex | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ScanResult:
    """Scan files, folders (recursively), DICOMDIRs and zip archives.

    ``progress(done, total)`` is called now and then (and once at the end);
    ``cancel()`` is polled between files; a cancelled scan returns what it has
    so far with ``cancelled=True``.  Never raises for bad input.
    """
    started = time.perf_counter()
    result = ScanResult()
    walker = _Walker(result.errors, cancel)
    headers: list[InstanceHeader] = []
    try:
        try:
            candidates = list(walker.expand(inputs))
        except ScanCancelled:
            result.cancelled = True
            candidates = []
        result.files_seen = len(candidates)
        cached: dict[str, Any] = {}
        if index is not None and candidates:
            for prefix in _index_prefixes(inputs):
                cached.update(index.load_prefix(prefix))
        to_store: list[tuple[str, int, int, InstanceHeader | None, str | None]] = []
        total = len(candidates)
        last_report = 0.0
        for done, c in enumerate(candidates):
            if cancel is not None and cancel():
                result.cancelled = True
                break
            if progress is not None:
                now = time.perf_counter()
                if now - last_report >= _PROGRESS_EVERY_S:
                    progress(done, total)
                    last_report = now
            entry = cached.get(c.key)
            if entry is not None and entry.size == c.size and entry.mtime_ns == c.mtime_ns:
                result.from_index += 1
                if entry.header is not None:
                    headers.append(entry.header)
                else:
                    result.errors.append(ScanError(c.key, entry.error or "unreadable"))
                continue
            result.read += 1
            h = _read_candidate(walker, c)
            if isinstance(h, str):  # the reason the file cannot be used
                result.errors.append(ScanError(c.key, h))
                to_store.append((c.key, c.size, c.mtime_ns, None, h))
                continue
            headers.append(h)
            to_store.append((c.key, c.size, c.mtime_ns, h, None))
        if index is not None:
            if not result.cancelled:
                present = {c.key for c in candidates}
                index.forget([k for k in cached if k not in present])
            # Errors that depend on the moment (permission, file vanished) are not cached.
            index.store(r for r in to_store if r[4] is None or not r[4].startswith("cannot read"))
    finally:
        walker.close()
    headers = _drop_duplicates(headers, result.errors)
    result.studies = build_studies(headers)
    result.errors.sort(key=lambda e: e.path)
    if progress is not None:
        progress(len(headers) + len(result.errors), result.files_seen)
    result.elapsed_s = time.perf_counter() - started
    log.info(
        "scan %s: %d files (%d from index, %d read), %d studies, %d errors in %.2f s",
        "cancelled" if result.cancelled else "done",
        result.files_seen,
        result.from_index,
        result.read,
        len(result.studies),
        len(result.errors),
        result.elapsed_s,
    )
    return result


def _drop_duplicates(
    headers: list[InstanceHeader], errors: list[ScanError]
) -> list[InstanceHeader]:
    """Keep the first file of each SOP Instance UID and report the others."""
    first: dict[str, str] = {}
    kept: list[InstanceHeader] = []
    intern = sys.intern
    for h in headers:
        uid = h.sop_instance_uid
        if uid in first:
            errors.append(
                ScanError(
                    h.path, f"duplicate SOP Instance UID {uid}: same image as {first[uid]}; ignored"
                )
            )
            continue
        first[intern(uid)] = h.path
        kept.append(h)
    return kept


def scan_paths_default(inputs: Sequence[str | os.PathLike[str]], **kwargs: Any) -> ScanResult:
    """:func:`scan_paths` with the default on-disk index (opened and closed here)."""
    from radreport.services.scan_index import default_index_path

    index = ScanIndex(default_index_path())
    try:
        return scan_paths(inputs, index=index, **kwargs)
    finally:
        index.close()


__all__ = [
    "ZIP_SEP",
    "CancelCallback",
    "ProgressCallback",
    "ScanResult",
    "scan_paths",
    "scan_paths_default",
]
