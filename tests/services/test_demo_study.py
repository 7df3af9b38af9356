"""The synthetic demo study: readable DICOM, one patient/one study, GE-like headers,
deterministic bytes and pixel data that shows the expected tissue contrasts."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import FileDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage

from radreport.services import demo_study
from radreport.services.demo_study import (
    DEMO_ACCESSION,
    DEMO_DIR_NAME,
    DEMO_PATIENT_ID,
    DEMO_PATIENT_NAME,
    DEMO_SERIES,
    DEMO_STUDY_INSTANCE_UID,
    write_demo_study,
)

AXIAL = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
SAGITTAL = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]

EXPECTED = {
    ("HEAD", "3-Plane Loc"),
    ("HEAD", "Sag 3D T1 BRAVO"),
    ("HEAD", "Sag CUBE T2 FLAIR"),
    ("HEAD", "Ax T2 FRFSE"),
    ("HEAD", "Ax DWI b1000"),
    ("HEAD", "Apparent Diffusion Coefficient (mm2/s)"),
    ("HEAD", "Ax SWAN"),
    ("CSPINE", "3-Plane Loc"),
    ("CSPINE", "Sag T1 FSE"),
    ("CSPINE", "Sag T2 FRFSE"),
    ("CSPINE", "Sag STIR"),
    ("CSPINE", "Ax T2 FRFSE"),
    ("TSPINE", "Sag T1 FSE"),
    ("TSPINE", "Sag T2 FRFSE"),
    ("TSPINE", "Sag STIR"),
    ("TSPINE", "Ax T2 FRFSE"),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("demo") / "not" / "yet" / "there"
    return out, write_demo_study(out)


@pytest.fixture(scope="module")
def datasets(written: tuple[Path, list[Path]]) -> list[FileDataset]:
    return [pydicom.dcmread(p) for p in written[1]]


@pytest.fixture(scope="module")
def by_series(datasets: list[FileDataset]) -> dict[int, list[FileDataset]]:
    groups: dict[int, list[FileDataset]] = defaultdict(list)
    for ds in datasets:
        groups[int(ds.SeriesNumber)].append(ds)
    for items in groups.values():
        items.sort(key=lambda d: int(d.InstanceNumber))
    return dict(groups)


def middle(items: list[FileDataset]) -> FileDataset:
    return items[len(items) // 2]


# --------------------------------------------------------------------------------------
# Files and layout
# --------------------------------------------------------------------------------------


def test_layout_and_size(written: tuple[Path, list[Path]]) -> None:
    out, paths = written
    assert out.is_dir()
    assert len(paths) == len(set(paths)) == sum(s.n_images for s in DEMO_SERIES)
    assert 150 <= len(paths) <= 220
    for p in paths:
        assert p.is_file()
        rel = p.relative_to(out)
        assert rel.parts[0] == DEMO_DIR_NAME
        assert rel.parts[1].startswith("S") and rel.name.startswith("I")
        assert rel.suffix == ".dcm"
    assert sum(p.stat().st_size for p in paths) < 12 * 1024 * 1024


def test_every_file_reads_back_with_pixels(datasets: list[FileDataset]) -> None:
    for ds in datasets:
        assert ds.preamble is not None
        assert ds.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
        assert ds.file_meta.MediaStorageSOPClassUID == MRImageStorage
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        assert ds.SOPClassUID == MRImageStorage
        pix = ds.pixel_array
        assert pix.shape == (ds.Rows, ds.Columns)
        assert pix.dtype == np.uint16
        assert int(pix.max()) <= 4095
        assert (ds.BitsAllocated, ds.BitsStored, ds.HighBit) == (16, 12, 11)
        assert ds.PixelRepresentation == 0
        assert ds.PhotometricInterpretation == "MONOCHROME2"


def test_overwrites_demo_files_and_keeps_others(tmp_path: Path) -> None:
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    inside = tmp_path / DEMO_DIR_NAME / "S002" / "README"
    inside.parent.mkdir(parents=True)
    inside.write_text("also mine")
    clobbered = tmp_path / DEMO_DIR_NAME / "S002" / "I0001.dcm"
    clobbered.write_bytes(b"junk")
    paths = write_demo_study(tmp_path)
    assert clobbered in paths
    assert pydicom.dcmread(clobbered).SeriesDescription == "Sag 3D T1 BRAVO"
    assert keep.read_text() == "mine"
    assert inside.read_text() == "also mine"


def test_deterministic_bytes(tmp_path: Path, written: tuple[Path, list[Path]]) -> None:
    out, paths = written
    again = write_demo_study(tmp_path)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in paths]
    for a, b in zip(paths, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.relative_to(out)


# --------------------------------------------------------------------------------------
# Patient, study, series
# --------------------------------------------------------------------------------------


def test_one_patient_one_study(datasets: list[FileDataset]) -> None:
    assert {ds.StudyInstanceUID for ds in datasets} == {DEMO_STUDY_INSTANCE_UID}
    assert {ds.PatientID for ds in datasets} == {DEMO_PATIENT_ID}
    assert {ds.AccessionNumber for ds in datasets} == {DEMO_ACCESSION}
    assert {ds.StudyDate for ds in datasets} == {"20240612"}
    assert len({ds.StudyID for ds in datasets}) == 1
    assert len({ds.SeriesInstanceUID for ds in datasets}) == len(DEMO_SERIES)
    assert len({ds.SOPInstanceUID for ds in datasets}) == len(datasets)
    for ds in datasets:
        for uid in (ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID):
            assert uid.is_valid and len(uid) <= 64


def test_series_descriptions(by_series: dict[int, list[FileDataset]]) -> None:
    found = {
        (items[0].BodyPartExamined, items[0].SeriesDescription) for items in by_series.values()
    }
    assert found == EXPECTED
    assert {(s.body_part, s.description) for s in DEMO_SERIES} == EXPECTED
    for s in DEMO_SERIES:
        assert len(by_series[s.number]) == s.n_images
        numbers = [int(d.InstanceNumber) for d in by_series[s.number]]
        assert numbers == list(range(1, s.n_images + 1))


def test_accented_names_round_trip(written: tuple[Path, list[Path]]) -> None:
    raw = written[1][0].read_bytes()
    assert "TREMBLAY^Hélène".encode() in raw
    assert "GAGNON^Marc-André^^Dr".encode() in raw
    ds = pydicom.dcmread(written[1][0])
    assert ds.SpecificCharacterSet == "ISO_IR 192"
    assert str(ds.PatientName) == DEMO_PATIENT_NAME == "TREMBLAY^Hélène"
    assert ds.PatientName.given_name == "Hélène"
    assert ds.ReferringPhysicianName.family_name == "GAGNON"
    assert ds.ReferringPhysicianName.given_name == "Marc-André"
    assert ds.ReferringPhysicianName.name_prefix == "Dr"
    assert "démo" in ds.InstitutionName.lower()
    assert ds.InstitutionAddress


def test_patient_demographics(datasets: list[FileDataset]) -> None:
    ds = datasets[0]
    assert ds.PatientSex == "F"
    assert ds.PatientAge == "061Y"
    born = dt.datetime.strptime(ds.PatientBirthDate, "%Y%m%d").date()
    seen = dt.datetime.strptime(ds.StudyDate, "%Y%m%d").date()
    age = seen.year - born.year - ((seen.month, seen.day) < (born.month, born.day))
    assert age == 61


# --------------------------------------------------------------------------------------
# GE-like acquisition headers
# --------------------------------------------------------------------------------------


def test_scanner_headers(datasets: list[FileDataset]) -> None:
    for ds in datasets:
        assert ds.Modality == "MR"
        assert ds.Manufacturer == "GE MEDICAL SYSTEMS"
        assert ds.ManufacturerModelName == "SIGNA Artist"
        assert float(ds.MagneticFieldStrength) == 1.5
        assert ds.SoftwareVersions and ds.StationName
        assert ds.PatientPosition == "HFS"
        assert ds.BodyPartExamined in {"HEAD", "CSPINE", "TSPINE"}
        assert "ContrastBolusAgent" not in ds
        assert float(ds.WindowWidth) > 0
        assert ds.FrameOfReferenceUID


def test_sequence_headers(by_series: dict[int, list[FileDataset]]) -> None:
    first = {n: items[0] for n, items in by_series.items()}
    bravo, flair, swan = first[2], first[3], first[6]
    assert bravo.MRAcquisitionType == flair.MRAcquisitionType == swan.MRAcquisitionType == "3D"
    assert "GR" in bravo.ScanningSequence and float(bravo.InversionTime) == 450
    assert "IR" in flair.ScanningSequence and float(flair.InversionTime) == 1800
    assert "SWAN" in swan.SeriesDescription and float(swan.EchoTime) > 20
    stir = [d for d in first.values() if d.SeriesDescription == "Sag STIR"]
    assert len(stir) == 2 and all(float(d.InversionTime) == 150 for d in stir)
    for n in (1, 7):
        assert [d.ImageType[2] for d in by_series[n]] == ["LOCALIZER"] * 3
    assert list(first[500].ImageType[:2]) == ["DERIVED", "SECONDARY"]
    assert {float(d.DiffusionBValue) for d in by_series[5]} == {0.0, 1000.0}
    assert all("DiffusionBValue" not in d for n, i in by_series.items() if n != 5 for d in i)


def test_geometry_headers(by_series: dict[int, list[FileDataset]]) -> None:
    for n, items in by_series.items():
        desc = items[0].SeriesDescription
        if n in (1, 7):
            continue
        iop = [float(v) for v in items[0].ImageOrientationPatient]
        assert iop == (SAGITTAL if desc.startswith("Sag") else AXIAL), desc
        positions = [np.array([float(v) for v in d.ImagePositionPatient]) for d in items]
        if n == 5:  # b0 and b1000 at each position
            positions = positions[::2]
        steps = np.linalg.norm(np.diff(np.array(positions), axis=0), axis=1)
        assert np.allclose(steps, float(items[0].SpacingBetweenSlices)), desc
        locations = [float(d.SliceLocation) for d in items]
        assert len(set(locations)) == len(positions)
        for d in items:
            assert {d.FrameOfReferenceUID} == {items[0].FrameOfReferenceUID}
            assert float(d.SliceThickness) > 0 and len(d.PixelSpacing) == 2


# --------------------------------------------------------------------------------------
# Pixel data
# --------------------------------------------------------------------------------------


def test_pixels_are_not_blank(by_series: dict[int, list[FileDataset]]) -> None:
    for items in by_series.values():
        pix = middle(items).pixel_array.astype(float)
        assert pix.std() > 80, items[0].SeriesDescription
        assert (pix > 0.5 * pix.max()).mean() > 0.02


def _model_labels(ds: FileDataset) -> np.ndarray:
    """Tissue label of each pixel, from the image's geometry headers and the model."""
    ipp = np.array([float(v) for v in ds.ImagePositionPatient])
    if ds.BodyPartExamined != "HEAD":
        ipp = ipp + np.array(demo_study._SPINE_FRAME_OFFSET)
    iop = [float(v) for v in ds.ImageOrientationPatient]
    row, col = np.array(iop[:3]), np.array(iop[3:])
    dr, dc = (float(v) for v in ds.PixelSpacing)
    ii, jj = np.mgrid[0 : ds.Rows, 0 : ds.Columns].astype(np.float32)
    pts = ipp[:, None, None] + col[:, None, None] * ii * dr + row[:, None, None] * jj * dc
    x, y, z = (pts[k].astype(np.float32).ravel() for k in range(3))
    return demo_study._labels(x, y, z).reshape(ds.Rows, ds.Columns)


def _mean(ds: FileDataset, labels: np.ndarray, *tissues: int) -> float:
    # stay away from borders between tissues (the images are blurred a little)
    mask = np.isin(labels, tissues)
    inner = mask.copy()
    for axis in (0, 1):
        for shift in (-1, 1):
            inner &= np.roll(mask, shift, axis=axis)
    assert inner.sum() >= 10
    return float(ds.pixel_array[inner].mean())


@pytest.mark.parametrize("t1, t2, stir", [(8, 9, 10), (12, 13, 14)])
def test_spine_csf_and_cord_contrast(
    by_series: dict[int, list[FileDataset]], t1: int, t2: int, stir: int
) -> None:
    images = {name: middle(by_series[n]) for name, n in (("T1", t1), ("T2", t2), ("STIR", stir))}
    labels = _model_labels(images["T2"])
    assert np.array_equal(labels, _model_labels(images["T1"]))
    csf = {k: _mean(d, labels, demo_study.CSF) for k, d in images.items()}
    cord = {k: _mean(d, labels, demo_study.CORD, demo_study.CORD_GM) for k, d in images.items()}
    assert csf["T2"] > 1.5 * cord["T2"]
    assert csf["STIR"] > 1.5 * cord["STIR"]
    assert csf["T1"] < 0.5 * cord["T1"]
    fat = {k: _mean(d, labels, demo_study.FAT) for k, d in images.items()}
    assert fat["STIR"] < 0.3 * fat["T1"]  # fat suppressed


def test_brain_contrasts(by_series: dict[int, list[FileDataset]]) -> None:
    t2, flair, adc, t1 = (middle(by_series[n]) for n in (4, 3, 500, 2))
    lab_t2 = _model_labels(t2)
    assert _mean(t2, lab_t2, demo_study.CSF) > 1.5 * _mean(t2, lab_t2, demo_study.WM)
    lab_adc = _model_labels(adc)
    assert _mean(adc, lab_adc, demo_study.CSF) > 2500
    assert 500 < _mean(adc, lab_adc, demo_study.WM) < 1000
    lab_fl = _model_labels(flair)
    assert _mean(flair, lab_fl, demo_study.CSF) < 0.3 * _mean(flair, lab_fl, demo_study.GM)
    lab_t1 = _model_labels(t1)
    assert _mean(t1, lab_t1, demo_study.WM) > 1.3 * _mean(t1, lab_t1, demo_study.GM)
    assert _mean(t1, lab_t1, demo_study.GM) > 2.0 * _mean(t1, lab_t1, demo_study.CSF)


# --------------------------------------------------------------------------------------
# Architecture and external validation
# --------------------------------------------------------------------------------------


def test_module_does_not_import_qt() -> None:
    code = (
        "import sys, radreport.services.demo_study\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(shutil.which("dciodvfy") is None, reason="dicom3tools not installed")
def test_dciodvfy_finds_no_error(by_series: dict[int, list[FileDataset]]) -> None:
    for items in by_series.values():
        for ds in (items[0], items[-1]):
            path = str(ds.filename)
            res = subprocess.run(["dciodvfy", path], capture_output=True, text=True, check=False)
            errors = [ln for ln in (res.stdout + res.stderr).splitlines() if "Error" in ln]
            assert not errors, (ds.SeriesDescription, errors)
