"""After a merge of structures, the merged-away names lead to the structure kept: for an edit, a plan and
an import alike (« AMU » merged into « Aix-Marseille Université » is never revived by a sheet naming AMU)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.catalogue.journal import history
from stewarddesk.catalogue.structure_merge import merge_structures
from stewarddesk.importing.api import apply_plan
from stewarddesk.importing.plan import prepare_import

from .engine_kit import AS_OF, new_catalogue, write_xlsx


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalogue]:
    i18n.set_language("fr")
    with new_catalogue(tmp_path) as c:
        yield c
    i18n.set_language(None)


def merged(cat: Catalogue) -> tuple[int, int]:
    kept = cat.structure_id("Aix-Marseille Université", create=True)
    gone = cat.structure_id("AMU", create=True)
    assert kept is not None and gone is not None
    cat.create("offers", {"title": "Pépinière", "structure": "AMU"})
    merge_structures(cat, kept, [gone])
    return kept, gone


def test_a_merged_name_leads_to_the_kept_structure(cat: Catalogue) -> None:
    kept, gone = merged(cat)
    assert cat.structure_id("AMU") == kept
    assert cat.structure_id("amu", create=True) == kept  # never a new « AMU » either
    (oid,) = cat.create("offers", {"title": "Incubateur", "structure": "AMU"}).created
    assert cat.get("offers", oid)["structure"] == "Aix-Marseille Université"
    assert cat.get("structures", gone)["archived"]


def test_an_import_naming_a_merged_structure_attaches_to_the_kept_one(cat: Catalogue, tmp_path: Path) -> None:
    kept, gone = merged(cat)
    path = write_xlsx(
        tmp_path / "amu.xlsx",
        [["Offre", "Structure"], ["Pépinière", "AMU"], ["Fab-lab", "amu"], ["Club", "CISAM"]],
    )
    plan = prepare_import(cat, path, kind="offers", as_of=AS_OF)
    rows = {r.row: r for r in plan.rows}
    assert rows[2].action == "unchanged"  # the merged offer, found under the kept structure
    assert rows[3].values["structure"] == "Aix-Marseille Université"
    assert plan.new_structures == ["CISAM"]  # AMU is not « new », and not revived
    apply_plan(cat, plan, backup=False)
    by_title = {e["title"]: e for e in cat.rows("offers", cat.ids("offers"))}
    assert by_title["Fab-lab"]["structure"] == "Aix-Marseille Université"
    offers_of_gone = cat.conn.execute("SELECT count(*) FROM offers WHERE structure_id=?", (gone,)).fetchone()[
        0
    ]
    assert offers_of_gone == 0 and cat.get("structures", gone)["archived"]
    assert cat.structure_id("Aix-Marseille Université") == kept


def test_the_history_says_merged_into(cat: Catalogue) -> None:
    from stewarddesk.gui.history_view import describe  # the words the window shows

    kept, gone = merged(cat)
    lines = [describe(item) for item in history(cat.conn, "structures", gone)]
    assert f"Fusionnée dans « Aix-Marseille Université » (n° {kept})" in lines
