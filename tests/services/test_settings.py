"""Workstation settings: round trip, atomic save, damaged files fall back to defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from radreport.services.settings import Settings, load_settings, save_settings


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(theme="dark", report_language="fr", database_url="postgresql+psycopg://h/db")
    s = s.with_recent("/data/a").with_recent("/data/b").with_recent("/data/a")
    save_settings(s, path)
    loaded, problems = load_settings(path)
    assert problems == []
    assert loaded == s
    assert loaded.recent_folders == ("/data/a", "/data/b")


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == (Settings(), [])


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\xff\xfe garbage"])
def test_damaged_file_gives_defaults_and_a_message(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="latin-1")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert problems


def test_bad_values_are_reset_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"theme": "neon", "report_language": "fr", "colour": 3, "tsa_url": 5}),
        encoding="utf-8",
    )
    settings, problems = load_settings(path)
    assert settings.theme == "light"  # reset
    assert settings.report_language == "fr"  # kept
    assert any("theme" in p for p in problems)
    assert any("colour" in p for p in problems)
    assert any("tsa_url" in p for p in problems)


def test_invalid_settings_are_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    with pytest.raises(ValueError, match="theme"):
        save_settings(Settings(theme="neon"), path)
    assert not path.exists()


def test_interrupted_save_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(theme="dark"), path)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("radreport.services.atomic.os.fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        save_settings(Settings(theme="light"), path)
    assert load_settings(path)[0].theme == "dark"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left
