"""Theme and interface language, applied to the whole application."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from radreport.services.resources import resource

_translators: list[QTranslator] = []  # installed translators must stay alive


def dark_palette() -> QPalette:
    """Dim greys with enough contrast to read (reading rooms are dark)."""
    p = QPalette()
    window, base, text = QColor("#20242a"), QColor("#16191d"), QColor("#e6edf3")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, window)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#2a3038"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fb3"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipBase, window)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8b949e"))
    p.setColor(QPalette.ColorRole.Link, QColor("#58a6ff"))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6e7681"))
    return p


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")  # the same look on every platform, and palettes apply fully
    style = app.style()
    app.setPalette(dark_palette() if theme == "dark" else style.standardPalette())
    name = "dark" if theme == "dark" else "light"
    app.setStyleSheet(resource("style", f"{name}.qss").read_text(encoding="utf-8"))


def apply_language(app: QApplication, lang: str) -> bool:
    """Install the interface translation (English needs none); True if it loaded."""
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.French if lang == "fr" else QLocale.Language.English,
            QLocale.Country.Canada,
        )
    )
    if lang == "en":
        return True
    translator = QTranslator(app)
    ok = translator.load(str(resource("i18n", f"radreport_{lang}.qm")))
    if ok:
        app.installTranslator(translator)
        _translators.append(translator)
    return ok
