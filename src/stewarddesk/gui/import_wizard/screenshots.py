"""Pictures of the import wizard, the import history and the export dialog, for the README (called by
gui/screenshots.py once the main window's pictures are taken).

The partner file is written here, in French, as Marseille Innovation could send it against the sample
catalogue: a banner above the header, two headings nobody recognises, a need the vocabulary does not know
(in two spellings), updates of offers already in the catalogue, an unchanged one, rejected rows and a new
structure. The walk is the user's: the same clicks, the same background jobs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from stewarddesk.gui.import_wizard.base import MAPPING, PREVIEW, SUMMARY, VALUES
from stewarddesk.gui.import_wizard.wizard import ImportWizard

HEADER = [
    "Intitulé de l'offre",
    "Structure porteuse",
    "Catégorie",
    "Public visé",
    "Filière(s)",
    "Site",
    "Mail contact",
    "Téléphone",
    "Référent MI",
    "Date de mise à jour",
]
MI = "Marseille Innovation"
ROWS: list[list[str]] = [
    ["Pépinière d'entreprises Marseille Innovation", MI, "Hébergement", "Création, Croissance", "Numérique",
     "Technopôle de Château-Gombert", "pepiniere@marseille-innovation.fr", "04 91 11 88 00", "C. Martin",
     "14/11/2026"],
    ["Prêt d'honneur à l'innovation", MI, "Financement", "Création", "", "", "pret@marseille-innovation.fr",
     "", "L. Bernard", "14/11/2026"],
    ["Pépinière Belle de Mai (ICC)", MI, "Hébergement", "Création", "ICC", "Belle de Mai",
     "belledemai@marseille-innovation.fr", "04 95 04 67 00", "C. Martin", "02/10/2026"],
    ["Programme d'accélération Scale'Up", MI, "Accompagnement", "Croissance; Hypercroissance", "Numérique",
     "", "scaleup@marseille-innovation.fr", "", "A. Rossi", "20/09/2026"],
    ["Rendez-vous experts (juridique, PI, comptabilité)", MI, "Juridique", "Création", "", "",
     "experts@marseille-innovation.fr", "", "A. Rossi", "30/09/2026"],
    ["Permanence propriété industrielle", MI, "juridique", "Création", "", "", "pi@marseille-innovation.fr",
     "", "A. Rossi", "08/10/2026"],
    ["Club des dirigeants", MI, "Mise en réseau", "Croissance", "", "", "club@marseille-innovation.fr", "",
     "L. Bernard", "30/09/2026"],
    ["Recrutement de talents tech", MI, "Recrutement", "Croissance", "Numérique", "",
     "talents@marseille-innovation.fr", "", "C. Martin", "12/07/2026"],
    ["", MI, "Financement", "Création", "", "", "", "", "A. Rossi", ""],
    ["Diagnostic innovation", MI, "orientation", "Émergence", "", "", "diag@marseille-innovation.fr", "",
     "L. Bernard", "01/02/2026"],
    ["Coworking Technopôle", MI, "Hébergement", "Émergence, Création", "", "Technopôle de Château-Gombert",
     "", "", "C. Martin", "31/02/2026"],
    ["Mentorat « Femmes entrepreneures »", MI, "Mentorat", "Création", "", "", "", "", "A. Rossi",
     "15/10/2026"],
    ["Incubateur Impulse", "Impulse", "Accompagnement", "Création, Croissance", "", "", "", "", "",
     "27/04/2026"],
    ["Hôtel d'entreprises de la Valentine", "Provence Innov Partenaires", "Hébergement", "Croissance", "",
     "", "hotel@provence-innov.example", "", "C. Martin", "05/11/2026"],
]  # fmt: skip


def partner_workbook(path: Path) -> Path:
    """The demo partner sheet: a two-line banner, a blank row, the header on row 4."""
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
    title = book.add_format({"bold": True, "font_size": 14})
    sheet = book.add_worksheet("Offres 2026")
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "Marseille Innovation — offres d'accompagnement 2026", title)
    sheet.merge_range(1, 0, 1, len(HEADER) - 1, "Tableau transmis à la Métropole le 14/11/2026")
    sheet.write_row(3, 0, HEADER, bold)
    for i, row in enumerate(ROWS, start=4):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(i, c, value)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, len(HEADER) - 1, 20)
    notes = book.add_worksheet("Notes")
    notes.write_string(0, 0, "Les dates sont celles de la dernière vérification par le référent.")
    book.close()
    return path


class Walk:
    """Drives the wizard step by step on the event loop; `grab(widget, name)` saves each picture."""

    def __init__(
        self, window: Any, folder: Path, grab: Callable[[QWidget, str], None], then: Callable[[], None]
    ):
        self.window = window
        self.folder = folder
        self.grab = grab
        self.then = then
        self.wizard: ImportWizard | None = None
        self._go_on = threading.Event()

    def until(self, condition: Callable[[], bool], then: Callable[[], None], tries: int = 600) -> None:
        """Run `then` once `condition()` holds (checked every 25 ms), and a moment later for the paint."""
        if condition() or not tries:
            # A lambda, not the bound method: PySide6 holds a bound method's object only weakly, and
            # nothing else holds this walk.
            QTimer.singleShot(250, lambda: then())
        else:
            QTimer.singleShot(25, lambda: self.until(condition, then, tries - 1))

    def idle(self) -> bool:
        return self.wizard is not None and not self.wizard.busy()

    def on_page(self, page: int) -> Callable[[], bool]:
        return lambda: self.idle() and self.wizard is not None and self.wizard.currentId() == page

    def start(self) -> None:
        source = partner_workbook(self.folder / "marseille_innovation_offres_2026.xlsx")
        self.wizard = self.window.spreadsheets.open_import(source)
        if self.wizard is not None:
            self.wizard.resize(1400, 820)  # the README's picture: more of the preview's columns
        self.until(lambda: self.idle() and self.wizard is not None and self.wizard.state.preview is not None,
                   self.file_page)  # fmt: skip

    def file_page(self) -> None:
        assert self.wizard is not None
        self.grab(self.wizard, "import_file")
        self.wizard.next()
        self.until(self.on_page(MAPPING), self.mapping_page)

    def mapping_page(self) -> None:
        wizard = self.wizard
        assert wizard is not None
        page = wizard.mapping_page
        page.set_field(page.column_of("Public visé"), "stages")
        page.name_edit.setText("Marseille Innovation")
        page.name_edit.textEdited.emit("Marseille Innovation")
        self.grab(wizard, "import_mapping")
        wizard.next()
        self.until(self.on_page(VALUES), self.values_page)

    def values_page(self) -> None:
        wizard = self.wizard
        assert wizard is not None
        wizard.values_page.set_value("need", "Juridique", "support")
        self.grab(wizard, "import_values")
        wizard.next()
        self.until(self.on_page(PREVIEW), self.preview_page)

    def preview_page(self) -> None:
        wizard = self.wizard
        assert wizard is not None
        self.grab(wizard, "import_preview")

        # The apply page while it writes: a job queued first on the same runner holds the import back
        # until the picture is taken (the runner runs one job at a time, in order).
        wizard.session.runner.submit(lambda _cat, _progress, _cancel: self._go_on.wait(10))
        wizard.next()
        QTimer.singleShot(400, lambda: self.apply_page())

    def apply_page(self) -> None:
        assert self.wizard is not None
        self.grab(self.wizard, "import_apply")
        self._go_on.set()
        self.until(self.on_page(SUMMARY), self.summary_page)

    def summary_page(self) -> None:
        assert self.wizard is not None
        self.grab(self.wizard, "import_summary")
        self.wizard.accept()
        history = self.window.spreadsheets.open_history()
        self.until(lambda: not history.task.busy(), lambda: self.history(history))

    def history(self, dialog: Any) -> None:
        self.grab(dialog, "import_history")
        dialog.accept()
        export = self.window.spreadsheets.open_export()
        export.path_edit.setText("/home/camille/Documents/offres-2026-11-21.xlsx")  # the picture's, not ours
        self.until(lambda: True, lambda: self.export(export))

    def export(self, dialog: Any) -> None:
        self.grab(dialog, "export_dialog")
        dialog.reject()
        QTimer.singleShot(100, lambda: self.then())
