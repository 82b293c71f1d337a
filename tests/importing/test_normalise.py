"""Row values: vocabularies, dates, text cleaning, multi-values, section lines, formula-looking text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.cells import CellError, clean_text
from stewarddesk.importing.model import ImportPlan, PlannedRow
from stewarddesk.importing.normalise import Context, cell_text, normalise_row, split_values
from stewarddesk.importing.plan import prepare_import
from stewarddesk.importing.readers.base import RawRow

from .engine_kit import AS_OF, OFFER_HEADER, write_csv, write_text_cells_xlsx, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


def by_row(plan: ImportPlan) -> dict[int, PlannedRow]:
    return {r.row: r for r in plan.rows}


def offer(title: str | None, **values: object) -> list[object]:
    """A row under OFFER_HEADER; keyword names are headers with « _ » for spaces (`Revue_le`), `Ref`
    for « Réf. partenaire »."""
    row: dict[str, object] = dict.fromkeys(OFFER_HEADER)
    row["Offre"] = title
    for key, value in values.items():
        row["Réf. partenaire" if key == "Ref" else key.replace("_", " ")] = value
    assert set(row) == set(OFFER_HEADER)
    return [row[h] for h in OFFER_HEADER]


def plan_of(cat: Catalogue, path: Path, **kwargs: object) -> ImportPlan:
    return prepare_import(cat, path, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


def test_vocabulary_variants_are_recognised(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            OFFER_HEADER,
            offer("A", Structure="S", Besoin="hébergement", Stades="creation, Croissance", Statut="actif"),
            offer("B", Structure="S", Besoin="Mise en réseau", Stades="Émergence / hyper-croissance"),
            offer("C", Structure="S", Besoin="fab lab", Stades="idea\ngrowth", Statut="SUSPENDUE"),
        ],
    )
    rows = by_row(plan_of(cat, path))
    assert rows[2].values["need"] == "hosting" and rows[2].values["stages"] == ["creation", "growth"]
    assert rows[2].values["status"] == "active"
    assert rows[3].values["need"] == "network" and rows[3].values["stages"] == ["idea", "scale"]
    assert rows[4].values["need"] == "prototyping" and rows[4].values["stages"] == ["idea", "growth"]
    assert rows[4].values["status"] == "suspended"
    assert all(r.action == "insert" for r in rows.values())


def test_unknown_value_rejects_the_row_naming_value_and_allowed_ones(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [OFFER_HEADER, offer("A", Structure="S"), offer("B", Structure="S", Statut="xyz")],
    )
    row = by_row(plan_of(cat, path))[3]
    assert row.action == "reject"
    assert row.reason.startswith("ligne 3 : statut « xyz » inconnu ; valeurs possibles : Active, Suspendue")
    assert row.problems[0].column == "Statut"


def test_value_map_comes_before_the_vocabulary(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [OFFER_HEADER, offer("A", Structure="S", Statut="En sommeil")])
    plan = plan_of(cat, path, value_map={"offer_status": {"en sommeil": "suspended"}})
    assert plan.rows[0].values["status"] == "suspended"


def test_missing_title_rejected_even_when_only_no_break_spaces(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            OFFER_HEADER,
            offer(None, Structure="S", Besoin="Financement"),
            offer("\u00a0 \u00a0", Structure="S", Besoin="Financement"),
        ],
    )
    rows = by_row(plan_of(cat, path))
    assert rows[2].action == rows[3].action == "reject"
    assert rows[2].reason == "ligne 2 : titre manquant"
    assert rows[3].reason == "ligne 3 : titre manquant"


def test_dates_impossible_rejected_ambiguous_warned_serial_read(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            OFFER_HEADER,
            offer("A", Structure="S", Revue_le="31/02/2024"),
            offer("B", Structure="S", Revue_le="05/03/2024"),
            offer("C", Structure="S", Revue_le=45485),
            offer("D", Structure="S", Revue_le=dt.datetime(2024, 3, 15, 14, 30)),
            offer("E", Structure="S", Revue_le="bientôt"),
        ],
    )
    rows = by_row(plan_of(cat, path))
    assert rows[2].action == "reject" and "date impossible (31/02/2024)" in rows[2].reason
    assert rows[3].action == "insert" and rows[3].values["reviewed"] == "2024-03-05"
    assert rows[3].warnings == []  # « 31/02/2024 » above says the column is typed day first
    assert rows[4].values["reviewed"] == "2024-07-12"
    assert rows[5].values["reviewed"] == "2024-03-15"
    assert rows[6].action == "insert" and "reviewed" not in rows[6].values
    assert any("bientôt" in w for w in rows[6].warnings)


def test_future_review_date_is_a_warning(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [OFFER_HEADER, offer("A", Structure="S", Revue_le="2031-01-01")])
    row = plan_of(cat, path).rows[0]
    assert row.action == "insert" and any("2031-01-01" in w for w in row.warnings)


def test_text_is_cleaned_and_codes_keep_their_leading_zeros(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            OFFER_HEADER,
            offer(
                "\u00a0Coworking\n Technopôle ",
                Structure="Impulse  ",
                Email="\u00a0contact@impulse.fr\u00a0",
                Ref="00123",
            ),
            offer("Prêt", Structure="Impulse", Ref=4567.0),
        ],
    )
    rows = by_row(plan_of(cat, path))
    assert rows[2].values["title"] == "Coworking Technopôle"
    assert rows[2].values["structure"] == "Impulse"
    assert rows[2].values["email"] == "contact@impulse.fr"
    assert rows[2].values["partner_ref"] == "00123"
    assert rows[3].values["partner_ref"] == "4567"


def test_formula_looking_text_stays_text(cat: Catalogue, tmp_path: Path) -> None:
    header = ["Offre", "Structure", "Description"]
    path = write_text_cells_xlsx(
        tmp_path / "o.xlsx",
        [header, ['=HYPERLINK("http://evil","x")', "S", "@CISAM+ et =1+1"], ["B", "S", "-1"]],
    )
    rows = by_row(plan_of(cat, path))
    assert rows[2].values["title"] == '=HYPERLINK("http://evil","x")'
    assert rows[2].values["description"] == "@CISAM+ et =1+1"
    assert rows[3].values["description"] == "-1"


def test_csv_neutralised_cells_are_taken_back(cat: Catalogue, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "o.csv",
        [
            ["Offre", "Structure", "Description", "Téléphone"],
            ["A", "S", "'=SUM(A1)", "'+33 4 91 00 00 00"],
            ["B", "S", "''=x", "'ordinary"],
        ],
    )
    rows = by_row(plan_of(cat, path))
    assert rows[2].values["description"] == "=SUM(A1)"
    assert rows[2].values["phone"] == "+33 4 91 00 00 00"
    assert rows[3].values["description"] == "'=x"  # one escape removed, exactly
    assert rows[3].values["title"] == "B"


def test_xlsx_apostrophes_are_not_escapes(cat: Catalogue, tmp_path: Path) -> None:
    path = write_text_cells_xlsx(
        tmp_path / "o.xlsx", [["Offre", "Structure", "Description"], ["A", "S", "'=x"]]
    )
    assert plan_of(cat, path).rows[0].values["description"] == "'=x"


def test_section_and_footer_lines_are_skipped_blank_rows_silently(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            OFFER_HEADER,
            [None, "A. Financement", None, None, None, None, None, None],
            offer("Prêt", Structure="S"),
            [None] * 8,
            [None, None, None, None, "Document de travail", None, None, None],
            offer("Bourse", Structure="S"),
        ],
    )
    plan = plan_of(cat, path)
    assert [(r.row, r.action) for r in plan.rows] == [(3, "insert"), (6, "insert")]
    (sections,) = [w for w in plan.warnings if "section" in w]
    assert sections.endswith(": 2, 5")  # the blank row 4 is not even mentioned


def test_section_line_merged_over_the_width_is_skipped(cat: Catalogue, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Code", "Action", "Statut", "Temporalité"])
    ws.append(["B. Rayonnement"])
    ws.merge_cells("A2:D2")
    ws.append(["B.1", "Club", "Engagée", "CT"])
    wb.save(tmp_path / "a.xlsx")
    plan = plan_of(cat, tmp_path / "a.xlsx", kind="actions")
    assert [(r.row, r.action) for r in plan.rows] == [(3, "insert")]


def test_multi_values_of_free_lists_split_on_semicolon_comma_newline() -> None:
    assert split_values("Santé; Numérique,ICC\nMer ; Santé") == ["Santé", "Numérique", "ICC", "Mer"]
    assert split_values(" ;; ") == []


def test_cell_text_unneutralises_only_csv() -> None:
    assert cell_text("'=1", is_csv=True) == "=1"
    assert cell_text("'=1", is_csv=False) == "'=1"
    assert cell_text("'abc", is_csv=True) == "'abc"


def test_normalise_row_carriers_alerts_id_and_error_cells() -> None:
    ctx = Context(
        "actions",
        {0: "title", 1: "carriers", 2: "alerts", 3: "id", 4: "status"},
        {0: "Action", 1: "Porteurs", 2: "Alertes", 3: "ID", 4: "Statut"},
    )
    row = RawRow(7, ["Club", "Medinsoft; AMFT,\nAMU", "Non revue depuis 14 mois", 12.0, CellError("#REF!")])
    out = normalise_row(row, ctx)
    # the error cell's field is left out: the catalogue's status is kept, not cleared
    assert out.values == {"title": "Club", "carriers": ["Medinsoft", "AMFT", "AMU"]}
    assert out.raw_id == 12.0
    assert out.problems == []
    assert any("#REF!" in w for w in out.warnings)


def test_email_that_does_not_look_like_one_is_a_warning(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [OFFER_HEADER, offer("A", Structure="S", Email="voir site")])
    row = plan_of(cat, path).rows[0]
    assert row.action == "insert" and any("voir site" in w for w in row.warnings)


def test_english_messages(cat: Catalogue, tmp_path: Path) -> None:
    i18n.set_language("en")
    path = write_xlsx(tmp_path / "o.xlsx", [OFFER_HEADER, offer("A", Structure="S", Besoin="xyz")])
    assert plan_of(cat, path).rows[0].reason.startswith("row 2: unknown need “xyz”; allowed values:")


@given(st.one_of(st.text(), st.text(alphabet=" \u00a0\u202f\t\r\n\u200bab'=é")))
def test_cell_text_fast_path_agrees_with_clean_text(text: str) -> None:
    assert cell_text(text, is_csv=False) == clean_text(text)


def test_a_csv_header_one_cell_short_is_said_never_shifted_silently(cat: Catalogue, tmp_path: Path) -> None:
    # The partner deleted « Email » from the header: e-mails stand under « Téléphone », phones under nothing.
    path = tmp_path / "o.csv"
    path.write_text(
        "Offre;Structure;Besoin;Téléphone\r\n"
        "Prêt;MI;Financement;pret@mi.fr;04 91 00 00 00\r\n"
        "Club;MI;Formation;club@mi.fr;\r\n"  # nothing in the cell past the header, but the same shift
        "Bourse;MI;Financement\r\n",  # a short row is fine
        encoding="utf-8",
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    (said,) = [w for w in plan.warnings if "en-tête" in w]
    assert said == (
        "l'en-tête a 4 colonnes mais des lignes en ont 5 (2 lignes : 2, 3) : il manque sans doute un intitulé "
        "dans l'en-tête, et les valeurs de ces lignes sont alors sous le mauvais intitulé ; les cellules au-delà "
        "de l'en-tête sont ignorées : vérifiez l'en-tête du fichier"
    )
    assert by_row(plan)[2].values["phone"] == "pret@mi.fr"  # read as the header says: nothing moved by guess


def test_values_under_no_header_text_are_said(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["Offre", "Structure", None, "Besoin"],
            ["Prêt", "MI", "à revoir", "Financement", "note en marge"],
            ["Club", "MI", None, "Formation"],
            ["Bourse", "MI", "idem", "Financement", "autre note"],
        ],
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    said = "valeurs dans des colonnes sans intitulé, ignorées : colonne C (2 lignes : 2, 4), colonne E (2 lignes : 2, 4)"
    assert said in plan.warnings
    assert not any("l'en-tête a" in w for w in plan.warnings)  # a workbook's cells stay in their columns
    csv_path = write_csv(
        tmp_path / "o.csv", [["Offre", "Structure", "", "Besoin"], ["Prêt", "MI", "x", "Financement"]]
    )
    assert (
        "valeurs dans des colonnes sans intitulé, ignorées : colonne C (ligne 2)"
        in prepare_import(cat, csv_path, as_of=AS_OF).warnings
    )
