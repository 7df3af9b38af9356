"""Series thumbnails: windowing, resizing, and bad images that must not crash."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from factory import write_series

from radreport.services.demo_study import write_demo_study
from radreport.services.scanner import scan_paths
from radreport.services.thumbnails import ThumbnailError, fit, series_thumbnail, window_to_uint8


def test_window_uses_dicom_window() -> None:
    pixels = np.array([[0.0, 100.0, 200.0, 300.0]])
    out = window_to_uint8(pixels, center=150, width=51)
    assert out.tolist() == [[0, 0, 255, 255]]
    assert window_to_uint8(pixels, center=150, width=400).tolist()[0][1] < 128


def test_window_falls_back_to_percentiles() -> None:
    rng = np.random.default_rng(1)
    pixels = rng.normal(1000, 100, (64, 64))
    out = window_to_uint8(pixels, None, None)
    assert out.min() == 0 and out.max() == 255
    assert window_to_uint8(np.zeros((4, 4)), None, 0).dtype == np.uint8  # flat image


def test_fit_keeps_aspect_and_averages() -> None:
    img = np.zeros((256, 128), dtype=np.uint8)
    img[:, 64:] = 200
    small = fit(img, 64)
    assert small.shape == (64, 32)
    assert small[:, :16].max() == 0 and small[:, 17:].min() == 200
    assert fit(img, 64, aspect=0.5).shape == (64, 64)  # 2:1 pixels make it square
    assert fit(np.full((8, 8), 7, np.uint8), 32).shape == (32, 32)  # upscaling works too


def test_demo_series_thumbnails(tmp_path: Path) -> None:
    write_demo_study(tmp_path)
    study = scan_paths([tmp_path]).studies[0]
    for s in study.series:
        thumb = series_thumbnail(s, 64)
        assert thumb.dtype == np.uint8 and max(thumb.shape) == 64
        assert thumb.std() > 10, s.description  # an image, not a blank square


def test_undecodable_pixels_raise_a_reason(tmp_path: Path) -> None:
    (path,) = write_series(tmp_path, 1)
    study = scan_paths([tmp_path]).studies[0]
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(data[:-10]))  # shorter pixel data than the header promises
    with pytest.raises(ThumbnailError, match="cannot decode"):
        series_thumbnail(study.series[0])
