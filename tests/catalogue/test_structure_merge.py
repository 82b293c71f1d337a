"""Merging duplicate structures: offers and carriers repointed, fields filled, the others archived, all
journaled, and one revert of the merge's journal rows puts everything back."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from stewarddesk import paths
from stewarddesk.catalogue import Catalogue, Query
from stewarddesk.catalogue import journal as journal_mod
from stewarddesk.catalogue.check import check
from stewarddesk.catalogue.schema import FTS_TABLES
from stewarddesk.catalogue.structure_merge import (
    merge_note,
    merge_structures,
    merged_into,
    plan_merge,
    suggest_duplicates,
    usage_counts,
)
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, Kind

UNIV = "Aix-Marseille Université"


def build(cat: Catalogue) -> dict[str, int]:
    """Two spellings of one university (each with fields of its own), and a third structure."""
    ids = {
        "univ": cat.create_structure({"name": UNIV, "website": "https://www.univ-amu.fr"}),
        "amu": cat.create_structure(
            {
                "name": "AMU",
                "site": "Technopôle de Luminy",
                "website": "https://amu.example",
                "kind": "Université",
            }
        ),
        "mi": cat.create_structure({"name": "Marseille Innovation", "contact": "contact@mi.example"}),
    }
    for title, structure in (
        ("Crèche d'entreprises", "AMU"),
        ("Plateforme technologique", "AMU"),
        ("Chaire innovation", UNIV),
        ("Incubateur", "Marseille Innovation"),
    ):
        cat.create("offers", {"title": title, "structure": structure, "email": "a@b.fr"})
    for title, carriers in (
        ("Campus d'innovation", ["AMU", UNIV]),
        ("Programme A*MIDEX", ["AMU", "Marseille Innovation"]),
        ("French Tech", ["Marseille Innovation"]),
    ):
        cat.create("actions", {"title": title, "carriers": carriers})
    return ids


def offer_structures(cat: Catalogue) -> dict[str, str | None]:
    return {e["title"]: e["structure"] for e in cat.rows("offers", cat.ids("offers"))}


def carriers(cat: Catalogue) -> dict[str, list[str]]:
    return {e["title"]: e["carriers"] for e in cat.rows("actions", cat.ids("actions"))}


def snapshot(cat: Catalogue) -> dict[str, Any]:
    """Everything a user can see of the catalogue: every field of every entry (archived too), the
    structure links, the archived flags, the search index, the names offered as providers."""
    out: dict[str, Any] = {}
    kinds: tuple[Kind, ...] = ("structures", "offers", "actions")
    for kind in kinds:
        ids = cat.ids(kind, Query(include_archived=True, sort="id"))
        out[kind] = [
            {f.name: e.get(f.name) for f in FIELDS[kind]} | {"archived": e.get("archived")}
            for e in cat.rows(kind, ids)
        ]
        cols = ", ".join(FTS_TABLES[kind])
        out[f"{kind}_fts"] = cat.conn.execute(
            f"SELECT rowid, {cols} FROM {kind}_fts ORDER BY rowid"
        ).fetchall()
    out["links"] = cat.conn.execute("SELECT id, structure_id FROM offers ORDER BY id").fetchall()
    out["names"] = cat.structure_names()
    return out


def test_merge_repoints_offers_and_carriers_fills_fields_and_archives_the_other(cat: Catalogue) -> None:
    ids = build(cat)
    result = merge_structures(cat, ids["univ"], [ids["amu"]])

    assert offer_structures(cat) == {
        "Crèche d'entreprises": UNIV,
        "Plateforme technologique": UNIV,
        "Chaire innovation": UNIV,
        "Incubateur": "Marseille Innovation",
    }
    # The action naming both now names the kept structure once, in the first one's place.
    assert carriers(cat) == {
        "Campus d'innovation": [UNIV],
        "Programme A*MIDEX": [UNIV, "Marseille Innovation"],
        "French Tech": ["Marseille Innovation"],
    }
    kept = cat.get("structures", ids["univ"])
    assert kept["site"] == "Technopôle de Luminy"  # was empty: filled
    assert kept["kind"] == "Université"
    assert kept["website"] == "https://www.univ-amu.fr"  # was filled: not overwritten
    assert [(f.field, f.value) for f in result.filled] == [
        ("kind", "Université"),
        ("site", "Technopôle de Luminy"),
    ]
    assert [(f.field, f.value, f.from_name) for f in result.not_taken] == [
        ("website", "https://amu.example", "AMU")
    ]
    assert (result.offers_repointed, result.actions_repointed) == (2, 2)

    other = cat.get("structures", ids["amu"])
    assert other["archived"] == 1 and other["name"] == "AMU"
    assert "AMU" not in cat.structure_names()  # no longer offered as a provider or a carrier
    assert cat.ids("structures") == [ids["univ"], ids["mi"]]
    assert merged_into(cat, ids["amu"]) == ids["univ"]
    assert merged_into(cat, ids["univ"]) is None
    assert check(cat) == []


def test_merge_journals_every_change_and_reports_it_per_kind(cat: Catalogue) -> None:
    ids = build(cat)
    result = merge_structures(cat, ids["univ"], [ids["amu"]], source="steward")
    rows = journal_mod.entries(cat.conn, result.journal_ids)
    assert {r.source for r in rows} == {"steward"}
    offer_rows = [r for r in rows if r.entity == "offers"]
    assert [(r.op, r.field, r.old, r.new) for r in offer_rows] == [("update", "structure", "AMU", UNIV)] * 2
    action_rows = [(r.field, r.old, r.new) for r in rows if r.entity == "actions"]
    assert action_rows == [
        ("carriers", ["AMU", UNIV], [UNIV]),
        ("carriers", ["AMU", "Marseille Innovation"], [UNIV, "Marseille Innovation"]),
    ]
    structure_rows = [(r.entity_id, r.op, r.field, r.old, r.new) for r in rows if r.entity == "structures"]
    assert (ids["univ"], "update", "site", None, "Technopôle de Luminy") in structure_rows
    assert (ids["amu"], "archive", "archived", False, True) in structure_rows
    note = next(r for r in rows if r.entity == "structures" and r.field is None)
    assert merge_note(note) == f"Fusionnée dans « {UNIV} » (n° {ids['univ']})"
    assert set(result.changes) == {"structures", "offers", "actions"}
    assert set(result.changes["offers"].updated) == {e.entity_id for e in offer_rows}
    assert result.changes["offers"].fields == {"structure"}
    assert result.changes["structures"].structures
    total = sum(len(c.journal_ids) for c in result.changes.values())
    assert total == len(result.journal_ids) == len(rows)


def test_revert_of_the_merge_restores_everything_exactly(cat: Catalogue) -> None:
    ids = build(cat)
    before = snapshot(cat)
    result = merge_structures(cat, ids["univ"], [ids["amu"]])
    assert snapshot(cat) != before
    cat.revert(journal_mod.entries(cat.conn, result.journal_ids))
    assert snapshot(cat) == before
    assert cat.get("structures", ids["amu"])["archived"] == 0
    assert merged_into(cat, ids["amu"]) is None
    assert check(cat) == []


def test_three_structures_merged_fill_in_the_order_given(cat: Catalogue) -> None:
    ids = build(cat)
    third = cat.create_structure(
        {"name": "Univ. d'Aix-Marseille", "contact": "dir@univ.example", "site": "Pharo"}
    )
    cat.create("offers", {"title": "Bourse doctorale", "structure": "Univ. d'Aix-Marseille"})
    cat.create("actions", {"title": "Doctorants", "carriers": ["Univ. d'Aix-Marseille", "AMU"]})
    before = snapshot(cat)
    result = merge_structures(cat, ids["univ"], [third, ids["amu"], third])  # a repeated id counts once
    assert result.plan.others == (third, ids["amu"])
    kept = cat.get("structures", ids["univ"])
    assert (kept["site"], kept["contact"], kept["kind"]) == ("Pharo", "dir@univ.example", "Université")
    assert ("site", "Technopôle de Luminy", "AMU") in [
        (f.field, f.value, f.from_name) for f in result.not_taken
    ]
    assert carriers(cat)["Doctorants"] == [UNIV]
    assert offer_structures(cat)["Bourse doctorale"] == UNIV
    assert cat.ids("structures") == [ids["univ"], ids["mi"]]
    assert check(cat) == []
    cat.revert(journal_mod.entries(cat.conn, result.journal_ids))
    assert snapshot(cat) == before
    assert check(cat) == []


def test_search_by_the_kept_name_finds_the_repointed_offers(cat: Catalogue) -> None:
    ids = build(cat)
    assert set(cat.ids("offers", Query(text="AMU"))) == {1, 2}
    merge_structures(cat, ids["univ"], [ids["amu"]])
    found = {
        e["title"] for e in cat.rows("offers", cat.ids("offers", Query(text="Aix-Marseille Université")))
    }
    assert found == {"Crèche d'entreprises", "Plateforme technologique", "Chaire innovation"}
    assert cat.ids("offers", Query(text="AMU")) == []
    assert {e["title"] for e in cat.rows("actions", cat.ids("actions", Query(text="universite")))} == {
        "Campus d'innovation",
        "Programme A*MIDEX",
    }


@pytest.mark.parametrize(
    ("keep", "others", "message"),
    [
        ("univ", ["amu", "univ"], "ne peut pas être aussi"),
        ("univ", [], "au moins une autre structure"),
        ("univ", [999], "n° 999"),
        (999, ["amu"], "n° 999"),
    ],
)
def test_refusals_write_nothing(cat: Catalogue, keep: Any, others: list[Any], message: str) -> None:
    ids = build(cat)
    ids_of: dict[Any, int] = {**ids, 999: 999}
    before = snapshot(cat)
    journal_before = cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with pytest.raises(KnownError, match=message):
        merge_structures(cat, ids_of[keep], [ids_of[o] for o in others])
    assert snapshot(cat) == before
    assert cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal_before


def test_an_archived_structure_cannot_be_the_one_kept(cat: Catalogue) -> None:
    ids = build(cat)
    cat.archive("structures", [ids["univ"]])
    with pytest.raises(KnownError, match="restaurez-la"):
        merge_structures(cat, ids["univ"], [ids["amu"]])


def test_an_already_archived_other_stays_archived_after_the_undo(cat: Catalogue) -> None:
    ids = build(cat)
    cat.archive("structures", [ids["amu"]])
    before = snapshot(cat)
    result = merge_structures(cat, ids["univ"], [ids["amu"]])
    assert merged_into(cat, ids["amu"]) == ids["univ"]
    cat.revert(journal_mod.entries(cat.conn, result.journal_ids))
    assert snapshot(cat) == before
    assert merged_into(cat, ids["amu"]) is None  # archived, but by hand: not merged


def test_merged_into_follows_a_merge_of_the_kept_structure(cat: Catalogue) -> None:
    ids = build(cat)
    merge_structures(cat, ids["univ"], [ids["amu"]])
    merge_structures(cat, ids["mi"], [ids["univ"]])
    assert merged_into(cat, ids["amu"]) == ids["mi"]
    assert carriers(cat)["Campus d'innovation"] == ["Marseille Innovation"]
    assert check(cat) == []


def test_undo_refused_when_an_offer_changed_structure_since(cat: Catalogue) -> None:
    ids = build(cat)
    result = merge_structures(cat, ids["univ"], [ids["amu"]])
    cat.update("offers", 1, {"structure": "Marseille Innovation"})
    journal_before = cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with pytest.raises(KnownError, match="modifiée depuis"):
        cat.revert(journal_mod.entries(cat.conn, result.journal_ids))
    assert cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal_before
    assert cat.get("structures", ids["amu"])["archived"] == 1


def test_the_plan_is_the_preview_and_writes_nothing(cat: Catalogue) -> None:
    ids = build(cat)
    before = snapshot(cat)
    plan = plan_merge(cat, ids["univ"], [ids["amu"]])
    assert (plan.keep_name, plan.other_names) == (UNIV, ("AMU",))
    assert plan.offers == (1, 2) and plan.actions == (1, 2)
    assert snapshot(cat) == before


def test_a_large_merge_costs_a_few_statements_not_one_per_offer(cat: Catalogue) -> None:
    """Offers are found and repointed with SQL: the statement count does not grow with them."""
    ids = build(cat)
    stamp = ("2026-03-02T10:00:00", "2026-03-02T10:00:00", "test")
    cat.conn.executemany(
        "INSERT INTO offers(id, title, title_key, structure_id, created, updated, source) VALUES (?,?,?,?,?,?,?)",
        [(100 + i, f"Offre {i}", f"offre {i}", ids["amu"], *stamp) for i in range(3000)],
    )
    cat.conn.executemany(
        "INSERT INTO offers_fts(rowid, title, structure) VALUES (?, ?, 'AMU')",
        [(100 + i, f"Offre {i}") for i in range(3000)],
    )
    statements: list[str] = []
    cat.conn.set_trace_callback(statements.append)
    try:
        result = merge_structures(cat, ids["univ"], [ids["amu"]])
    finally:
        cat.conn.set_trace_callback(None)
    assert result.offers_repointed == 3002
    ours = [s for s in statements if not s.startswith("--")]  # "--": FTS5's own inner statements
    assert len(ours) < 80
    assert (
        cat.conn.execute("SELECT count(*) FROM offers WHERE structure_id=?", (ids["univ"],)).fetchone()[0]
        == 3003
    )
    assert len(cat.ids("offers", Query(text="Aix Marseille Universite"))) == 3003


def test_usage_counts_count_offers_and_actions_per_structure(cat: Catalogue) -> None:
    ids = build(cat)
    counts = usage_counts(cat, [ids["univ"], ids["amu"], ids["mi"], 999])
    assert counts == {ids["univ"]: (1, 1), ids["amu"]: (2, 2), ids["mi"]: (1, 2)}


def test_suggest_duplicates_groups_spellings_of_one_actor(cat: Catalogue) -> None:
    names = [
        "Marseille Innovation",  # 1
        "Marseille Innovation SAS",  # 2: a legal form
        "Aix-Marseille Université",  # 3
        "AMU",  # 4: its acronym
        "Medinsoft",  # 5
        "Association Medinsof",  # 6: a legal form and a typo
        "Région Sud",  # 7
        "Ville de Marseille",  # 8: shares a word, names another actor
        "Technopôle de Luminy",  # 9
        "Technopôle de l'Arbois",  # 10: shares words, another actor
        "Marseille Innovation Provence",  # 11: archived below, so not suggested
    ]
    for name in names:
        cat.create_structure({"name": name})
    cat.archive("structures", [11])
    assert suggest_duplicates(cat) == [[1, 2], [3, 4], [5, 6]]


def test_suggest_duplicates_finds_none_in_the_sample_catalogue(tmp_path: Path) -> None:
    target = tmp_path / "sample.sqlite"
    with paths.sample_catalogue().open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    with Catalogue.open(target) as sample:
        assert suggest_duplicates(sample) == []
