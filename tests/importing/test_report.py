"""The JSON report (DESIGN.md's contract) and the lines the command line prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import batch_report, import_file, prepare_import

from .engine_kit import AS_OF, file_hash, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("french")


HEADER = ["Offre", "Structure", "Besoin", "Revue le"]


def sample(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "mi.xlsx",
        [
            ["Catalogue MI 2024"],
            HEADER,
            ["Pépinière", "MI", "Hébergement", "05/03/2024"],
            ["Prêt", "MI", "Juridique", None],
            [None, "MI", "Financement", None],
        ],
    )


def test_report_has_the_contract_keys(cat: Catalogue, tmp_path: Path) -> None:
    path = sample(tmp_path)
    outcome = import_file(cat, path, as_of=AS_OF)
    report = outcome.report
    assert outcome.result is not None
    assert {"batch_id", "kind", "inserted", "updated", "unchanged", "rejected", "warnings"} <= set(report)
    assert (report["batch_id"], report["kind"]) == (outcome.result.batch_id, "offers")
    assert (report["inserted"], report["updated"], report["unchanged"]) == (1, 0, 0)
    assert report["rejected"] == [
        {
            "row": 4,
            "reason": "besoin « Juridique » inconnu ; valeurs possibles : Orientation / information, "
            "Accompagnement, Financement, Hébergement, Recrutement / RH, Lien recherche / laboratoires, "
            "International, Mise en réseau / événements, Formation, Prototypage / fab lab",
        },
        {"row": 5, "reason": "titre manquant"},  # no « ligne 5 : » beside `row`
    ]
    assert any(
        w.startswith("Revue le : « 05/03/2024 »") and w.endswith("(ligne 3)") for w in report["warnings"]
    )
    assert any(w.startswith("structures inconnues") for w in report["warnings"])
    assert (report["file"], report["sha256"], report["sheet"], report["header_row"]) == (
        "mi.xlsx",
        file_hash(path),
        "Offres",
        2,
    )
    assert report["mapping"] == {
        "Offre": "title",
        "Structure": "structure",
        "Besoin": "need",
        "Revue le": "reviewed",
    }
    assert json.loads(json.dumps(report)) == report
    assert batch_report(cat, outcome.result.batch_id) == report


def test_rows_with_several_problems_say_them_all_on_one_line(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [HEADER, ["Prêt", "MI", "Juridique", "31/02/2024"]])
    (rejected,) = import_file(cat, path, as_of=AS_OF, dry_run=True).report["rejected"]
    assert rejected["row"] == 2 and not rejected["reason"].startswith("ligne")
    assert "« Juridique »" in rejected["reason"] and "date impossible (31/02/2024)" in rejected["reason"]
    assert "\n" not in rejected["reason"]


def test_summary_lines(cat: Catalogue, tmp_path: Path) -> None:
    outcome = import_file(cat, sample(tmp_path), as_of=AS_OF)
    lines = outcome.summary_lines()
    assert lines[0] == "mi.xlsx : 1 insérée, 0 mise à jour, 0 inchangée, 2 rejetées"
    assert lines[1].startswith("Import n° 1 enregistré")
    assert "Rejetée — ligne 5 : titre manquant" in lines
    assert any(line.startswith("Attention — Revue le : « 05/03/2024 »") for line in lines)


def test_dry_run_lines_show_the_plan_with_labels(cat: Catalogue, tmp_path: Path) -> None:
    import_file(cat, sample(tmp_path), as_of=AS_OF)
    path = write_xlsx(
        tmp_path / "u.xlsx", [HEADER, ["Pépinière", "MI", "Formation", "05/03/2024"], ["Neuve", "MI", "", ""]]
    )
    lines = import_file(cat, path, as_of=AS_OF, dry_run=True).summary_lines()
    assert "ligne 2 : « Pépinière » (n° 1) : Besoin : Hébergement → Formation" in lines
    assert "ligne 3 : nouvelle entrée « Neuve »" in lines
    assert "Simulation : rien n'a été écrit dans le catalogue." in lines


def test_report_in_english(cat: Catalogue, tmp_path: Path) -> None:
    i18n.set_language("en")
    outcome = import_file(cat, sample(tmp_path), as_of=AS_OF, dry_run=True)
    assert outcome.report["rejected"][1] == {"row": 5, "reason": "missing title"}
    assert outcome.summary_lines()[0] == "mi.xlsx: 1 inserted, 0 updated, 0 unchanged, 2 rejected"


def test_batches_are_listed_newest_first(cat: Catalogue, tmp_path: Path) -> None:
    from stewarddesk.importing.api import list_batches, undo_import

    first = import_file(cat, sample(tmp_path), as_of=AS_OF)
    path = write_xlsx(tmp_path / "b.xlsx", [HEADER, ["Bourse", "MI", "Financement", None]])
    second = import_file(cat, path, as_of=AS_OF)
    assert first.result is not None and second.result is not None
    undo_import(cat, second.result.batch_id)
    batches = list_batches(cat)
    assert [(b.id, b.file, b.inserted, b.rejected) for b in batches] == [
        (second.result.batch_id, "b.xlsx", 1, 0),
        (first.result.batch_id, "mi.xlsx", 1, 2),
    ]
    assert batches[0].undone_at is not None and batches[1].undone_at is None
    assert (batches[1].who, batches[1].kind, batches[1].sheet) == ("claire", "offers", "Offres")


def test_unknown_values_are_listed_for_a_value_map(cat: Catalogue, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [HEADER, ["A", "MI", "Juridique", None], ["B", "MI", "juridique", None], ["C", "MI", "Autre", None]],
    )
    plan = import_file(cat, path, as_of=AS_OF, dry_run=True).plan
    assert plan.unknown_values() == {"need": {"Juridique": [2], "juridique": [3], "Autre": [4]}}
    problem = plan.rows[0].problems[0]
    assert (problem.column, problem.field, problem.vocab, problem.value) == (
        "Besoin",
        "need",
        "need",
        "Juridique",
    )
    fixed = prepare_import(
        cat, path, as_of=AS_OF, value_map={"need": {"juridique": "support", "Autre": "network"}}
    )
    assert fixed.counts["rejected"] == 0 and fixed.unknown_values() == {}
    assert [r.values["need"] for r in fixed.rows] == ["support", "support", "network"]
    assert fixed.profile_columns() == {
        "Offre": "title",
        "Structure": "structure",
        "Besoin": "need",
        "Revue le": "reviewed",
    }


def test_the_command_line_prints_at_most_50_warnings(tmp_path: Path) -> None:
    sheet = tmp_path / "many.csv"
    rows = ["Offre;Structure;Email"] + [f"Atelier {i};Impulse;atelier {i} chez impulse" for i in range(80)]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Catalogue.new(tmp_path / "c.sqlite") as cat:
        outcome = import_file(cat, sheet, kind="offers", as_of=AS_OF)
    assert len(outcome.report["warnings"]) > 50  # odd e-mails, one per row, all in the report
    lines = outcome.summary_lines()
    assert lines[-1].startswith(("… et", "… and")) and "--report-json" in lines[-1]
    assert sum(1 for line in lines if line.startswith(("Attention", "Warning"))) == 50


def test_ambiguous_dates_are_said_once_per_column_and_text(cat: Catalogue, tmp_path: Path) -> None:
    rows = [["Offre", "Structure", "Besoin", "Revue le"]]
    rows += [[f"Offre {n}", "MI", "Financement", "12/07/2024"] for n in range(1200)]  # rows 2 … 1201
    rows += [["Autre", "MI", "Financement", "05/03/2024"], ["Sans besoin", "MI", "Juridique", "05/03/2024"]]
    path = write_csv(tmp_path / "o.csv", rows)
    outcome = import_file(cat, path, as_of=AS_OF, dry_run=True)
    report = outcome.report
    dated = [w for w in report["warnings"] if "pourrait être" in w]
    assert dated == [
        "Revue le : « 12/07/2024 » lue comme le 12 juillet 2024 (jour en premier) mais pourrait être le "
        "7 décembre 2024 : vérifiez (1\u202f200 lignes : 2, 3, 4, 5, 6, …)",
        "Revue le : « 05/03/2024 » lue comme le 5 mars 2024 (jour en premier) mais pourrait être le 3 mai 2024 "
        ": vérifiez (2 lignes : 1202, 1203)",  # the rejected row too: its date was read all the same
    ]
    assert report["ambiguous_dates"][0] == {
        "column": "Revue le",
        "value": "12/07/2024",
        "read_as": "2024-07-12",
        "could_be": "2024-12-07",
        "rows": list(range(2, 1202)),
    }
    assert report["ambiguous_dates"][1]["rows"] == [1202, 1203]
    assert sum("pourrait être" in line for line in outcome.summary_lines()) == 2
    assert outcome.plan.rows[0].values["reviewed"] == "2024-07-12"
    # The wizard still shows it on each row.
    assert any("pourrait être le 7 décembre 2024" in w for w in outcome.plan.rows[0].warnings)
    i18n.set_language("en")
    (first, _) = [w for w in prepare_import(cat, path, as_of=AS_OF).warnings if "could be" in w]
    assert first == (
        "Revue le: “12/07/2024” read as 12 July 2024 (day first) but could be 7 December 2024: please check "
        "(1,200 rows: 2, 3, 4, 5, 6, …)"
    )


def test_one_row_alone_says_its_row(cat: Catalogue, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "o.csv", [["Offre", "Revue le"], ["A", "05/03/2024"], ["B", "2024-01-02"]])
    (dated,) = [
        w for w in import_file(cat, path, as_of=AS_OF, dry_run=True).report["warnings"] if "mars" in w
    ]
    assert dated.endswith("(ligne 2)")


def test_text_output_counts_close_titles_beyond_ten(cat: Catalogue, tmp_path: Path) -> None:
    rows = [["Offre", "Structure"]]
    rows += [[f"Diagnostic innovation {w}", "MI"] for w in ("a", "b", "c", "d", "e", "f", "g")]
    rows += [[f"Atelier {w} numérique", "MI"] for w in ("aa", "ab", "ac", "ad", "ae", "af", "ag")]
    path = write_csv(tmp_path / "o.csv", rows)
    outcome = import_file(cat, path, as_of=AS_OF)
    near = [r.near_duplicate for r in outcome.plan.rows if r.near_duplicate]
    assert len(near) == 12
    lines = outcome.summary_lines()
    assert sum("ressemble à" in line for line in lines) == 10
    assert lines[-1] == (
        "… et 2 autres titres proches d'un autre : la liste complète est dans le rapport JSON "
        "(--report-json)."
    )
    assert sum("ressemble à" in w for w in outcome.report["warnings"]) == 12  # the JSON keeps them all


def test_thousands_of_new_structures_are_named_twenty_then_counted(cat: Catalogue, tmp_path: Path) -> None:
    rows = [["Offre", "Structure", "Besoin", "Revue le"]]
    rows += [[f"Offre {n}", f"Structure {n:04}", "Financement", None] for n in range(1500)]  # rows 2 … 1501
    rows += [["Offre bis", "Structure 0000", "Financement", None]]  # row 1502: the first one again
    path = write_csv(tmp_path / "o.csv", rows)
    outcome = import_file(cat, path, as_of=AS_OF, dry_run=True)
    report = outcome.report
    [said] = [w for w in report["warnings"] if w.startswith("structures inconnues")]
    assert said.startswith(
        "structures inconnues, créées à l'import : « Structure 0000 » (lignes 2, 1502), "
        "« Structure 0001 » (ligne 3), "
    )
    assert said.endswith("« Structure 0019 » (ligne 21), et 1\u202f480 autres")
    assert "Structure 0020" not in said
    # The JSON report keeps every one, with its rows.
    assert len(report["new_structures"]) == 1500
    assert report["new_structures"][0] == {"name": "Structure 0000", "rows": [2, 1502]}
    assert report["new_structures"][-1] == {"name": "Structure 1499", "rows": [1501]}
    i18n.set_language("en")
    again = prepare_import(cat, path, as_of=AS_OF)
    [said] = [w for w in again.warnings if w.startswith("unknown structures")]
    assert said.endswith("(row 21), and 1,480 more")
