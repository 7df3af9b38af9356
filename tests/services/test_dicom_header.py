"""The header reader: fast path agrees with pydicom, bad files give clear reasons."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pydicom
import pytest
from factory import mr_dataset, write_mr
from pydicom.uid import ImplicitVRLittleEndian

from radreport.services.dicom_header import HeaderError, read_header, read_header_file

DATA = Path(pydicom.__file__).parent / "data"
SAMPLE_FILES = sorted(
    [*DATA.glob("test_files/*.dcm"), *DATA.glob("charset_files/*.dcm")], key=lambda p: p.name
)
# the charset samples that carry a top-level patient name (chrSQEncoding* nest theirs)
CHARSET_FILES = sorted(
    p for p in DATA.glob("charset_files/chr*.dcm") if "PatientName" in pydicom.dcmread(p)
)


def _read(path: Path, fast: bool) -> object:
    try:
        return read_header_file(str(path), fast=fast)
    except HeaderError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_fast_path_matches_pydicom(path: Path) -> None:
    # Same record (or both refuse the file) whichever reader is used.
    assert _read(path, fast=True) == _read(path, fast=False)


@pytest.mark.parametrize("path", CHARSET_FILES, ids=lambda p: p.name)
def test_patient_name_decoded_for_every_character_set(path: Path) -> None:
    ds = pydicom.dcmread(path)
    expected = ds.PatientName
    try:
        header = read_header_file(str(path))
    except HeaderError as exc:
        # a few charset samples lack UIDs: still a clear reason, never a crash
        assert "missing" in str(exc)
        return
    assert header.patient_name.alphabetic == expected.alphabetic
    assert header.patient_name.ideographic == expected.ideographic
    assert header.patient_name.phonetic == expected.phonetic


@pytest.mark.parametrize(
    ("name", "alphabetic", "ideographic", "phonetic"),
    [
        ("chrH31.dcm", "Yamada^Tarou", "山田^太郎", "やまだ^たろう"),
        ("chrI2.dcm", "Hong^Gildong", "洪^吉洞", "홍^길동"),
        ("chrX1.dcm", "Wang^XiaoDong", "王^小東", ""),
        ("chrRuss.dcm", "Люкceмбypг", "", ""),
        ("chrGreek.dcm", "Διονυσιος", "", ""),
        ("chrFren.dcm", "Buc^Jérôme", "", ""),
        ("chrHbrw.dcm", "שרון^דבורה", "", ""),
        ("chrArab.dcm", "قباني^لنزار", "", ""),
    ],
)
def test_known_names(name: str, alphabetic: str, ideographic: str, phonetic: str) -> None:
    h = read_header_file(str(DATA / "charset_files" / name))
    assert (h.patient_name.alphabetic, h.patient_name.ideographic, h.patient_name.phonetic) == (
        alphabetic,
        ideographic,
        phonetic,
    )


def test_values_are_converted(tmp_path: Path) -> None:
    path = write_mr(tmp_path / "a.dcm", InversionTime="150", DiffusionBValue=1000.0)
    h = read_header_file(str(path))
    assert h.patient_name.alphabetic == "DUPONT^Jérôme"
    assert h.referring_physician.display() == "Dr MARTIN, Claire"
    assert h.repetition_time == 3000.0 and h.echo_time == 100.0 and h.inversion_time == 150.0
    assert h.diffusion_b_value == 1000.0
    assert h.sequence_variant == ("SK", "OSP")
    assert h.image_orientation_patient == (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
    assert h.series_number == 1 and h.rows == 16 and h.has_pixel_data
    assert h.magnetic_field_strength == 1.5


def test_implicit_vr_file(tmp_path: Path) -> None:
    ds = mr_dataset()
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    path = tmp_path / "implicit.dcm"
    ds.save_as(path, enforce_file_format=True)
    assert read_header_file(str(path), fast=True) == read_header_file(str(path), fast=False)


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.dcm"
    path.write_bytes(b"")
    with pytest.raises(HeaderError, match="empty file"):
        read_header_file(str(path))


def test_not_dicom(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Patient seen in clinic. " * 20)
    with pytest.raises(HeaderError, match="not a DICOM file"):
        read_header_file(str(path))


def test_dicom_without_preamble(tmp_path: Path) -> None:
    ds = mr_dataset()
    del ds.file_meta
    buf = io.BytesIO()
    ds.save_as(buf, implicit_vr=True, little_endian=True)  # raw dataset, no Part 10 header
    path = tmp_path / "raw.dcm"
    path.write_bytes(buf.getvalue())
    with pytest.raises(HeaderError, match="without the Part 10 header"):
        read_header_file(str(path))


@pytest.mark.parametrize("keep", [0.98, 0.5, 0.1])
def test_truncated_files(tmp_path: Path, keep: float) -> None:
    path = write_mr(tmp_path / "t.dcm", rows=64, columns=64)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(HeaderError, match=r"truncated|damaged"):
        read_header_file(str(path))


def test_truncated_sample_file() -> None:
    with pytest.raises(HeaderError, match="truncated"):
        read_header_file(str(DATA / "test_files" / "MR_truncated.dcm"))


@pytest.mark.parametrize("missing", ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"])
def test_missing_uids(tmp_path: Path, missing: str) -> None:
    ds = mr_dataset()
    delattr(ds, missing)
    path = tmp_path / "m.dcm"
    ds.save_as(path, enforce_file_format=True)
    with pytest.raises(HeaderError, match="missing"):
        read_header_file(str(path))


def test_compressed_file_and_its_truncation(tmp_path: Path) -> None:
    src = DATA / "test_files" / "MR_small_RLE.dcm"
    h = read_header_file(str(src))
    assert h.has_pixel_data and h.modality == "MR"
    cut = tmp_path / "cut.dcm"
    cut.write_bytes(src.read_bytes()[:-400])  # into the last fragment, past the padding
    with pytest.raises(HeaderError, match="truncated"):
        read_header_file(str(cut))


def test_big_endian_file_goes_through_pydicom() -> None:
    h = read_header_file(str(DATA / "test_files" / "MR_small_bigendian.dcm"))
    assert h.modality == "MR" and h.rows == 64


def test_garbage_after_preamble_never_raises_anything_else(tmp_path: Path) -> None:
    path = write_mr(tmp_path / "g.dcm")
    data = bytearray(path.read_bytes())
    for i in range(140, 400, 7):  # stomp on the file meta and first elements
        data[i] = 0xFF
    path.write_bytes(bytes(data))
    with contextlib.suppress(HeaderError):  # any outcome but another exception is fine
        read_header_file(str(path))


def test_stream_of_unknown_size(tmp_path: Path) -> None:
    path = write_mr(tmp_path / "s.dcm")
    h = read_header(io.BytesIO(path.read_bytes()), "member.dcm", -1)
    assert h.path == "member.dcm" and h.has_pixel_data


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_mr(tmp_path / "locked.dcm")
    import builtins

    real_open = builtins.open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    # root can read a chmod 000 file, so refuse the open itself
    monkeypatch.setattr(builtins, "open", deny)
    with pytest.raises(HeaderError, match="permission denied"):
        read_header_file(str(path))


def test_truncated_inside_a_skipped_private_element(tmp_path: Path) -> None:
    ds = mr_dataset()
    block = ds.private_block(0x0019, "GEMS_TEST_01", create=True)
    block.add_new(0x10, "OB", bytes(40_000))  # skipped by the fast reader, never read
    path = tmp_path / "p.dcm"
    ds.save_as(path, enforce_file_format=True)
    data = path.read_bytes()
    cut_at = data.index(bytes(1000)) + 20_000
    path.write_bytes(data[:cut_at])
    for fast in (True, False):
        with pytest.raises(HeaderError, match="truncated"):
            read_header_file(str(path), fast=fast)
