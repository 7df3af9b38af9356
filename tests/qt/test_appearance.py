"""Interface language (EN/FR, switched live), themes and the settings dialog."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from factory import write_series
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from radreport.qt.appearance import apply_language, apply_theme
from radreport.qt.main_window import MainWindow
from radreport.qt.settings_dialog import SettingsDialog
from radreport.services.resources import resource
from radreport.services.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english(qapp: QApplication) -> object:
    yield qapp
    apply_language(qapp, "en")
    apply_theme(qapp, "light")


def test_french_interface_switches_live(
    qtbot: QtBot, tmp_path: Path, english: QApplication
) -> None:
    write_series(tmp_path, 2, BodyPartExamined="TSPINE", description="Sag T2 dorsal")
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_scan_finished, timeout=20000):
        window.start_scan([str(tmp_path)])
    assert apply_language(english, "fr")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&Fichier", timeout=2000)
    assert window.series_table.horizontalHeaderItem(4).text() == "Séquence"
    assert window.series_table.item(0, 5).text() == "dorsal"  # thoracic, Quebec usage
    assert "Médecin demandeur\u00a0: Dr MARTIN, Claire" in window.banner.text()
    apply_language(english, "en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=2000)
    assert window.series_table.item(0, 5).text() == "thoracic"


def test_every_interface_string_is_translated() -> None:
    ts = resource("i18n", "radreport_fr.ts")
    root = ET.parse(ts).getroot()
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation") is not None
        and (m.find("translation").get("type") == "unfinished" or not m.findtext("translation"))  # type: ignore[union-attr]
    ]
    assert unfinished == [], "translate them, then run scripts/update-translations"


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="Qt tools not installed")
def test_translation_file_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            "pyside6-lupdate",
            *map(str, sorted((ROOT / "radreport" / "qt").glob("*.py"))),
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )

    def sources(path: Path) -> set[str]:
        return {m.findtext("source") or "" for m in ET.parse(path).getroot().iter("message")}

    committed = resource("i18n", "radreport_fr.ts")
    assert sources(fresh) == sources(committed), "run scripts/update-translations"


def test_dark_theme(qapp: QApplication, english: QApplication) -> None:
    apply_theme(qapp, "dark")
    assert qapp.palette().window().color().lightness() < 60
    apply_theme(qapp, "light")
    assert qapp.palette().window().color().lightness() > 180


def test_settings_dialog_saves_and_applies(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: QApplication
) -> None:
    monkeypatch.setenv("RADREPORT_CONFIG_DIR", str(tmp_path))
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.report_language.setCurrentIndex(dialog.report_language.findData("fr"))
    dialog.database_url.setText("not a url")
    dialog.save()  # refused: the dialog stays open and nothing is written
    assert not (tmp_path / "settings.json").exists()
    assert "database URL" in dialog.problem_label.text()
    dialog.database_url.setText("")
    dialog.save()
    settings, problems = load_settings()
    assert problems == [] and settings.theme == "dark" and settings.report_language == "fr"
    assert english.palette().window().color().lightness() < 60
