"""Where templates and resources are, in a checkout and in an installed wheel.

In a checkout they sit at the top of the repository (``templates/``,
``resources/``); the wheel carries them inside the package as ``_data/`` (see
pyproject.toml).  Everything that needs them asks this module.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    installed = resources.files("radreport") / "_data" / name
    if installed.is_dir():
        return Path(str(installed))
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"RadReport's {name}/ folder is missing: reinstall the package or run from a full checkout"
    )


def templates_dir() -> Path:
    return _data_dir("templates")


def resources_dir() -> Path:
    return _data_dir("resources")


def resource(*parts: str) -> Path:
    """Path of a file under resources/, e.g. ``resource("style", "dark.qss")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource not found: {'/'.join(parts)}")
    return path
