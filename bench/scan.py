"""Benchmark: study loading against a naive pydicom loop and a raw-read floor.

Generates an MR study (GE-like headers with private groups, 256x256 16-bit
pixels) and times, in the same run and on the same warm page cache:

* naive: ``pydicom.dcmread`` of every whole file, reading the attributes we use;
* floor: reading the first 8 KiB of every file and nothing else;
* ``radreport scan --json``: first scan (empty index) and rescan (warm index), as a
  command (process start included) and in-process (``scan_paths``);
* peak memory (max RSS) of ``radreport scan --json`` on a larger study.

Usage: ``python bench/scan.py [--instances 2000] [--memory-instances 20000]``.
Results go to stdout as a Markdown table; docs/performance.md records them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import UID, ExplicitVRLittleEndian, MRImageStorage

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from radreport.services.scan_index import ScanIndex  # noqa: E402
from radreport.services.scanner import scan_paths  # noqa: E402

KEYWORDS = [
    "PatientName",
    "PatientID",
    "PatientBirthDate",
    "PatientSex",
    "AccessionNumber",
    "StudyDate",
    "StudyTime",
    "StudyDescription",
    "ReferringPhysicianName",
    "InstitutionName",
    "Modality",
    "Manufacturer",
    "ManufacturerModelName",
    "MagneticFieldStrength",
    "StudyInstanceUID",
    "SeriesInstanceUID",
    "SOPInstanceUID",
    "SeriesNumber",
    "SeriesDescription",
    "InstanceNumber",
    "ImageType",
    "ImageOrientationPatient",
    "ImagePositionPatient",
    "SliceThickness",
    "ScanningSequence",
    "SequenceVariant",
    "ScanOptions",
    "RepetitionTime",
    "EchoTime",
    "InversionTime",
    "Rows",
    "Columns",
]

UID_ROOT = "1.2.826.0.1.3680043.8.498.77"


def _template(rows: int) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = MRImageStorage
    ds.file_meta.MediaStorageSOPInstanceUID = UID(f"{UID_ROOT}.3.1{0:08d}")
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = f"{UID_ROOT}.3.1{0:08d}"
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = "20251120"
    ds.StudyTime = ds.SeriesTime = "091500"
    ds.AccessionNumber = "BENCH0001"
    ds.Modality = "MR"
    ds.Manufacturer = "GE MEDICAL SYSTEMS"
    ds.InstitutionName = "Bench Hospital"
    ds.ReferringPhysicianName = "BENCH^Referrer"
    ds.StationName = "MRBENCH"
    ds.StudyDescription = "IRM ENCEPHALE + MOELLE"
    ds.SeriesDescription = "Ax T2 FRFSE"
    ds.ManufacturerModelName = "SIGNA Artist"
    ds.PatientName = "BENCH^Élise"
    ds.PatientID = "BENCH-1"
    ds.PatientBirthDate = "19600101"
    ds.PatientSex = "F"
    ds.PatientAge = "065Y"
    ds.BodyPartExamined = "HEAD"
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = ["SK", "OSP"]
    ds.ScanOptions = ["FAST_GEMS", "EDR_GEMS"]
    ds.MRAcquisitionType = "2D"
    ds.SliceThickness = 5
    ds.RepetitionTime = 4500
    ds.EchoTime = 102
    ds.MagneticFieldStrength = 1.5
    ds.FlipAngle = 90
    ds.ProtocolName = "ALS BRAIN"
    ds.StudyInstanceUID = f"{UID_ROOT}.1"
    ds.SeriesInstanceUID = f"{UID_ROOT}.2.1{0:03d}"
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.ImagePositionPatient = [-120, -120, 0]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.FrameOfReferenceUID = f"{UID_ROOT}.4"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = rows
    ds.PixelSpacing = [0.9, 0.9]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 600
    ds.WindowWidth = 1200
    # GE-style private groups, before and after group 0028, as real files have
    for group in (0x0009, 0x0019, 0x0021, 0x0023, 0x0025, 0x0027, 0x0043):
        block = ds.private_block(group, "GEMS_BENCH_01", create=True)
        for elem in range(40):
            block.add_new(elem, "DS", str(elem * 1.5))
        block.add_new(0x40, "OB", bytes(256))
    rng = np.random.default_rng(0)
    ds.PixelData = rng.integers(0, 4096, (rows, rows), dtype=np.uint16).tobytes()
    return ds


def generate(folder: Path, count: int, rows: int = 256, per_series: int = 200) -> list[Path]:
    """Write ``count`` instances quickly by patching fixed-width UIDs in one template."""
    folder.mkdir(parents=True, exist_ok=True)
    import io

    buf = io.BytesIO()
    _template(rows).save_as(buf, enforce_file_format=True)
    data = buf.getvalue()
    sop0 = f"{UID_ROOT}.3.1{0:08d}".encode()
    ser0 = f"{UID_ROOT}.2.1{0:03d}".encode()
    paths = []
    for i in range(count):
        series = i // per_series
        out = data.replace(sop0, f"{UID_ROOT}.3.1{i:08d}".encode()).replace(
            ser0, f"{UID_ROOT}.2.1{series:03d}".encode()
        )
        path = folder / f"S{series:03d}" / f"I{i:06d}.dcm"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(out)
        paths.append(path)
    return paths


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def naive(paths: list[Path]) -> None:
    for p in paths:
        ds = pydicom.dcmread(p)
        for kw in KEYWORDS:
            getattr(ds, kw, None)


def floor(paths: list[Path]) -> None:
    for p in paths:
        with p.open("rb") as f:
            f.read(8192)


def cli_scan(folder: Path, cache: Path) -> None:
    env = {**os.environ, "RADREPORT_CACHE_DIR": str(cache), "RADREPORT_LOG_DIR": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "radreport", "scan", str(folder), "--json"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )


def peak_rss_mb(folder: Path, cache: Path) -> float:
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    env = {**os.environ, "RADREPORT_CACHE_DIR": str(cache), "RADREPORT_LOG_DIR": str(cache)}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            sys.executable,
            "-m",
            "radreport",
            "scan",
            str(folder),
            "--json",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return int(out.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--memory-instances", type=int, default=20000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="radreport-bench-"))
    try:
        study = tmp / "study"
        paths = generate(study, args.instances)
        n = len(paths)
        floor(paths)  # warm the page cache once for everyone
        t_floor = timed(lambda: floor(paths))
        t_naive = timed(lambda: naive(paths))

        def first_in_process() -> None:
            index_path = tmp / "idx-first.sqlite3"
            index_path.unlink(missing_ok=True)
            index = ScanIndex(index_path)
            assert scan_paths([study], index=index).read == n
            index.close()

        t_first = timed(first_in_process)
        warm = ScanIndex(tmp / "idx-warm.sqlite3")
        scan_paths([study], index=warm)
        t_rescan = timed(lambda: scan_paths([study], index=warm))
        warm.close()

        def first_cli() -> None:
            shutil.rmtree(tmp / "cache-first", ignore_errors=True)
            cli_scan(study, tmp / "cache-first")

        t_first_cli = timed(first_cli)
        cli_scan(study, tmp / "cache-warm")
        t_rescan_cli = timed(lambda: cli_scan(study, tmp / "cache-warm"))

        big = tmp / "big"
        generate(big, args.memory_instances, rows=64, per_series=500)
        rss_first = peak_rss_mb(big, tmp / "cache-big")
        rss_rescan = peak_rss_mb(big, tmp / "cache-big")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def row(name: str, seconds: float) -> str:
        return (
            f"| {name} | {seconds * 1000:.0f} ms | {seconds / n * 1e6:.0f} µs "
            f"| {t_naive / seconds:.1f}x |"
        )

    print(f"{n} instances (256x256, 16-bit, GE-like private groups), median of 3 runs\n")
    print("| method | total | per file | speed-up vs naive |")
    print("|---|---|---|---|")
    print(row("naive `pydicom.dcmread` loop", t_naive))
    print(row("floor: read first 8 KiB", t_floor))
    print(row("`scan_paths`, first scan (in-process)", t_first))
    print(row("`scan_paths`, rescan (in-process)", t_rescan))
    print(row("`radreport scan --json`, first scan (command)", t_first_cli))
    print(row("`radreport scan --json`, rescan (command)", t_rescan_cli))
    print(
        f"\nPeak RSS of `radreport scan --json` on {args.memory_instances} instances: "
        f"first scan {rss_first:.0f} MB, rescan {rss_rescan:.0f} MB"
    )
    ok = t_naive / t_first >= 3 and t_naive / t_rescan >= 20 and max(rss_first, rss_rescan) < 200
    print(f"\nTargets (first >= 3x, rescan >= 20x, peak < 200 MB): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
