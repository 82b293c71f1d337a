"""The sample catalogue (sample_db/catalogue.sqlite): rebuilt identically by its script, big enough, true to
the roadmap text, and showing every kind of flag in the review queue as of 2026-11-21.

The committed file is only ever read from a copy, so the tests never leave -wal/-shm files in the checkout.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue, Entry, FlagKind, Query, flags_for
from stewarddesk.fields import EntryKind, Kind, export_columns

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_db"
COMMITTED = SAMPLE_DIR / "catalogue.sqlite"
AS_OF = dt.date(2026, 11, 21)
FTS_SHADOW = ("_data", "_idx", "_content", "_docsize", "_config")


def _build(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SAMPLE_DIR / "build.py"), str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def _content(path: Path) -> dict[str, Any]:
    """Everything a catalogue holds, table by table, independent of SQLite's page layout.

    FTS5 shadow tables are compared through their virtual table's rows, not their internal segments, so a
    different SQLite build on another machine does not make an identical catalogue look different.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        content: dict[str, Any] = {
            "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
            "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        }
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='table' ORDER BY name"
        ).fetchall()
        for name, sql in tables:
            if name.startswith("sqlite_") or (name.endswith(FTS_SHADOW) and "_fts_" in name):
                continue
            rows = conn.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid').fetchall()
            content[name] = (sql, rows)
        content["indexes"] = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' ORDER BY name"
        ).fetchall()
        return content
    finally:
        conn.close()


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Catalogue]:
    copy = tmp_path / "sample.sqlite"
    shutil.copyfile(COMMITTED, copy)
    cat = Catalogue.open(copy)
    yield cat
    cat.close()


def _all(cat: Catalogue, kind: Kind) -> list[Entry]:
    # Structures have no title: their natural sort is the name.
    query = Query(include_archived=True, sort="name" if kind == "structures" else "title")
    return cat.rows(kind, cat.ids(kind, query))


def _action(cat: Catalogue, words: str) -> Entry:
    """The one action whose title contains `words` (accents and case ignored)."""
    found = [a for a in _all(cat, "actions") if vocab.fold(words) in vocab.fold(a["title"])]
    assert len(found) == 1, [a["title"] for a in found]
    return found[0]


def _offers(cat: Catalogue, words: str) -> list[Entry]:
    return [o for o in _all(cat, "offers") if vocab.fold(words) in vocab.fold(o["title"])]


# ---------------------------------------------------------------------------------------- the build


def test_committed_file_is_self_contained() -> None:
    assert COMMITTED.is_file()
    assert not Path(f"{COMMITTED}-wal").exists()
    assert not Path(f"{COMMITTED}-shm").exists()


def test_rebuild_gives_the_committed_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.sqlite"
    _build(out)
    assert _content(out) == _content(COMMITTED)
    # Byte for byte too, with the SQLite that wrote the committed file (its version is in the header,
    # offset 96): another SQLite may lay the same rows out in other pages.
    major, minor, patch = sqlite3.sqlite_version_info
    if int.from_bytes(COMMITTED.read_bytes()[96:100], "big") == major * 1_000_000 + minor * 1_000 + patch:
        assert out.read_bytes() == COMMITTED.read_bytes()


def test_rebuild_replaces_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.sqlite"
    out.write_bytes(b"not a catalogue at all")
    _build(out)
    _build(out)
    assert _content(out) == _content(COMMITTED)


def test_journal_uses_the_fixed_clock_and_user(sample: Catalogue) -> None:
    rows = sample.conn.execute("SELECT DISTINCT at, who, source, op FROM journal").fetchall()
    assert rows == [("2026-11-02T09:00:00+01:00", "stewarddesk-sample", "sample", "create")]


# ---------------------------------------------------------------------------------------- the content


def test_sizes(sample: Catalogue) -> None:
    assert sample.total("structures") >= 25
    assert sample.total("offers") >= 15
    actions = _all(sample, "actions")
    assert len(actions) >= 9
    assert all(a["title"] and a["title"].strip() for a in actions)
    assert all(a["code"] for a in actions)
    assert len({a["code"] for a in actions}) == len(actions)


def test_structures_the_seeds_name(sample: Catalogue) -> None:
    names = set(sample.structure_names())
    expected = {
        "Métropole Aix-Marseille-Provence",
        "Aix-Marseille Université",
        "A*MIDEX",
        "Aix Marseille French Tech",
        "Marseille Innovation",
        "Impulse",
        "Medinsoft",
        "CISAM",
        "Technopôle de l'Arbois",
        "Technopôle de Luminy",
        "Technopôle de Château-Gombert",
        "Club Innov Provence",
        # The « Banques Innov » working group, 001: « Banque de France, CEPAC, Crédit Agricole Alpes
        # Provence, CIC, BNP Paribas, Banque Populaire Méditerranée ».
        "Banque de France",
        "CEPAC",
        "Crédit Agricole Alpes Provence",
        "CIC",
        "BNP Paribas",
        "Banque Populaire Méditerranée",
        "CMA CGM",
        "L'Occitane",
        "Le Cloître",
        "La Coque",
        "Accélérateur M",
    }
    assert expected <= names
    # …and every other organisation the seeds name, in the order of the seeds.
    assert {
        # 000: the study's authors; the public forces; the two multinationals.
        "Banque des Territoires",
        "France urbaine",
        "Groupe Patriarche",
        "JLM Conseil",
        "Région Sud",
        "Département des Bouches-du-Rhône",
        "Ville de Marseille",
        "Ville d'Aix-en-Provence",
        # 001: the laboratories' institutions of the mapping action; CISAM+'s design school.
        "CNRS",
        "INSERM",
        "AP-HM",
        "IRD",
        "Centrale Méditerranée",  # « Ecole Centrale Marseille », its former name
        "Sciences-Po Aix",
        "École Condé",
        # 002: the engineering schools and the entrepreneurs' companies at Château-Gombert.
        "Polytech Marseille",
        "Planktovie",
        "Softcell Therapeutics",
        "Dualsun",
        # 003: the forum's organiser; the Belle de Mai media hub. 004: the prize's creator.
        "La Tribune",
        "Pôle média de la Belle de Mai",
        "Commission européenne",
    } <= names
    kinds = {s["name"]: s["kind"] for s in _all(sample, "structures")}
    assert all(kinds.values())
    assert kinds["Impulse"] == "incubateur"
    assert kinds["Accélérateur M"] == "accélérateur"
    assert kinds["Technopôle de Luminy"] == "technopôle"
    assert kinds["BNP Paribas"] == "banque"


def test_no_contact_is_invented(sample: Catalogue) -> None:
    # The seeds give no e-mail, telephone or web address for anyone.
    for s in _all(sample, "structures"):
        assert s["website"] is None and s["contact"] is None
    for o in _all(sample, "offers"):
        assert (o["email"], o["phone"], o["url"]) == (None, None, None)


def test_offers_the_seeds_describe(sample: Catalogue) -> None:
    for words, structure, need in [
        ("Prêt d'honneur", "Marseille Innovation", "funding"),
        ("Dossier unique de financement", "Aix Marseille French Tech", "funding"),
        ("FIDMED", "Medinsoft", "funding"),
        ("Mise en relation entreprises", "CISAM", "research"),
        ("Accélérateur d'entreprises innovantes de CMA CGM", "CMA CGM", "support"),
        ("Accélérateur d'entreprises innovantes de L'Occitane", "L'Occitane", "support"),
        ("Parcours d'innovation de l'accélérateur M", "Accélérateur M", "support"),
        ("Fab-lab des antennes thématiques CISAM+", "Aix-Marseille Université", "prototyping"),
        ("Incubateur Impulse", "Impulse", "support"),
    ]:
        found = _offers(sample, words)
        assert len(found) == 1, words
        assert (found[0]["structure"], found[0]["need"], found[0]["status"]) == (structure, need, "active")
    twelve = _offers(sample, "12/14")
    assert {o["site"] for o in twelve} == {"Technopôle de l'Arbois", "Technopôle de Château-Gombert"}
    assert {o["need"] for o in twelve} == {"network"}
    accelerator_m = _offers(sample, "Parcours d'innovation de l'accélérateur M")[0]
    # 003: « filières d'excellence comme la mer, les industries créatives et l'aménagement urbain ».
    assert set(accelerator_m["sectors"]) == {"Mer", "ICC", "Aménagement urbain"}


def test_reference_lists(sample: Catalogue) -> None:
    sectors = set(sample.references("sector"))
    assert {"Santé", "ICC", "Cleantech / environnement", "Numérique", "Mer", "Industrie"} <= sectors
    sites = set(sample.references("site"))
    assert {
        "Technopôle de l'Arbois",
        "Technopôle de Luminy",
        "Technopôle de Château-Gombert",
        "CISAM",
        "Belle de Mai",
    } <= sites
    for o in _all(sample, "offers"):
        assert set(o["sectors"]) <= sectors
        assert o["site"] is None or o["site"] in sites


def test_carriers_are_catalogued_structures(sample: Catalogue) -> None:
    names = set(sample.structure_names())
    for a in _all(sample, "actions"):
        assert set(a["carriers"]) <= names


# ---------------------------------------------------------------------------------------- the roadmap text


@pytest.mark.parametrize(
    ("words", "carrier_type", "carriers", "term", "status"),
    [
        # 001 « ➔ Action engagée par la Métropole : développement d'un outil digital interactif … »
        ("outil d'orientation", "metropole", ["Métropole Aix-Marseille-Provence"], None, "engaged"),
        # « ➔ Action engagée par Aix-Marseille Université et ses partenaires d'A*MIDEX : cartographie … »
        (
            "Cartographie des compétences",
            "ecosystem",
            ["Aix-Marseille Université", "A*MIDEX"],
            None,
            "engaged",
        ),
        # « ➔ Action collective structurante à engager concrètement à court terme : mise en réseau … »
        ("Mise en réseau des offres", "mixed", [], "short", "to_start"),
        # « ➡ Action collective à définir (moyen terme) : adapter l'offre … »
        ("modularité", "mixed", [], "medium", "to_define"),
        # « ➔ Action engagée portée par Aix Marseille French Tech : le dossier unique de financement … »
        ("Dossier unique financement", "ecosystem", ["Aix Marseille French Tech"], None, "engaged"),
        # Side heading only: « Prêt d'honneur à l'innovation par MI » — no status, no term.
        ("Prêt d'honneur", "ecosystem", ["Marseille Innovation"], None, None),
        # « ➔ Action engagée, portée par Medinsoft : le Financial Innovation Day Méditerranée (FIDMED) … »
        ("FIDMED", "ecosystem", ["Medinsoft"], None, "engaged"),
        # « ➔ Action à moyen/long terme à définir collectivement : fédérer les acteurs locaux … »
        ("Fédérer les acteurs locaux du financement", "mixed", [], "medium_long", "to_define"),
        # « Action de moyen terme à préciser par les acteurs de l'écosystème : développer et rendre … »
        ("accompagnement au recrutement", "ecosystem", [], "medium", "to_specify"),
    ],
)
def test_action_as_the_roadmap_states_it(
    sample: Catalogue,
    words: str,
    carrier_type: str,
    carriers: list[str],
    term: str | None,
    status: str | None,
) -> None:
    action = _action(sample, words)
    assert action["carrier_type"] == carrier_type
    assert action["carriers"] == carriers
    assert action["term"] == term
    assert action["status"] == status
    assert action["orientation"].startswith("A. De l'émergence à la croissance")
    assert action["indicators"] is None  # the roadmap states none


# ---------------------------------------------------------------------------------------- the review queue


def _flag_kinds(cat: Catalogue, kind: EntryKind, entry: Entry) -> set[str]:
    return {f.kind for f in flags_for(kind, entry, cat.settings(), AS_OF)}


def test_every_flag_kind_is_in_the_review_queue(sample: Catalogue) -> None:
    offers = {o["title"]: _flag_kinds(sample, "offers", o) for o in _all(sample, "offers")}
    actions = {a["code"]: (a, _flag_kinds(sample, "actions", a)) for a in _all(sample, "actions")}
    assert any("stale" in f for f in offers.values())
    assert any("incomplete" in f for f in offers.values())
    stale_statuses = {a["status"] for a, f in actions.values() if "stale" in f}
    assert "engaged" in stale_statuses
    assert stale_statuses & {"to_define", "to_specify"}
    assert any("overdue" in f for _, f in actions.values())
    assert any("incomplete" in f for _, f in actions.values())
    # …and plenty of entries are fine.
    assert sum(not f for _, f in actions.values()) >= 3
    assert sum("stale" not in f for f in offers.values()) >= 10


def test_stale_boundary_is_in_the_sample(sample: Catalogue) -> None:
    # Reviewed exactly 365 days before: not stale; 366 days: stale (« more than 365 days »).
    arbois = _offers(sample, "12/14 du Technopôle de l'Arbois")[0]
    nursery = _offers(sample, "Pépinière d'entreprises Marseille Innovation")[0]
    assert (AS_OF - dt.date.fromisoformat(arbois["reviewed"])).days == 365
    assert "stale" not in _flag_kinds(sample, "offers", arbois)
    assert (AS_OF - dt.date.fromisoformat(nursery["reviewed"])).days == 366
    assert "stale" in _flag_kinds(sample, "offers", nursery)


def test_flag_queries_agree_with_flags_for(sample: Catalogue) -> None:
    kinds: tuple[EntryKind, ...] = ("offers", "actions")
    flags: tuple[FlagKind, ...] = ("stale", "overdue", "incomplete")
    for kind in kinds:
        entries = _all(sample, kind)
        for flag in flags:
            by_python = {e["id"] for e in entries if flag in _flag_kinds(sample, kind, e)}
            by_sql = set(sample.ids(kind, Query(flags=(flag,), as_of=AS_OF)))
            assert by_sql == by_python, (kind, flag)


def test_overdue_follows_the_horizons(sample: Catalogue) -> None:
    # Adopted 2022-03-24: short (+1 y) and medium (+3 y) are past on 2026-11-21, medium/long (+5 y) is not.
    assert "overdue" in _flag_kinds(sample, "actions", _action(sample, "Mise en réseau des offres"))
    assert "overdue" in _flag_kinds(sample, "actions", _action(sample, "accompagnement au recrutement"))
    federer = _action(sample, "Fédérer les acteurs locaux du financement")
    assert "overdue" not in _flag_kinds(sample, "actions", federer)
    # No term stated, no horizon: never overdue.
    assert "overdue" not in _flag_kinds(sample, "actions", _action(sample, "FIDMED"))


# ---------------------------------------------------------------------------------------- through the CLI

ORIENTATION_A = (
    "A. De l'émergence à la croissance : accueillir, accompagner et consolider le développement des "
    "entreprises innovantes tout au long de leur parcours"
)
AXIS_1 = "Faciliter les parcours au sein de l'écosystème, rendre les ressources plus lisibles"
AXIS_2 = "Apporter des réponses à des besoins spécifiques"

# What the roadmap seed (001) states for each action, as DESIGN.md's French labels; "" where it is silent.
# (Code, Axe, start of Action, Type de porteur, Porteurs, Temporalité, Statut)
ROADMAP_AS_EXPORTED = [
    # « ➔ Action engagée par la Métropole : développement d'un outil digital interactif … »
    ("A.1.1", AXIS_1, "Développement d'un outil d'orientation", "Métropole",
     "Métropole Aix-Marseille-Provence", "", "Engagée"),
    # « ➔ Action engagée par Aix-Marseille Université et ses partenaires d'A*MIDEX : cartographie … »
    ("A.1.2", AXIS_1, "Cartographie des compétences", "Acteurs de l'écosystème",
     "Aix-Marseille Université; A*MIDEX", "", "Engagée"),
    # « ➔ Action collective structurante à engager concrètement à court terme : mise en réseau … »
    ("A.1.3", AXIS_1, "Mise en réseau des offres", "Mixte (collective)", "", "Court terme", "À engager"),
    # « ➡ Action collective à définir (moyen terme) : adapter l'offre … »
    ("A.2.1", AXIS_2, "Adapter l'offre", "Mixte (collective)", "", "Moyen terme", "À définir"),
    # « ➔ Action engagée portée par Aix Marseille French Tech : le dossier unique de financement … »
    ("A.2.2", AXIS_2, "Dossier unique financement", "Acteurs de l'écosystème", "Aix Marseille French Tech",
     "", "Engagée"),
    # Side heading only: « Prêt d'honneur à l'innovation par MI ».
    ("A.2.3", AXIS_2, "Prêt d'honneur à l'innovation", "Acteurs de l'écosystème", "Marseille Innovation",
     "", ""),
    # « ➔ Action engagée, portée par Medinsoft : le Financial Innovation Day Méditerranée (FIDMED) … »
    ("A.2.4", AXIS_2, "Financial Innovation Day Méditerranée", "Acteurs de l'écosystème", "Medinsoft", "",
     "Engagée"),
    # « ➔ Action à moyen/long terme à définir collectivement : fédérer les acteurs locaux … »
    ("A.2.5", AXIS_2, "Fédérer les acteurs locaux", "Mixte (collective)", "", "Moyen/long terme",
     "À définir"),
    # « Action de moyen terme à préciser par les acteurs de l'écosystème : développer et rendre visible … »
    ("A.2.6", AXIS_2, "Développer et rendre visible", "Acteurs de l'écosystème", "", "Moyen terme",
     "À préciser"),
]  # fmt: skip


def test_cli_export_of_the_sample_actions_states_what_the_roadmap_states(tmp_path: Path) -> None:
    """`stewarddesk init --sample` then `export actions … -o a.csv`: the seed's nine actions, in roadmap
    order, each with the carrier type, carriers, term and status its sentence states, and nothing more."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "fr_FR.UTF-8", "HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    db, out = tmp_path / "c.sqlite", tmp_path / "a.csv"
    for args in (["init", str(db), "--sample"], ["export", "actions", "--db", str(db), "-o", str(out)]):
        result = subprocess.run(
            [sys.executable, "-m", "stewarddesk", *args], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
    header, *rows = csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")
    assert header == export_columns("actions")
    col = {name: header.index(name) for name in header}
    exported = [
        (
            r[col["Code"]],
            r[col["Axe"]],
            r[col["Action"]],
            r[col["Type de porteur"]],
            r[col["Porteurs"]],
            r[col["Temporalité"]],
            r[col["Statut"]],
        )
        for r in rows
    ]
    assert [e[0] for e in exported] == [e[0] for e in ROADMAP_AS_EXPORTED]
    for got, expected in zip(exported, ROADMAP_AS_EXPORTED, strict=True):
        code, axis, title, *stated = expected
        assert got[1] == axis and got[2].startswith(title), got
        assert list(got[3:]) == stated, code
    assert {r[col["Orientation"]] for r in rows} == {ORIENTATION_A}
    assert {r[col["Indicateurs"]] for r in rows} == {""}  # the roadmap states none
