"""Series thumbnails: the middle slice, windowed the way a radiologist would see it.

Returns plain 8-bit numpy arrays so the Qt layer only wraps them in a QImage.
Reading pixel data is slow next to header scanning, so the GUI calls this in a
worker thread, one series at a time.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
from numpy.typing import NDArray

from radreport.domain.study import Series

log = logging.getLogger(__name__)


class ThumbnailError(Exception):
    """The image could not be decoded; ``str(exc)`` says why."""


def window_to_uint8(
    pixels: NDArray[np.floating], center: float | None, width: float | None
) -> NDArray[np.uint8]:
    """Map stored values to 0..255 with a DICOM linear window, or robust percentiles.

    Without a usable window (absent, or zero width) the 1st-99th percentile range of
    the non-background pixels is used, which suits MR where absolute values mean little.
    """
    if center is not None and width is not None and width > 1:
        low, high = center - 0.5 - (width - 1) / 2, center - 0.5 + (width - 1) / 2
    else:
        body = pixels[pixels > pixels.min()] if np.ptp(pixels) > 0 else pixels.ravel()
        low, high = (float(v) for v in np.percentile(body, [1, 99])) if body.size else (0.0, 1.0)
    if high <= low:
        high = low + 1
    scaled = (pixels.astype(np.float64) - low) / (high - low)
    return (np.clip(scaled, 0, 1) * 255 + 0.5).astype(np.uint8)


def fit(image: NDArray[np.uint8], size: int, aspect: float = 1.0) -> NDArray[np.uint8]:
    """Resize to fit a ``size`` square, keeping the shape of the anatomy.

    ``aspect`` is row spacing / column spacing, so anisotropic pixels look right.
    Shrinks by averaging whole blocks first (no aliasing), then picks nearest pixels.
    """
    rows, cols = image.shape
    height, width = rows * aspect, float(cols)
    scale = size / max(height, width)
    out_h, out_w = max(1, round(height * scale)), max(1, round(width * scale))
    work: NDArray[np.floating] = image.astype(np.float64)
    f = max(1, min(rows // out_h, cols // out_w))
    if f > 1:
        r, c = rows // f * f, cols // f * f
        work = work[:r, :c].reshape(r // f, f, c // f, f).mean(axis=(1, 3))
    ri = ((np.arange(out_h) + 0.5) * work.shape[0] / out_h).astype(int)
    ci = ((np.arange(out_w) + 0.5) * work.shape[1] / out_w).astype(int)
    return np.ascontiguousarray(work[ri][:, ci] + 0.5).astype(np.uint8)


def series_thumbnail(series: Series, size: int = 96) -> NDArray[np.uint8]:
    """Thumbnail of the middle instance of a series (middle frame if multi-frame)."""
    h = series.middle_instance()
    if "!/" in h.path:
        raise ThumbnailError("no preview for images inside a zip archive")
    if not h.has_pixel_data:
        raise ThumbnailError("no image in this series")
    from pydicom import dcmread

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = dcmread(h.path)
            pixels = ds.pixel_array
    except Exception as exc:  # decoders raise many types (missing plugin, bad data)
        raise ThumbnailError(f"cannot decode the image: {str(exc).splitlines()[0][:120]}") from None
    if pixels.ndim == 3 and int(getattr(ds, "SamplesPerPixel", 1) or 1) == 1:
        pixels = pixels[len(pixels) // 2]
    elif pixels.ndim == 3:
        pixels = pixels.mean(axis=-1)  # colour secondary capture: luminance is enough
    elif pixels.ndim == 4:
        pixels = pixels[len(pixels) // 2].mean(axis=-1)
    values = pixels.astype(np.float64) * float(getattr(ds, "RescaleSlope", 1) or 1) + float(
        getattr(ds, "RescaleIntercept", 0) or 0
    )
    center = _first(getattr(ds, "WindowCenter", None))
    width = _first(getattr(ds, "WindowWidth", None))
    image = window_to_uint8(values, center, width)
    if str(getattr(ds, "PhotometricInterpretation", "")) == "MONOCHROME1":
        image = 255 - image
    spacing = h.pixel_spacing
    aspect = spacing[0] / spacing[1] if spacing and len(spacing) == 2 and spacing[1] else 1.0
    return fit(image, size, aspect)


def _first(value: object) -> float | None:
    """First number of a possibly multi-valued DICOM value (WindowCenter often has several)."""
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        try:
            value = next(iter(value))  # type: ignore[call-overload]
        except (TypeError, StopIteration):
            return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
