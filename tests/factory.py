"""Small, valid MR DICOM files made in the tests (never patient data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

STUDY_UID = "1.2.826.0.1.3680043.8.498.1"
SERIES_T2 = "1.2.826.0.1.3680043.8.498.1.1"
SERIES_T1 = "1.2.826.0.1.3680043.8.498.1.2"


def mr_dataset(
    *,
    sop_uid: str | None = None,
    study_uid: str = STUDY_UID,
    series_uid: str = SERIES_T2,
    series_number: int = 1,
    instance_number: int = 1,
    description: str = "Sag T2 FRFSE",
    rows: int = 16,
    columns: int = 16,
    **extra: Any,
) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = MRImageStorage
    sop_uid = sop_uid or generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = sop_uid
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.PatientName = "DUPONT^Jérôme"
    ds.PatientID = "TEST-0001"
    ds.PatientBirthDate = "19600315"
    ds.PatientSex = "M"
    ds.StudyDate = "20251120"
    ds.StudyTime = "091500"
    ds.StudyID = "1"
    ds.AccessionNumber = "ACC123"
    ds.StudyDescription = "IRM COLONNE CERVICALE"
    ds.ReferringPhysicianName = "MARTIN^Claire^^Dr"
    ds.InstitutionName = "Test Hospital"
    ds.Modality = "MR"
    ds.Manufacturer = "GE MEDICAL SYSTEMS"
    ds.ManufacturerModelName = "SIGNA Artist"
    ds.MagneticFieldStrength = 1.5
    ds.SeriesNumber = series_number
    ds.InstanceNumber = instance_number
    ds.SeriesDescription = description
    ds.BodyPartExamined = "CSPINE"
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = ["SK", "OSP"]
    ds.RepetitionTime = 3000
    ds.EchoTime = 100
    ds.SliceThickness = 3
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1]
    ds.ImagePositionPatient = [float(instance_number), -100, 100]
    ds.PixelSpacing = [1, 1]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = columns
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.PixelData = (np.arange(rows * columns, dtype=np.uint16) % 4096).tobytes()
    for key, value in extra.items():
        setattr(ds, key, value)
    return ds


def write_mr(path: Path, **kwargs: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    mr_dataset(**kwargs).save_as(path, enforce_file_format=True)
    return path


def write_series(folder: Path, n: int, **kwargs: Any) -> list[Path]:
    return [write_mr(folder / f"IM{i:04d}.dcm", instance_number=i + 1, **kwargs) for i in range(n)]
