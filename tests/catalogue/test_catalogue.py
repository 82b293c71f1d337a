from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, InvalidValue, Query
from stewarddesk.catalogue.schema import SCHEMA_VERSION
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS, EntryKind, field

OFFER = {
    "title": "Prêt d'honneur innovation",
    "structure": "Marseille Innovation",
    "need": "funding",
    "stages": ["creation", "growth"],
    "sectors": ["Santé", "Numérique"],
    "email": "contact@marseille-innovation.fr",
    "reviewed": "2025-06-01",
}


def test_create_returns_changes_and_journals_who_when_source(cat: Catalogue) -> None:
    changes = cat.create("offers", OFFER, source="manual")
    (offer_id,) = changes.created
    assert changes.structures  # « Marseille Innovation » did not exist yet
    entry = cat.get("offers", offer_id)
    assert entry["structure"] == "Marseille Innovation"
    assert entry["stages"] == ["creation", "growth"]
    assert entry["status"] == "active"
    (created,) = cat.history("offers", offer_id)
    assert (created.op, created.who, created.at, created.source) == (
        "create",
        "claire",
        "2026-03-02T10:00:00",
        "manual",
    )
    assert created.new["title"] == "Prêt d'honneur innovation"


def test_create_reads_the_new_entry_back_once_for_journal_and_index(cat: Catalogue) -> None:
    cat.create("structures", {"name": "Marseille Innovation"})
    statements: list[str] = []
    cat.conn.set_trace_callback(statements.append)
    try:
        (offer_id,) = cat.create("offers", OFFER).created
    finally:
        cat.conn.set_trace_callback(None)
    reads_back = [s for s in statements if s.startswith("SELECT t.*") and "WHERE t.id=" in s]
    assert len(reads_back) == 1, reads_back
    # ...and that one read fed both the journal and the full-text index.
    assert cat.history("offers", offer_id)[0].new["structure"] == "Marseille Innovation"
    assert cat.ids("offers", Query(text="marseille honneur")) == [offer_id]


def test_update_journals_only_changed_fields_old_to_new(cat: Catalogue, clock: Any) -> None:
    (offer_id,) = cat.create("offers", OFFER).created
    clock.now += dt.timedelta(days=1)
    changes = cat.update("offers", offer_id, {"need": "support", "title": OFFER["title"], "email": None})
    assert changes.fields == {"need", "email"}
    history = cat.history("offers", offer_id)
    assert [(h.field, h.old, h.new) for h in history[:2]] == [
        ("email", "contact@marseille-innovation.fr", None),
        ("need", "funding", "support"),
    ] or [(h.field, h.old, h.new) for h in history[:2]] == [
        ("need", "funding", "support"),
        ("email", "contact@marseille-innovation.fr", None),
    ]
    assert cat.get("offers", offer_id)["updated"] == "2026-03-03T10:00:00"
    assert not cat.update("offers", offer_id, {"need": "support"})  # no change, no journal row
    assert len(cat.history("offers", offer_id)) == 3


def test_invalid_value_is_refused_and_nothing_is_written(cat: Catalogue) -> None:
    with pytest.raises(InvalidValue):
        cat.create("offers", {**OFFER, "need": "legal"})
    with pytest.raises(InvalidValue):
        cat.create("offers", {**OFFER, "reviewed": "31/02/2024"})
    with pytest.raises(InvalidValue):
        cat.create("offers", {**OFFER, "title": "  "})
    assert cat.total("offers") == 0
    assert cat.total("structures") == 0  # the structure created on the way was rolled back too
    assert cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0


def test_transaction_rolls_back_everything_on_error(cat: Catalogue) -> None:
    with pytest.raises(RuntimeError), cat.transaction():
        cat.create("offers", OFFER)
        cat.create("actions", {"title": "Cartographie", "status": "engaged"})
        raise RuntimeError("boom")
    assert cat.total("offers") == cat.total("actions") == 0
    assert cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    assert cat.ids("offers", Query(text="honneur")) == []


def test_mark_reviewed_is_a_review_not_a_modification(cat: Catalogue, clock: Any) -> None:
    (offer_id,) = cat.create("offers", OFFER).created
    clock.now += dt.timedelta(days=10)
    cat.mark_reviewed("offers", [offer_id], dt.date(2026, 3, 12))
    entry = cat.get("offers", offer_id)
    assert entry["reviewed"] == "2026-03-12"
    assert entry["updated"] == "2026-03-02T10:00:00"
    assert cat.history("offers", offer_id)[0].op == "review"


def test_archive_hides_and_restore_brings_back_previous_status(cat: Catalogue) -> None:
    (offer_id,) = cat.create("offers", {**OFFER, "status": "suspended"}).created
    (action_id,) = cat.create("actions", {"title": "Cartographie"}).created
    cat.archive("offers", [offer_id])
    cat.archive("actions", [action_id])
    assert cat.ids("offers") == [] and cat.ids("actions") == []
    assert cat.ids("offers", Query(include_archived=True)) == [offer_id]
    cat.restore("offers", [offer_id])
    cat.restore("actions", [action_id])
    assert cat.get("offers", offer_id)["status"] == "suspended"
    assert cat.ids("actions") == [action_id]


def test_revert_undoes_and_refuses_when_changed_since(cat: Catalogue) -> None:
    (offer_id,) = cat.create("offers", OFFER).created
    change = cat.update("offers", offer_id, {"need": "support"})
    cat.revert(_entries(cat, change.journal_ids))
    assert cat.get("offers", offer_id)["need"] == "funding"
    change = cat.update("offers", offer_id, {"need": "hosting"})
    cat.update("offers", offer_id, {"need": "training"})
    with pytest.raises(KnownError) as refused:
        cat.revert(_entries(cat, change.journal_ids))
    # The entry by its title, the field by its column header, the value by its label: what the user sees.
    title = cat.get("offers", offer_id)["title"]
    assert str(refused.value) == (
        f"« {title} » a été modifiée depuis : « Besoin » vaut maintenant « Formation ». Rien n'a été annulé."
    )
    assert cat.get("offers", offer_id)["need"] == "training"


def _entries(cat: Catalogue, ids: tuple[int, ...]):  # type: ignore[no-untyped-def]
    from stewarddesk.catalogue import journal

    return journal.entries(cat.conn, ids)


def test_fts_search_ignores_accents_and_follows_structure_renames(cat: Catalogue) -> None:
    (offer_id,) = cat.create("offers", {**OFFER, "description": "Pour les crèches et la santé"}).created
    (action_id,) = cat.create(
        "actions", {"title": "Cartographie des compétences", "carriers": ["CISAM"]}
    ).created
    assert cat.ids("offers", Query(text="creche")) == [offer_id]
    assert cat.ids("offers", Query(text="PRET hon")) == [offer_id]  # prefix, any case
    assert cat.ids("offers", Query(text="marseille")) == [offer_id]  # structure name
    assert cat.ids("actions", Query(text="cisam")) == [action_id]  # carriers
    assert cat.ids("offers", Query(text='"; DROP TABLE offers; --')) == []  # user text is never syntax
    sid = cat.structure_id("marseille  INNOVATION")
    assert sid is not None
    cat.update("structures", sid, {"name": "Pôle Marseille Innovation"})
    assert cat.ids("offers", Query(text="pôle")) == [offer_id]
    cisam = cat.structure_id("CISAM")
    assert cisam is not None
    cat.update("structures", cisam, {"name": "CISAM+"})
    assert cat.get("actions", action_id)["carriers"] == ["CISAM+"]


def test_filters_sort_and_facets(cat: Catalogue) -> None:
    a = cat.create("offers", {**OFFER, "title": "Bourse", "need": "funding"}).created[0]
    b = cat.create("offers", {**OFFER, "title": "atelier", "need": "training", "sectors": ["Mer"]}).created[0]
    c = cat.create("offers", {"title": "Émergence", "structure": "Impulse", "need": "support"}).created[0]
    assert cat.ids("offers") == [b, a, c]  # accent- and case-insensitive title order
    assert cat.ids("offers", Query(descending=True)) == [c, a, b]
    assert cat.ids("offers", Query(filters={"need": ("funding", "support")})) == [a, c]
    assert cat.ids("offers", Query(filters={"sectors": ("Mer",)})) == [b]
    assert cat.ids("offers", Query(filters={"structure": ("Impulse",)})) == [c]
    assert cat.ids("offers", Query(filters={"sectors": ("",)})) == [c]
    assert dict(cat.facets("offers", "need")) == {"funding": 1, "training": 1, "support": 1}
    # A facet ignores its own filter but honours the others.
    q = Query(filters={"need": ("funding",), "structure": ("Marseille Innovation",)})
    assert dict(cat.facets("offers", "need", q)) == {"funding": 1, "training": 1}
    assert dict(cat.facets("offers", "sectors")) == {"Santé": 1, "Numérique": 1, "Mer": 1}
    assert cat.count("offers", Query(filters={"need": ("funding",)})) == 1
    assert [r["id"] for r in cat.rows("offers", [c, a])] == [c, a]


def test_reference_lists_grow_with_the_entries(cat: Catalogue) -> None:
    cat.add_reference("site", "Technopôle de l'Arbois")
    cat.create("offers", {**OFFER, "site": "Belle de Mai"})
    assert cat.references("site") == ["Belle de Mai", "Technopôle de l'Arbois"]
    assert cat.references("sector") == ["Numérique", "Santé"]


def test_settings_travel_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Catalogue.new(path) as c:
        c.save_settings(c.settings().with_values(offer_stale_days=200))
    with Catalogue.open(path) as c:
        assert c.settings().offer_stale_days == 200
        assert c.settings().engaged_stale_days == 180


def test_schema_version_wal_and_foreign_keys(cat: Catalogue) -> None:
    assert cat.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert cat.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cat.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_newer_catalogue_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    Catalogue.new(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(KnownError, match="plus récente|newer"):
        Catalogue.open(path)


def test_old_catalogue_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    Catalogue.new(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")  # as if written before the version was recorded
    with Catalogue.open(path) as c:
        assert c.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("content", [b"", b"hello, I am a text file\n", b"PK\x03\x04not really a zip"])
def test_non_catalogue_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(content)
    with pytest.raises(KnownError, match="pas un catalogue|not a StewardDesk catalogue"):
        Catalogue.open(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(KnownError, match="pas un catalogue|not a StewardDesk catalogue"):
        Catalogue.open(path)


def test_missing_file_and_existing_target(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="introuvable|not found"):
        Catalogue.open(tmp_path / "nope.sqlite")
    Catalogue.new(tmp_path / "c.sqlite").close()
    with pytest.raises(KnownError, match="existe déjà|already exists"):
        Catalogue.new(tmp_path / "c.sqlite")


def test_bulk_update_is_one_transaction(cat: Catalogue) -> None:
    ids = [
        cat.create("actions", {"title": f"Action {i}", "status": "to_define"}).created[0] for i in range(50)
    ]
    changes = cat.update_many("actions", ids, {"status": "engaged", "term": "short"})
    assert set(changes.updated) == set(ids)
    assert cat.count("actions", Query(filters={"status": ("engaged",)})) == 50
    with pytest.raises(InvalidValue):
        cat.update_many("actions", ids, {"status": "nope"})
    assert cat.count("actions", Query(filters={"status": ("engaged",)})) == 50


def test_delete_keeps_last_values_in_the_journal(cat: Catalogue) -> None:
    (offer_id,) = cat.create("offers", OFFER).created
    cat.delete("offers", offer_id)
    assert cat.total("offers") == 0
    last = cat.history("offers", offer_id)[0]
    assert last.op == "delete" and last.old["title"] == OFFER["title"]


def test_changing_an_offers_structure(cat: Catalogue) -> None:
    (offer_id,) = cat.create("offers", OFFER).created
    changes = cat.update("offers", offer_id, {"structure": "Impulse"})
    assert changes.fields == {"structure"} and changes.structures
    assert cat.get("offers", offer_id)["structure"] == "Impulse"
    assert cat.ids("offers", Query(text="impulse")) == [offer_id]
    (last,) = cat.history("offers", offer_id)[:1]
    assert (last.field, last.old, last.new) == ("structure", "Marseille Innovation", "Impulse")
    cat.update("offers", offer_id, {"structure": None})
    assert cat.get("offers", offer_id)["structure"] is None


def test_ids_of_deleted_entries_are_never_reused(cat: Catalogue) -> None:
    first = cat.create("offers", OFFER).created[0]
    cat.delete("offers", first)
    second = cat.create("offers", OFFER).created[0]
    assert second != first
    assert [h.op for h in cat.history("offers", second)] == ["create"]


def test_snooze_hides_from_the_queue_and_undoes_exactly(cat: Catalogue) -> None:
    from stewarddesk.catalogue import journal

    (offer_id,) = cat.create("offers", {**OFFER, "reviewed": "2020-01-01"}).created
    queue = Query(flags=("stale",), hide_snoozed=True, as_of=dt.date(2026, 3, 2), sort="review_age")
    assert cat.ids("offers", queue) == [offer_id]
    first = cat.snooze("offers", [offer_id], dt.date(2026, 4, 1), "attente du partenaire")
    assert cat.ids("offers", queue) == []
    assert cat.ids("offers", queue.with_(as_of=dt.date(2026, 4, 1))) == [offer_id]  # the day it ends
    second = cat.snooze("offers", [offer_id], dt.date(2026, 5, 1), "relancé")
    cat.revert(journal.entries(cat.conn, second.journal_ids))
    assert cat.get("offers", offer_id)["snoozed_until"] == "2026-04-01"
    review = cat.mark_reviewed("offers", [offer_id], dt.date(2026, 3, 2))
    assert cat.get("offers", offer_id)["snoozed_until"] is None
    cat.revert(journal.entries(cat.conn, review.journal_ids))  # undoing the review brings the snooze back
    entry = cat.get("offers", offer_id)
    assert (entry["snoozed_until"], entry["snooze_reason"], entry["reviewed"]) == (
        "2026-04-01",
        "attente du partenaire",
        "2020-01-01",
    )
    cat.revert(journal.entries(cat.conn, first.journal_ids))
    assert cat.get("offers", offer_id)["snoozed_until"] is None
    cat.snooze("offers", [offer_id], dt.date(2026, 4, 1), "x")
    cat.unsnooze("offers", [offer_id])
    assert cat.ids("offers", queue) == [offer_id]


def test_undoing_a_snooze_changed_since_is_refused_by_name(cat: Catalogue) -> None:
    from stewarddesk.catalogue import journal

    (offer_id,) = cat.create("offers", {**OFFER, "reviewed": "2020-01-01"}).created
    first = cat.snooze("offers", [offer_id], dt.date(2026, 4, 1), "attente du partenaire")
    cat.snooze("offers", [offer_id], dt.date(2026, 5, 1), "relancé")
    with pytest.raises(KnownError) as refused:
        cat.revert(journal.entries(cat.conn, first.journal_ids))
    title = cat.get("offers", offer_id)["title"]
    assert str(refused.value) == f"« {title} » a été reportée ou revue depuis. Rien n'a été annulé."
    assert cat.get("offers", offer_id)["snoozed_until"] == "2026-05-01"


def test_review_age_puts_never_reviewed_entries_by_their_creation(cat: Catalogue) -> None:
    old = cat.create("offers", {**OFFER, "title": "A", "reviewed": "2025-01-01"}).created[0]
    never = cat.create("offers", {**OFFER, "title": "B", "reviewed": None}).created[0]  # created 2026-03-02
    older = cat.create("offers", {**OFFER, "title": "C", "reviewed": "2024-01-01"}).created[0]
    assert cat.ids("offers", Query(sort="review_age")) == [older, old, never]


def test_a_structure_name_is_one_structure_whatever_its_spelling(cat: Catalogue) -> None:
    impulse = cat.create_structure({"name": "Impulse"})
    cisam = cat.create_structure({"name": "CISAM"})
    with pytest.raises(KnownError) as taken:
        cat.create_structure({"name": "IMPULSE"})
    assert str(taken.value).startswith(f"Une structure s'appelle déjà « Impulse » (n° {impulse}) : ")
    with pytest.raises(KnownError, match="Fusionner les structures"):
        cat.update("structures", cisam, {"name": "impulse"})  # a rename onto another's name
    assert cat.get("structures", cisam)["name"] == "CISAM"
    cat.update("structures", impulse, {"name": "IMPULSE"})  # its own name, spelled otherwise: fine
    cat.archive("structures", [impulse])
    with pytest.raises(KnownError, match="Une structure archivée s'appelle déjà « IMPULSE »"):
        cat.create_structure({"name": "Impulse"})


@pytest.mark.parametrize(
    ("kind", "name"),
    [(kind, f.name) for kind in ("offers", "actions") for f in FIELDS[kind] if f.vocab is not None],
)
def test_every_vocabulary_field_filters_on_each_of_its_codes(
    cat: Catalogue, kind: EntryKind, name: str
) -> None:
    spec = field(kind, name)
    assert spec.vocab is not None
    codes = vocab.codes(spec.vocab)
    ids = {
        code: cat.create(
            kind, {"title": f"Entrée {code}", name: [code] if spec.type == "codes" else code}
        ).created[0]
        for code in codes
    }
    blank = cat.create(kind, {"title": "Sans valeur"}).created[0]
    everything = Query(include_archived=True)
    for code in codes:
        expected = {ids[code]}
        if (kind, name, code) == ("offers", "status", "active"):
            expected.add(blank)  # an offer's status defaults to active
        assert set(cat.ids(kind, everything.with_(filters={name: (code,)}))) == expected, code
    assert set(cat.ids(kind, everything.with_(filters={name: codes[:2]}))) >= {ids[codes[0]], ids[codes[1]]}
    if (kind, name) != ("offers", "status"):
        assert cat.ids(kind, everything.with_(filters={name: ("",)})) == [blank]  # « (vide) »


def test_filters_by_structure_site_sector_and_flag(cat: Catalogue) -> None:
    arbois = cat.create(
        "offers", {"title": "A", "structure": "Impulse", "site": "Technopôle de l'Arbois", "sectors": ["Mer"]}
    ).created[0]
    luminy = cat.create(
        "offers",
        {
            "title": "B",
            "structure": "CISAM",
            "site": "Technopôle de Luminy",
            "email": "x@y.fr",
            "reviewed": "2026-03-01",
        },
    ).created[0]
    assert cat.ids("offers", Query(filters={"site": ("Technopôle de Luminy",)})) == [luminy]
    assert cat.ids("offers", Query(filters={"sectors": ("Mer",)})) == [arbois]
    assert cat.ids("offers", Query(filters={"structure": ("CISAM",)})) == [luminy]
    assert cat.ids("offers", Query(flags=("incomplete",), as_of=dt.date(2026, 3, 2))) == [arbois]
    carried = cat.create("actions", {"title": "C", "carriers": ["CISAM", "Impulse"]}).created[0]
    cat.create("actions", {"title": "D", "carriers": []})
    assert cat.ids("actions", Query(filters={"carriers": ("Impulse",)})) == [carried]
    assert cat.ids("structures", Query(filters={"site": ("Technopôle de l'Arbois",)})) == []


def test_search_index_follows_every_write(cat: Catalogue) -> None:
    (offer_id,) = cat.create("offers", {**OFFER, "description": "hébergement des ICC"}).created
    assert cat.ids("offers", Query(text="hebergement")) == [offer_id]
    cat.update("offers", offer_id, {"title": "Incubateur", "description": "accompagnement"})
    assert cat.ids("offers", Query(text="honneur")) == []  # the old title is gone from the index
    assert cat.ids("offers", Query(text="hebergement")) == []
    assert cat.ids("offers", Query(text="incub accomp")) == [offer_id]
    cat.archive("offers", [offer_id])
    assert cat.ids("offers", Query(text="incub")) == []
    assert cat.ids("offers", Query(text="incub", include_archived=True)) == [offer_id]
    cat.delete("offers", offer_id)
    assert cat.ids("offers", Query(text="incub", include_archived=True)) == []
    assert cat.conn.execute("SELECT count(*) FROM offers_fts").fetchone()[0] == 0


def test_a_failure_in_the_middle_of_a_bulk_edit_undoes_the_rows_already_written(cat: Catalogue) -> None:
    """Not a value refused before writing: SQLite itself fails on the 30th row of 50, after 29 rows, their
    journal and their search index were written; the transaction takes every one of them back."""
    ids = [
        cat.create("actions", {"title": f"Action {i}", "status": "to_define"}).created[0] for i in range(50)
    ]
    journal_rows = cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    cat.conn.execute(
        f"CREATE TEMP TRIGGER fail_30th BEFORE UPDATE ON actions WHEN NEW.id = {ids[29]} "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk trouble"):
        cat.update_many("actions", ids, {"status": "engaged", "title": "Renommée"})
    assert cat.count("actions", Query(filters={"status": ("engaged",)})) == 0
    assert cat.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal_rows
    assert cat.ids("actions", Query(text="renommee")) == []
    assert not cat.conn.in_transaction
    cat.conn.execute("DROP TRIGGER fail_30th")
    assert cat.update_many("actions", ids, {"status": "engaged"}).updated == tuple(ids)  # usable afterwards
