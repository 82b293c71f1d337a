"""Reference lists curated: counts per kind (archived entries included), rename, merge without duplicates,
remove refused or forced, each journaled and undone exactly by `references.revert`."""

from __future__ import annotations

from typing import Any

import pytest

from stewarddesk.catalogue import Catalogue, references
from stewarddesk.catalogue import journal as journal_mod
from stewarddesk.errors import Cancelled, KnownError
from stewarddesk.progress import CancelToken

OFFERS: list[dict[str, Any]] = [
    {"title": "Prêt santé", "sectors": ["sante"], "site": "CISAM"},
    {"title": "Incubateur", "sectors": ["Numérique", "sante", "Santé"], "site": "Technopôle de Luminy"},
    {"title": "Club santé", "sectors": ["Santé"]},
    {"title": "Fab lab", "sectors": ["Numérique"], "site": "CISAM"},
    {"title": "Ancienne pépinière", "sectors": ["sante"], "site": "CISAM", "status": "archived"},
]


@pytest.fixture
def filled(cat: Catalogue) -> Catalogue:
    cat.add_reference("sector", "Mer")  # listed by hand, used by nobody
    cat.create("structures", {"name": "Impulse", "site": "CISAM"})
    old = cat.create("structures", {"name": "Vieille structure", "site": "CISAM"}).created[0]
    cat.archive("structures", [old])
    cat.create("structures", {"name": "Marseille Innovation", "site": "Belle de Mai"})
    for offer in OFFERS:
        cat.create("offers", offer)
    return cat


def all_sectors(cat: Catalogue) -> dict[int, list[str]]:
    rows = cat.conn.execute("SELECT id, sectors FROM offers ORDER BY id")
    return {i: journal_mod.load(s) for i, s in rows}


def all_sites(cat: Catalogue) -> dict[tuple[str, int], str | None]:
    out: dict[tuple[str, int], str | None] = {}
    for kind in ("offers", "structures"):
        for i, site in cat.conn.execute(f"SELECT id, site FROM {kind} ORDER BY id"):
            out[(kind, i)] = site
    return out


def counts(cat: Catalogue, list_name: str) -> dict[str, tuple[dict[str, int], bool]]:
    return {u.value: (dict(u.counts), u.listed) for u in references.usage(cat, list_name)}


def test_lists_and_fields_come_from_fields_py() -> None:
    assert references.lists() == ("sector", "site")
    assert [(k, f.name) for k, f in references.fields_of("sector")] == [("offers", "sectors")]
    assert [(k, f.name) for k, f in references.fields_of("site")] == [
        ("offers", "site"),
        ("structures", "site"),
    ]
    with pytest.raises(ValueError):
        references.fields_of("colour")


def test_usage_counts_every_value_archived_included(filled: Catalogue) -> None:
    filled.remove_reference("sector", "Numérique")  # used by entries, no longer in the list
    assert counts(filled, "sector") == {
        "Mer": ({"offers": 0}, True),
        "Numérique": ({"offers": 2}, False),
        "sante": ({"offers": 3}, True),  # the archived offer counts
        "Santé": ({"offers": 2}, True),
    }
    assert [u.value for u in references.usage(filled, "sector")] == ["Mer", "Numérique", "Santé", "sante"]
    assert counts(filled, "site") == {
        "Belle de Mai": ({"offers": 0, "structures": 1}, True),
        "CISAM": ({"offers": 3, "structures": 2}, True),  # the archived structure counts
        "Technopôle de Luminy": ({"offers": 1, "structures": 0}, True),
    }
    assert references.usage(filled, "site")[1].total == 5


def test_rename_onto_an_existing_value_merges_without_duplicates(filled: Catalogue) -> None:
    before = all_sectors(filled)
    done = references.rename(filled, "sector", "sante", "Santé")
    after = all_sectors(filled)
    assert after == {
        **before,
        1: ["Santé"],
        2: ["Numérique", "Santé"],  # held both: keeps one, in the first one's place
        5: ["Santé"],  # the archived offer too
    }
    assert filled.references("sector") == ["Mer", "Numérique", "Santé"]
    assert counts(filled, "sector")["Santé"] == ({"offers": 4}, True)
    assert [c.kind for c in done] == ["offers", "structures"]
    assert sorted(done[0].updated) == [1, 2, 5]
    assert not done[1]  # the list's own change: no entry, one journal row


def test_rename_journals_each_entry_and_the_list(filled: Catalogue) -> None:
    done = references.rename(filled, "sector", "sante", "Santé", source="manual")
    rows = journal_mod.entries(filled.conn, references.journal_ids(done))
    entry_rows = [(r.entity, r.entity_id, r.field, r.old, r.new) for r in rows if r.entity_id]
    assert entry_rows == [
        ("offers", 1, "sectors", ["sante"], ["Santé"]),
        ("offers", 2, "sectors", ["Numérique", "sante", "Santé"], ["Numérique", "Santé"]),
        ("offers", 5, "sectors", ["sante"], ["Santé"]),
    ]
    (list_row,) = [r for r in rows if not r.entity_id]
    assert (list_row.field, list_row.old, list_row.new) == ("settings.reference.sector", ["sante"], [])
    assert {(r.who, r.source, r.op) for r in rows} == {("claire", "manual", "update")}
    assert filled.history("offers", 1)[0].new == ["Santé"]


def test_revert_of_a_merge_restores_entries_and_list_exactly(filled: Catalogue) -> None:
    entries, sites, listed = all_sectors(filled), all_sites(filled), filled.references("sector")
    done = references.rename(filled, "sector", "sante", "Santé")
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert all_sectors(filled) == entries
    assert all_sites(filled) == sites
    assert filled.references("sector") == listed
    # The undo is journaled too: the entries' old values came back as new changes.
    assert filled.history("offers", 2)[0].new == ["Numérique", "sante", "Santé"]
    assert filled.history("offers", 2)[0].source == "undo"


def test_revert_of_a_rename_to_a_new_value_takes_it_out_of_the_list(filled: Catalogue) -> None:
    listed = filled.references("sector")
    done = references.rename(filled, "sector", "Santé", "Health")
    assert filled.references("sector") == ["Health", "Mer", "Numérique", "sante"]
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert filled.references("sector") == listed


def test_revert_keeps_a_new_value_someone_used_since(filled: Catalogue) -> None:
    done = references.rename(filled, "sector", "Santé", "Health")
    filled.update("offers", 4, {"sectors": ["Health"]})  # « Fab lab », not touched by the rename
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert "Health" in filled.references("sector")
    assert filled.get("offers", 3)["sectors"] == ["Santé"]


def test_revert_refuses_when_an_entry_changed_since_and_undoes_nothing(filled: Catalogue) -> None:
    done = references.rename(filled, "sector", "sante", "Santé")
    filled.update("offers", 1, {"sectors": ["Mer"]})
    state, listed = all_sectors(filled), filled.references("sector")
    with pytest.raises(KnownError, match="Prêt santé"):
        references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert all_sectors(filled) == state
    assert filled.references("sector") == listed


def test_rename_a_site_changes_offers_and_structures_archived_included(filled: Catalogue) -> None:
    sites = all_sites(filled)
    done = references.rename(filled, "site", "CISAM", "Cisam")
    assert {k: v for k, v in all_sites(filled).items() if v == "Cisam"} == {
        k: "Cisam" for k, v in sites.items() if v == "CISAM"
    }
    assert "CISAM" not in filled.references("site")
    assert [(c.kind, sorted(c.updated)) for c in done if c] == [("offers", [1, 4, 5]), ("structures", [1, 2])]
    # Full-text search of structures indexes the site: it follows.
    assert filled.conn.execute("SELECT count(*) FROM structures_fts WHERE site='Cisam'").fetchone()[0] == 2
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert all_sites(filled) == sites
    assert "Cisam" not in filled.references("site")


def test_rename_refuses_an_empty_value_and_an_unknown_one(filled: Catalogue) -> None:
    with pytest.raises(KnownError):
        references.rename(filled, "sector", "sante", " \u00a0 ")
    with pytest.raises(KnownError, match="Biotech"):
        references.rename(filled, "sector", "Biotech", "Santé")
    assert references.rename(filled, "sector", "sante", "sante") == []


def test_rename_trims_the_new_value(filled: Catalogue) -> None:
    references.rename(filled, "sector", "Mer", "\u00a0Mer et littoral ")
    assert "Mer et littoral" in filled.references("sector")


def test_remove_is_refused_while_entries_use_the_value(filled: Catalogue) -> None:
    before = all_sectors(filled)
    with pytest.raises(KnownError, match=r"« sante » est utilisé par 3 entrée"):
        references.remove(filled, "sector", "sante", from_entries=False)
    assert all_sectors(filled) == before
    assert "sante" in filled.references("sector")


def test_remove_from_entries_then_revert(filled: Catalogue) -> None:
    before, listed = all_sectors(filled), filled.references("sector")
    done = references.remove(filled, "sector", "sante", from_entries=True)
    assert all_sectors(filled) == {**before, 1: [], 2: ["Numérique", "Santé"], 5: []}
    assert "sante" not in filled.references("sector")
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert all_sectors(filled) == before
    assert filled.references("sector") == listed


def test_remove_a_site_empties_the_text_field(filled: Catalogue) -> None:
    sites = all_sites(filled)
    done = references.remove(filled, "site", "CISAM", from_entries=True)
    assert all_sites(filled) == {k: (None if v == "CISAM" else v) for k, v in sites.items()}
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert all_sites(filled) == sites


def test_remove_an_unused_value_is_journaled_and_undone(filled: Catalogue) -> None:
    done = references.remove(filled, "sector", "Mer", from_entries=False)
    assert "Mer" not in filled.references("sector")
    assert len(references.journal_ids(done)) == 1
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert "Mer" in filled.references("sector")
    with pytest.raises(KnownError):
        references.remove(filled, "sector", "Biotech", from_entries=True)


def test_add_is_journaled_and_undone(filled: Catalogue) -> None:
    done = references.add(filled, "sector", "  Industrie ")
    assert "Industrie" in filled.references("sector")
    assert references.add(filled, "sector", "Industrie") == []
    with pytest.raises(KnownError):
        references.add(filled, "sector", "  ")
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    assert "Industrie" not in filled.references("sector")


def test_a_cancelled_rename_writes_nothing(filled: Catalogue) -> None:
    before, listed = all_sectors(filled), filled.references("sector")
    journal_rows = filled.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        references.rename(filled, "sector", "sante", "Santé", cancel=token)
    assert all_sectors(filled) == before
    assert filled.references("sector") == listed
    assert filled.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal_rows


def test_progress_counts_the_entries(filled: Catalogue) -> None:
    seen: list[tuple[int, int]] = []
    references.rename(filled, "site", "CISAM", "Cisam", progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 5)
    assert seen[-1] == (5, 5)


def test_the_catalogue_still_checks_clean(filled: Catalogue) -> None:
    from stewarddesk.catalogue import check

    done = references.rename(filled, "sector", "sante", "Santé")
    references.revert(filled, journal_mod.entries(filled.conn, references.journal_ids(done)))
    references.remove(filled, "site", "CISAM", from_entries=True)
    assert check.check(filled) == []
