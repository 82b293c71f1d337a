"""Review workbooks: one partner's entries, to fill in and send back, re-imported without retyping.

Sheets, in order:
- the table (« Offres » or « Actions »): a title line, a line saying what and when, DESIGN.md's header
  row (frozen, autofilter), one row per entry. Drop-down lists with the French labels on every vocabulary
  column (and on the reference lists and structure names, where other values are allowed after a notice),
  date checks on date columns. The sheet is protected without a password: the editable columns are
  unlocked (down to `EXTRA_ROWS` empty rows for new entries), `Alertes` and `ID` are locked.
- « Instructions »: what to do, in French.
- `_listes` (hidden): the values the drop-down lists offer.
- `_export` (very hidden, protected: absent from Excel's Unhide menu): the values as exported, in code form. Row 1 holds the fields.py names
  plus `id`; each further row is one exported entry, in the table's order: codes as codes, dates as ISO
  text, several values joined by «; », empty cells for empty values, every cell text. On return, the
  import compares the partner's cell with this value (did the partner change it?) and the catalogue's
  current value with it (did we change it since?): both changed means a conflict, not an overwrite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.exporting.cells import code_cells, display_cells, export_sheet_columns
from stewarddesk.exporting.source import ExportRow
from stewarddesk.exporting.text_width import capacity
from stewarddesk.exporting.xlsx_style import (
    LINE_HEIGHT,
    Styles,
    decorate_table,
    row_height,
    set_columns,
    set_print_layout,
    streamed_workbook,
    write_entry_row,
)
from stewarddesk.fields import FIELDS, EntryKind, Field, export_columns
from stewarddesk.i18n import Msg, Plural

EXPORT_SHEET: Final = "_export"
LISTS_SHEET: Final = "_listes"
INSTRUCTIONS_SHEET: Final = "Instructions"
DATA_SHEET: Final[dict[EntryKind, str]] = {"offers": "Offres", "actions": "Actions"}
TITLE_ROW: Final = 0
INFO_ROW: Final = 1
HEADER_ROW: Final = 2
INSTRUCTIONS_WIDTH: Final = 100.0
EXTRA_ROWS: Final = 500  # empty rows below the entries that keep the drop-downs (new entries)

_TITLE = {
    "offers": Msg(
        "exporting.review.title_offers",
        "Revue des offres de « {partner} » — à vérifier et à renvoyer",
        "Review of the offers of “{partner}” — to check and send back",
    ),
    "actions": Msg(
        "exporting.review.title_actions",
        "Revue des actions portées par « {partner} » — à vérifier et à renvoyer",
        "Review of the actions carried by “{partner}” — to check and send back",
    ),
}
_INFO = Plural(
    "exporting.review.info",
    (
        "Catalogue « {catalogue} », état au {date} — {count} ligne — lisez la feuille « Instructions » "
        "avant de modifier ; ne changez pas la colonne ID.",
        "Catalogue « {catalogue} », état au {date} — {count} lignes — lisez la feuille « Instructions » "
        "avant de modifier ; ne changez pas la colonne ID.",
    ),
    (
        "Catalogue “{catalogue}” as of {date} — {count} row — read the “Instructions” sheet before editing; "
        "do not change the ID column.",
        "Catalogue “{catalogue}” as of {date} — {count} rows — read the “Instructions” sheet before editing; "
        "do not change the ID column.",
    ),
)
_PICK_ONE = Msg(
    "exporting.review.pick_one",
    "Choisissez une valeur dans la liste déroulante.",
    "Pick a value from the drop-down list.",
)
_PICK_TITLE = Msg("exporting.review.pick_title", "Valeur non prévue", "Unexpected value")
_SEVERAL = Msg(
    "exporting.review.several",
    "Choisissez dans la liste ; pour plusieurs valeurs, séparez-les par « ; ».",
    "Pick from the list; for several values, separate them with “;”.",
)
_NEW_VALUE = Msg(
    "exporting.review.new_value",
    "Cette valeur n'est pas dans la liste : elle sera vérifiée au retour du classeur.",
    "This value is not in the list: it will be checked when the workbook comes back.",
)
_DATE_TITLE = Msg("exporting.review.date_title", "Date attendue", "Date expected")
_DATE_MSG = Msg(
    "exporting.review.date_msg", "Saisissez une date au format JJ/MM/AAAA.", "Enter a date as DD/MM/YYYY."
)
_WHAT = {
    "offers": Msg("exporting.review.what_offers", "offres", "offers"),
    "actions": Msg("exporting.review.what_actions", "actions", "actions"),
}
_MULTI = {
    "offers": Msg("exporting.review.multi_offers", "Stades, Filières", "Stages, Sectors"),
    "actions": Msg("exporting.review.multi_actions", "Porteurs", "Carriers"),
}
_LISTS = {
    "offers": Msg("exporting.review.lists_offers", "besoin, statut", "need, status"),
    "actions": Msg(
        "exporting.review.lists_actions", "type de porteur, temporalité, statut", "carrier type, term, status"
    ),
}
_CLOSED = {
    "offers": Msg("exporting.review.closed_offers", "« Archivée »", "“Archived”"),
    "actions": Msg("exporting.review.closed_actions", "« Abandonnée »", "“Abandoned”"),
}
_INSTRUCTIONS_TITLE = Msg(
    "exporting.review.instructions_title", "Comment remplir ce classeur", "How to fill in this workbook"
)
INSTRUCTIONS: Final = (
    Msg(
        "exporting.review.i_intro",
        "Ce classeur contient les {what} de « {partner} » enregistrées dans le catalogue de l'écosystème "
        "d'innovation de la Métropole Aix-Marseille-Provence au {date}. Merci de les vérifier et de corriger "
        "ce qui a changé.",
        "This workbook holds the {what} of “{partner}” recorded in the innovation ecosystem catalogue of the "
        "Métropole Aix-Marseille-Provence as of {date}. Please check them and correct what has changed.",
    ),
    Msg(
        "exporting.review.i_edit",
        "Modifiez directement les cellules de la feuille « {sheet} ». Les colonnes à liste déroulante "
        "({lists}) n'acceptent que les valeurs proposées.",
        "Edit the cells of the “{sheet}” sheet directly. Columns with a drop-down list ({lists}) only accept "
        "the values offered.",
    ),
    Msg(
        "exporting.review.i_multi",
        "Plusieurs valeurs dans une même cellule ({multi}) : séparez-les par « ; ».",
        "Several values in one cell ({multi}): separate them with “;”.",
    ),
    Msg(
        "exporting.review.i_dates",
        "Dates : au format JJ/MM/AAAA. Si vous avez vérifié une ligne et qu'elle est exacte, indiquez la "
        "date du jour dans « Revue le ».",
        "Dates: as DD/MM/YYYY. If you checked a row and it is correct, put today's date in “Revue le”.",
    ),
    Msg(
        "exporting.review.i_alerts",
        "La colonne « Alertes » explique pourquoi une ligne est à revoir. Elle est recalculée par la "
        "Métropole : inutile de la modifier.",
        "The “Alertes” column says why a row needs a review. The Métropole recomputes it: no need to edit "
        "it.",
    ),
    Msg(
        "exporting.review.i_id",
        "Ne modifiez pas la colonne « ID » (verrouillée) : elle permet de retrouver chaque ligne dans le "
        "catalogue. Pour ajouter une entrée, remplissez une ligne vide sous le tableau en laissant « ID » "
        "vide.",
        "Do not change the “ID” column (locked): it is how each row is found again in the catalogue. To add "
        "an entry, fill in an empty row below the table and leave “ID” empty.",
    ),
    Msg(
        "exporting.review.i_closed",
        "Une entrée qui n'a plus lieu d'être : passez son statut à {closed} plutôt que de supprimer la "
        "ligne.",
        "An entry that no longer applies: set its status to {closed} rather than deleting the row.",
    ),
    Msg(
        "exporting.review.i_sheets",
        "Ne renommez pas les feuilles, n'ajoutez ni ne supprimez de colonnes. Le classeur contient des "
        "feuilles masquées qui servent à relire vos modifications : ne les supprimez pas.",
        "Do not rename the sheets, nor add or delete columns. The workbook holds hidden sheets used to read "
        "your changes back: do not delete them.",
    ),
    Msg(
        "exporting.review.i_return",
        "Enregistrez le fichier au format Excel (.xlsx) et renvoyez-le à votre contact à la Métropole.",
        "Save the file as an Excel workbook (.xlsx) and send it back to your contact at the Métropole.",
    ),
)


def _choices(cat: Catalogue, f: Field) -> list[str]:
    """The values a drop-down offers for `f` (French labels for vocabularies); [] for none."""
    if f.vocab is not None:
        return [vocab.label(f.vocab, code, "fr") for code in vocab.codes(f.vocab)]
    if f.reference is not None:
        return cat.references(f.reference)
    if f.type in ("structure", "structures"):
        return cat.structure_names()
    return []


def _write_lists(ws: Worksheet, cat: Catalogue, kind: EntryKind) -> dict[int, str]:
    """One column of `_listes` per field that has choices; returns column index → range reference."""
    refs: dict[int, str] = {}
    lists: list[tuple[int, list[str]]] = []
    for col, f in enumerate(FIELDS[kind]):
        values = _choices(cat, f)
        if values:
            lists.append((col, values))
    longest = max((len(v) for _, v in lists), default=0)
    for row in range(longest):  # row by row: the workbook streams (constant memory)
        for j, (_, values) in enumerate(lists):
            if row < len(values):
                ws.write_string(row, j, values[row])
    for j, (col, values) in enumerate(lists):
        letter = xl_col_to_name(j)
        refs[col] = f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
    return refs


def _validation(f: Field, source: str | None) -> dict[str, Any] | None:
    if f.type == "date":
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1950, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "error_type": "warning",
            "error_title": _DATE_TITLE.render("fr"),
            "error_message": _DATE_MSG.render("fr"),
        }
    if source is None:
        return None
    options: dict[str, Any] = {"validate": "list", "source": source, "ignore_blank": True}
    if f.type == "code":
        options.update(
            error_type="stop", error_title=_PICK_TITLE.render("fr"), error_message=_PICK_ONE.render("fr")
        )
    else:
        # Several values, or a list that grows (sectors, sites, structures): offer, never forbid.
        options.update(
            error_type="information",
            error_title=_PICK_TITLE.render("fr"),
            error_message=(_SEVERAL if f.type in ("codes", "list", "structures") else _NEW_VALUE).render(
                "fr"
            ),
        )
    return options


def _write_instructions(ws: Worksheet, styles: Styles, kind: EntryKind, partner: str, as_of: dt.date) -> None:
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, INSTRUCTIONS_WIDTH, styles.wrap)
    ws.write_string(0, 1, _INSTRUCTIONS_TITLE.render("fr"), styles.title)
    params = {
        "what": _WHAT[kind].render("fr"),
        "partner": partner,
        "date": as_of.strftime("%d/%m/%Y"),
        "sheet": DATA_SHEET[kind],
        "multi": _MULTI[kind].render("fr"),
        "lists": _LISTS[kind].render("fr"),
        "closed": _CLOSED[kind].render("fr"),
    }
    for i, msg in enumerate(INSTRUCTIONS, start=1):
        text = msg.render("fr", **{k: v for k, v in params.items() if k in msg.placeholders("fr")})
        height = row_height([text], [capacity(INSTRUCTIONS_WIDTH)])
        ws.set_row(i + 1, (height or LINE_HEIGHT) + 6)  # a little air between the points
        ws.write_string(i + 1, 0, f"{i}.", styles.bold_top)
        ws.write_string(i + 1, 1, text, styles.wrap)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def write_review(
    path: Path,
    cat: Catalogue,
    kind: EntryKind,
    pages: Iterable[Sequence[ExportRow]],
    *,
    partner: str,
    catalogue_name: str,
    as_of: dt.date,
    total: int,
) -> int:
    """Write `partner`'s review workbook to `path`; returns the number of entries written."""
    title = _TITLE[kind].render("fr", partner=partner)
    with streamed_workbook(path, as_of, title) as wb:
        styles = Styles(wb, kind, editable=True)
        data = wb.add_worksheet(DATA_SHEET[kind])
        instructions = wb.add_worksheet(INSTRUCTIONS_SHEET)
        lists = wb.add_worksheet(LISTS_SHEET)
        exported = wb.add_worksheet(EXPORT_SHEET)

        set_columns(data, styles)
        data.write_string(TITLE_ROW, 0, title, styles.title)
        info = _INFO.render("fr", total, catalogue=catalogue_name, date=as_of.strftime("%d/%m/%Y"))
        data.write_string(INFO_ROW, 0, info, styles.subtitle)
        data.set_row(HEADER_ROW, 30)
        for col, name in enumerate(export_columns(kind)):
            data.write_string(HEADER_ROW, col, name, styles.header)
        data.freeze_panes(HEADER_ROW + 1, 0)
        set_print_layout(data, HEADER_ROW, footer=title)
        for col, name in enumerate(export_sheet_columns(kind)):
            exported.write_string(0, col, name)

        row = HEADER_ROW + 1
        count = 0
        for rows in pages:
            for r in rows:
                write_entry_row(data, styles, row, display_cells(kind, r.entry, r.flags))
                for col, value in enumerate(code_cells(kind, r.entry)):
                    if value is not None:
                        exported.write_string(count + 1, col, value)
                row += 1
                count += 1

        last = HEADER_ROW + count + EXTRA_ROWS
        refs = _write_lists(lists, cat, kind)
        for col, f in enumerate(FIELDS[kind]):
            options = _validation(f, refs.get(col))
            if options is not None:
                data.data_validation(HEADER_ROW + 1, col, last, col, options)
        data.autofilter(HEADER_ROW, 0, max(HEADER_ROW + count, HEADER_ROW + 1), len(export_columns(kind)) - 1)
        decorate_table(data, styles, HEADER_ROW + 1, HEADER_ROW + count, last)
        # No password: the lock prevents accidents (typing over an ID), it is not a secret.
        data.protect(
            "",
            {
                "autofilter": True,
                "sort": True,
                "format_columns": True,
                "format_rows": True,
                "insert_rows": True,
            },
        )
        _write_instructions(instructions, styles, kind, partner, as_of)
        lists.hide()
        # « Very hidden »: Excel's Unhide menu does not list it, so a partner cannot bring it back by
        # mistake and edit the baseline the import compares against (readers still see the sheet).
        exported.very_hidden()
        exported.protect("")
        data.activate()
    return count
