"""The scan service on good and bad input: every good file loads, every bad one is named."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from factory import SERIES_T1, SERIES_T2, STUDY_UID, mr_dataset, write_mr, write_series
from pydicom.fileset import FileSet

from radreport.services.scan_index import ScanIndex
from radreport.services.scanner import ZIP_SEP, scan_paths


def _reasons(result: object) -> dict[str, str]:
    return {Path(e.path).name: e.reason for e in result.errors}  # type: ignore[attr-defined]


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    root = tmp_path / "study"
    write_series(root / "s1", 5, series_uid=SERIES_T2, series_number=2, description="Sag T2 FRFSE")
    write_series(
        root / "s2",
        3,
        series_uid=SERIES_T1,
        series_number=1,
        description="Sag T1 FSE",
        RepetitionTime=500,
        EchoTime=10,
    )
    return root


def test_groups_patient_study_series(study_dir: Path) -> None:
    result = scan_paths([study_dir])
    assert result.errors == []
    assert len(result.studies) == 1
    study = result.studies[0]
    assert study.study_instance_uid == STUDY_UID
    assert study.patient.name.alphabetic == "DUPONT^Jérôme"
    assert study.patient.patient_id == "TEST-0001"
    assert (
        study.patient.birth_date is not None
        and study.patient.birth_date.isoformat() == "1960-03-15"
    )
    assert study.age_at_study == "65 y"
    assert study.accession_number == "ACC123"
    assert study.referring_physician.display() == "Dr MARTIN, Claire"
    assert (study.manufacturer, study.model, study.field_strength_t) == (
        "GE MEDICAL SYSTEMS",
        "SIGNA Artist",
        1.5,
    )
    assert study.modalities == ["MR"]
    assert study.contrast_agents == []
    assert [s.number for s in study.series] == [1, 2]  # sorted by series number
    assert [s.instance_count for s in study.series] == [3, 5]
    assert all(s.plane.value == "sagittal" for s in study.series)
    assert [h.instance_number for h in study.series[1].instances] == [1, 2, 3, 4, 5]


def test_bad_input_is_reported_and_good_files_still_load(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    good = write_series(root / "good", 4)
    (root / "empty.dcm").write_bytes(b"")
    (root / "notes.txt").write_text("not an image")
    full = write_mr(tmp_path / "full.dcm", rows=64, columns=64).read_bytes()
    (root / "truncated.dcm").write_bytes(full[: len(full) // 2])
    ds = mr_dataset()
    del ds.StudyInstanceUID
    ds.save_as(root / "nouid.dcm", enforce_file_format=True)
    raw = mr_dataset()
    del raw.file_meta
    raw.save_as(root / "nopreamble.dcm", implicit_vr=True, little_endian=True)
    # a second file with the SOP Instance UID of a good one
    (root / "zz_copy.dcm").write_bytes(good[0].read_bytes())
    (root / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    os.mkfifo(root / "pipe")
    (root / "dangling").symlink_to(root / "does-not-exist")
    (root / "good" / "loop").symlink_to(root)  # a folder link back up the tree
    (root / "self").symlink_to(root / "self")  # a link to itself

    result = scan_paths([root])
    reasons = _reasons(result)
    assert sum(s.instance_count for s in result.studies) == 4
    assert "empty file" in reasons["empty.dcm"]
    assert "not a DICOM file" in reasons["notes.txt"]
    assert "truncated" in reasons["truncated.dcm"]
    assert "missing Study Instance UID" in reasons["nouid.dcm"]
    assert "Part 10" in reasons["nopreamble.dcm"]
    assert "duplicate SOP Instance UID" in reasons["zz_copy.dcm"]
    assert "not a valid zip" in reasons["broken.zip"]
    assert "not a regular file" in reasons["pipe"]
    assert "broken symbolic link" in reasons["dangling"]
    assert "loop" in reasons["loop"]
    assert "loop" in reasons["self"]
    assert len(result.errors) == 11


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_series(tmp_path, 2)
    locked = write_mr(tmp_path / "locked.dcm")
    import builtins

    real_open = builtins.open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", deny)  # root ignores chmod 000
    result = scan_paths([tmp_path])
    assert _reasons(result) == {"locked.dcm": "cannot read the file: permission denied"}
    assert result.studies[0].instance_count == 2


def test_missing_input_path(tmp_path: Path) -> None:
    result = scan_paths([tmp_path / "nowhere"])
    assert result.studies == []
    assert result.errors[0].reason == "no such file or folder"


def test_zip_archive(tmp_path: Path) -> None:
    files = write_series(tmp_path / "src", 3)
    archive = tmp_path / "study.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f"DICOM/{f.name}")
        zf.writestr("DICOM/readme.txt", "hello")
    result = scan_paths([archive])
    assert result.studies[0].instance_count == 3
    paths = {h.path for h in result.studies[0].series[0].instances}
    assert f"{archive}{ZIP_SEP}DICOM/IM0000.dcm" in paths
    assert _reasons(result) == {"readme.txt": "not a DICOM file (no 'DICM' prefix)"}


def test_truncated_zip(tmp_path: Path) -> None:
    files = write_series(tmp_path / "src", 3)
    archive = tmp_path / "study.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in files:
            zf.write(f, f.name)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])  # an interrupted download
    result = scan_paths([archive])
    assert result.studies == []
    assert "not a valid zip" in result.errors[0].reason


def test_dicomdir(tmp_path: Path) -> None:
    fs = FileSet()
    for i in range(3):
        fs.add(mr_dataset(instance_number=i + 1))
    out = tmp_path / "media"
    fs.write(out)
    result = scan_paths([out / "DICOMDIR"])
    assert result.errors == []
    assert result.studies[0].instance_count == 3
    # scanning the folder gives the same study, and the DICOMDIR is not an error
    assert scan_paths([out]).errors == []
    # a file the DICOMDIR lists but that is gone
    victim = next(p for p in out.rglob("*") if p.is_file() and p.name != "DICOMDIR")
    victim.unlink()
    result = scan_paths([out / "DICOMDIR"])
    assert result.studies[0].instance_count == 2
    assert "listed in the DICOMDIR" in result.errors[0].reason


def test_damaged_dicomdir(tmp_path: Path) -> None:
    (tmp_path / "DICOMDIR").write_bytes(b"garbage" * 10)
    result = scan_paths([tmp_path / "DICOMDIR"])
    assert "damaged DICOMDIR" in result.errors[0].reason


def test_same_file_given_twice_is_read_once(study_dir: Path) -> None:
    one = next(study_dir.rglob("*.dcm"))
    result = scan_paths([study_dir, one])
    assert result.errors == []
    assert sum(s.instance_count for s in result.studies) == 8


def test_progress_and_cancel(study_dir: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = scan_paths([study_dir], progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (8, 8)
    assert calls[0][0] == 0

    polled = 0

    def cancel_after_three() -> bool:
        nonlocal polled
        polled += 1
        return polled > 5

    result = scan_paths([study_dir], cancel=cancel_after_three)
    assert result.cancelled
    assert sum(s.instance_count for s in result.studies) < 8


def test_rescan_is_served_from_the_index(study_dir: Path, tmp_path: Path) -> None:
    index = ScanIndex(tmp_path / "index.sqlite3")
    first = scan_paths([study_dir], index=index)
    assert (first.read, first.from_index) == (8, 0)
    second = scan_paths([study_dir], index=index)
    assert (second.read, second.from_index) == (0, 8)
    assert [s.to_dict() for s in second.studies] == [s.to_dict() for s in first.studies]

    # change one file: only that one is read again
    changed = sorted(study_dir.rglob("*.dcm"))[0]
    write_mr(changed, series_uid=SERIES_T1, series_number=1, description="Sag T1 FSE")
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    third = scan_paths([study_dir], index=index)
    assert (third.read, third.from_index) == (1, 7)

    # bad files are remembered too
    (study_dir / "junk.txt").write_text("x")
    scan_paths([study_dir], index=index)
    fourth = scan_paths([study_dir], index=index)
    assert fourth.read == 0 and len(fourth.errors) == 1
    index.close()


def test_damaged_index_is_rebuilt(study_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    index = ScanIndex(path)
    result = scan_paths([study_dir], index=index)
    assert result.errors == [] and result.read == 8
    assert scan_paths([study_dir], index=index).from_index == 8
    index.close()


def test_unwritable_index_location(study_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    index = ScanIndex(blocker / "sub" / "index.sqlite3")  # parent is a file
    assert not index.available
    assert scan_paths([study_dir], index=index).read == 8


def test_json_shape(study_dir: Path) -> None:
    (study_dir / "bad.dcm").write_bytes(b"")
    data = scan_paths([study_dir]).to_dict()
    assert set(data) == {"studies", "errors", "summary"}
    study = data["studies"][0]
    assert study["patient"]["name"]["alphabetic"] == "DUPONT^Jérôme"
    assert study["scanner"] == {
        "manufacturer": "GE MEDICAL SYSTEMS",
        "model": "SIGNA Artist",
        "field_strength_t": 1.5,
    }
    series = study["series"][0]
    for key in (
        "number",
        "description",
        "modality",
        "instance_count",
        "plane",
        "slice_thickness_mm",
        "body_region",
        "sequence_family",
    ):
        assert key in series
    assert data["errors"] == [
        {"path": str(study_dir / "bad.dcm"), "reason": "empty file (0 bytes)"}
    ]
