"""Vocabularies: DESIGN.md's codes and labels, and recognition of what partners type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stewarddesk import i18n
from stewarddesk.errors import KnownError
from stewarddesk.fields import FIELDS
from stewarddesk.i18n import Lang
from stewarddesk.vocab import (
    VOCABULARIES,
    UnknownValue,
    codes,
    fold,
    label,
    label_or_code,
    normalise,
    normalise_many,
)


@pytest.fixture
def lang() -> Iterator[None]:
    """Lets a test call i18n.set_language; the process language is restored afterwards."""
    yield
    i18n.set_language(None)


# DESIGN.md, "Domain": codes and French labels, exactly.
DESIGN = {
    "action_status": [
        ("to_define", "À définir"),
        ("to_specify", "À préciser"),
        ("to_start", "À engager"),
        ("engaged", "Engagée"),
        ("done", "Réalisée"),
        ("dropped", "Abandonnée"),
    ],
    "term": [
        ("short", "Court terme"),
        ("medium", "Moyen terme"),
        ("long", "Long terme"),
        ("medium_long", "Moyen/long terme"),
    ],
    "carrier_type": [
        ("metropole", "Métropole"),
        ("ecosystem", "Acteurs de l'écosystème"),
        ("mixed", "Mixte (collective)"),
    ],
    "need": [
        ("orientation", "Orientation / information"),
        ("support", "Accompagnement"),
        ("funding", "Financement"),
        ("hosting", "Hébergement"),
        ("recruitment", "Recrutement / RH"),
        ("research", "Lien recherche / laboratoires"),
        ("international", "International"),
        ("network", "Mise en réseau / événements"),
        ("training", "Formation"),
        ("prototyping", "Prototypage / fab lab"),
    ],
    "stage": [
        ("idea", "Émergence"),
        ("creation", "Création"),
        ("growth", "Croissance"),
        ("scale", "Hypercroissance"),
    ],
    "offer_status": [
        ("active", "Active"),
        ("suspended", "Suspendue"),
        ("archived", "Archivée"),
    ],
}

UNKNOWN = "unknown"

# Every vocabulary value typed in the partner fixtures (shared/fixtures/partners, from generate.py), with
# its file, as a single-valued cell: (vocabulary, raw cell text, expected code or UNKNOWN).
FIXTURE_SINGLE = [
    # amft_actions_innov_provence.xlsx
    ("action_status", "Engagée", "engaged"),
    ("action_status", "engagee", "engaged"),
    ("action_status", "En cours", "engaged"),
    ("action_status", "À engager", "to_start"),
    ("action_status", "À définir", "to_define"),
    ("action_status", "A définir", "to_define"),
    ("action_status", "A preciser", "to_specify"),
    ("action_status", "Réalisée", "done"),
    ("action_status", "En pause", UNKNOWN),
    ("term", "CT", "short"),
    ("term", "court-terme", "short"),
    ("term", "Court terme", "short"),
    ("term", "MT", "medium"),
    ("term", "Moyen/long terme", "medium_long"),
    ("term", "LT", "long"),
    ("carrier_type", "Métropole", "metropole"),
    ("carrier_type", "METROPOLE", "metropole"),
    ("carrier_type", "Acteurs de l\u2019écosystème", "ecosystem"),
    ("carrier_type", "ecosystem", "ecosystem"),
    ("carrier_type", "collective", "mixed"),
    ("carrier_type", "Mixte", "mixed"),
    ("carrier_type", "mixed", "mixed"),
    # medinsoft_revue_actions_2025.xlsx
    ("action_status", "engagée", "engaged"),
    ("action_status", "À préciser", "to_specify"),
    ("action_status", "Abandonnée", "dropped"),
    ("action_status", "voir avec la Métropole", UNKNOWN),
    ("term", "Moyen terme", "medium"),
    ("term", "Long terme", "long"),
    ("carrier_type", "Acteurs de l'écosystème", "ecosystem"),
    ("carrier_type", "Mixte (collective)", "mixed"),
    # amu_amidex_actions_2024.xlsx
    ("action_status", "réalisée", "done"),
    ("action_status", "ABANDONNÉE", "dropped"),
    ("action_status", "to_start", "to_start"),
    ("action_status", "Réalisé à 50 %", UNKNOWN),
    ("term", "court terme", "short"),
    ("term", "Moyen terme  ", "medium"),
    ("term", "moyen / long terme", "medium_long"),
    ("carrier_type", "acteurs de l'ecosysteme", "ecosystem"),
    ("carrier_type", "Metropole", "metropole"),
    ("carrier_type", "mixte (collective)", "mixed"),
    # marseille_innovation_offres_2024.xlsx
    ("need", "Hébergement", "hosting"),
    ("need", "hébergement", "hosting"),
    ("need", "Financement", "funding"),
    ("need", "Accompagnement", "support"),
    ("need", "Mise en réseau", "network"),
    ("need", "International", "international"),
    ("need", "Recrutement", "recruitment"),
    ("need", "orientation", "orientation"),
    ("need", "Juridique", UNKNOWN),
    # impulse_offres_2024.csv
    ("need", "Lien recherche", "research"),
    ("need", "Formation", "training"),
    ("need", "Prototypage", "prototyping"),
    # technopole_arbois_offres.ods
    ("need", "Prototypage / fab lab", "prototyping"),
    ("need", "Lien recherche / laboratoires", "research"),
    ("offer_status", "Active", "active"),
    ("offer_status", "active", "active"),
    ("offer_status", "suspendue", "suspended"),
    ("offer_status", "Archivée", "archived"),
    ("offer_status", "En sommeil", UNKNOWN),
    # banques_innov_financement.xlsx
    ("offer_status", "Suspendue", "suspended"),
    ("need", "Autre", UNKNOWN),
    # cisam_offres_2023.xls (and its hidden « Listes » sheet)
    ("need", "fab lab", "prototyping"),
    ("need", "INTERNATIONAL", "international"),
]

# The multi-valued cells (stages) of the partner fixtures: (raw cell text, expected codes or UNKNOWN).
FIXTURE_STAGES = [
    # marseille_innovation_offres_2024.xlsx
    ("Création, Croissance", ["creation", "growth"]),
    ("Création", ["creation"]),
    ("Croissance / hyper-croissance", ["growth", "scale"]),
    ("Émergence", ["idea"]),
    ("Création; Croissance", ["creation", "growth"]),
    ("Croissance", ["growth"]),
    ("Croissance; Hypercroissance", ["growth", "scale"]),
    ("Émergence, Création", ["idea", "creation"]),
    # impulse_offres_2024.csv
    ("Emergence, Création", ["idea", "creation"]),
    ("émergence", ["idea"]),
    ("creation", ["creation"]),
    ("Étudiants", UNKNOWN),
    # banques_innov_financement.xlsx
    ("Création; Croissance; Hypercroissance", ["creation", "growth", "scale"]),
    # cisam_offres_2023.xls
    ("Création\nCroissance", ["creation", "growth"]),
    ("Croissance\nHypercroissance", ["growth", "scale"]),
    ("Émergence\nCréation", ["idea", "creation"]),
]

# The other common variants the importers must accept (beyond the fixtures).
VARIANTS = [
    ("term", "MLT", "medium_long"),
    ("term", "Moyen-long terme", "medium_long"),
    ("term", "MT/LT", "medium_long"),
    ("term", "mt / lt", "medium_long"),
    ("term", "Moyen et long terme", "medium_long"),
    ("term", "moyen à long terme", "medium_long"),
    ("carrier_type", "Collectif", "mixed"),
    ("carrier_type", "collectivement", "mixed"),
    ("term", "medium_long", "medium_long"),
    ("term", "Short term", "short"),
    ("action_status", "A préciser", "to_specify"),
    ("action_status", "Réalisé", "done"),
    ("action_status", "Abandonné", "dropped"),
    ("action_status", "engaged", "engaged"),
    ("action_status", "In progress", "engaged"),
    ("action_status", "to-define", "to_define"),
    ("carrier_type", "écosystème", "ecosystem"),
    ("carrier_type", "Acteurs de l`écosystème", "ecosystem"),
    ("carrier_type", "Mixte ( collective )", "mixed"),
    ("need", "Recrutement / RH", "recruitment"),
    ("need", "Recrutement/RH", "recruitment"),
    ("need", "RH", "recruitment"),
    ("need", "Mise en réseau / événements", "network"),
    ("need", "événements", "network"),
    ("need", "laboratoires", "research"),
    ("need", "Orientation / information", "orientation"),
    ("need", "information", "orientation"),
    ("need", "ORIENTATION", "orientation"),
    ("need", "Prototypage/Fab-lab", "prototyping"),
    ("need", "ecosystem", UNKNOWN),  # a code of another vocabulary
    ("stage", "Emergence", "idea"),
    ("stage", "Hypercroissance", "scale"),
    ("stage", "hyper croissance", "scale"),
    ("stage", "Scale-up", "scale"),
    ("offer_status", "ARCHIVEE", "archived"),
    ("offer_status", "Suspendu", "suspended"),
]

# Values that look close but must never be guessed: the row is rejected.
MUST_STAY_UNKNOWN = [
    "Juridique",
    "Autre",
    "Étudiants",
    "En sommeil",
    "En pause",
    "voir avec la Métropole",
    "Réalisé à 50 %",
    "xyz",
    "-",
    "Moyen",
    "Terme",
    "Engag",
]


@pytest.mark.parametrize(("vocab", "raw", "expected"), FIXTURE_SINGLE + VARIANTS)
def test_recognised_single_values(vocab: str, raw: str, expected: str) -> None:
    if expected == UNKNOWN:
        with pytest.raises(UnknownValue) as info:
            normalise(vocab, raw)
        assert (info.value.vocab, info.value.raw) == (vocab, raw.strip())
    else:
        assert normalise(vocab, raw) == expected
        # a single value is also a one-element list
        assert normalise_many(vocab, raw) == [expected]


@pytest.mark.parametrize(("raw", "expected"), FIXTURE_STAGES)
def test_fixture_stage_cells(raw: str, expected: list[str] | str) -> None:
    if expected == UNKNOWN:
        with pytest.raises(UnknownValue) as info:
            normalise_many("stage", raw)
        assert info.value.raw == raw
    else:
        assert normalise_many("stage", raw) == expected


@pytest.mark.parametrize("vocab", sorted(VOCABULARIES))
@pytest.mark.parametrize("raw", MUST_STAY_UNKNOWN)
def test_near_misses_stay_unknown_in_every_vocabulary(vocab: str, raw: str) -> None:
    with pytest.raises(UnknownValue):
        normalise(vocab, raw)
    with pytest.raises(UnknownValue):
        normalise_many(vocab, raw)


def test_codes_and_french_labels_are_designs() -> None:
    assert set(VOCABULARIES) == set(DESIGN)
    for vocab, pairs in DESIGN.items():
        assert [(t.code, t.fr) for t in VOCABULARIES[vocab]] == pairs
        assert codes(vocab) == tuple(code for code, _ in pairs)
    assert len(codes("need")) == 10


@pytest.mark.parametrize("vocab", sorted(VOCABULARIES))
def test_every_code_has_distinct_non_empty_labels(vocab: str) -> None:
    terms = VOCABULARIES[vocab]
    for attr in ("code", "fr", "en"):
        values = [getattr(t, attr) for t in terms]
        assert all(v.strip() == v and v for v in values), (attr, values)
        assert len({fold(v) for v in values}) == len(values), (attr, values)
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", t.code) for t in terms)


def test_fields_name_existing_vocabularies() -> None:
    used = {f.vocab for fields in FIELDS.values() for f in fields if f.vocab}
    assert used == set(VOCABULARIES)


def test_label_follows_language(lang: None) -> None:
    assert label("action_status", "engaged", "fr") == "Engagée"
    assert label("action_status", "engaged", "en") == "In progress"
    i18n.set_language("en")
    assert label("stage", "scale") == "Scale-up"
    i18n.set_language("fr")
    assert label("stage", "scale") == "Hypercroissance"
    assert label("carrier_type", "mixed") == "Mixte (collective)"


def test_label_of_unknown_code_or_vocabulary() -> None:
    with pytest.raises(KeyError):
        label("term", "eternal", "fr")
    with pytest.raises(KeyError):
        label("colour", "red", "fr")
    with pytest.raises(KeyError):
        codes("colour")
    assert label_or_code("term", "eternal", "fr") == "eternal"
    assert label_or_code("colour", "red", "fr") == "red"
    assert label_or_code("term", "medium_long", "fr") == "Moyen/long terme"
    assert label_or_code("term", "medium_long", "en") == "Medium/long term"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  Acteurs de l\u2019Écosystème ", "acteurs de l'ecosysteme"),
        ("l\u2018x l\u02bcy", "l'x l'y"),
        ("Acteurs de l\u00b4écosystème", "acteurs de l'ecosysteme"),  # an acute accent typed as apostrophe
        ("court-terme", "court terme"),
        ("court\u2013terme — x\u2010y\u2011z", "court terme x y z"),
        ("medium_long", "medium long"),
        ("\u00a0Moyen\u00a0\u00a0terme\n\r\t", "moyen terme"),
        ("Moyen\u202fterme", "moyen terme"),
        ("ÉMERGENCE", "emergence"),
        ("Straße", "strasse"),
        ("hyper\u00adcroissance", "hypercroissance"),  # soft hyphen is invisible
        ("\ufeffActive\u200b", "active"),
        ("Moyen/long terme", "moyen/long terme"),
        ("", ""),
        (" \n ", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip()
    assert "  " not in once


@pytest.mark.parametrize("vocab", sorted(VOCABULARIES))
def test_empty_is_not_an_error(vocab: str) -> None:
    for raw in ("", "   ", "\u00a0", "\n\t", " \u00a0\r\n"):
        assert normalise(vocab, raw) is None
        assert normalise_many(vocab, raw) == []


def test_extra_mapping_is_consulted_first() -> None:
    profile = {"Autre": "support", "Juridique ": "Accompagnement", "  CT": "long", "Divers": "nonsense"}
    assert normalise("need", "autre", profile) == "support"
    assert normalise("need", "JURIDIQUE", profile) == "support"  # target given as a label
    assert normalise("term", "ct", profile) == "long"  # the profile wins over the built-in variant
    assert normalise("need", "Financement", profile) == "funding"  # the rest still works
    with pytest.raises(UnknownValue):
        normalise("need", "Divers", profile)  # a target naming nothing is not guessed at
    assert normalise_many("need", "Autre; Financement / juridique", profile) == ["support", "funding"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Création;Croissance", ["creation", "growth"]),
        ("Création ; Croissance ;", ["creation", "growth"]),
        ("Création,Croissance", ["creation", "growth"]),
        ("Création/Croissance", ["creation", "growth"]),
        ("Création\r\nCroissance", ["creation", "growth"]),
        ("Création\n\nCroissance\n", ["creation", "growth"]),
        ("Croissance; croissance; CROISSANCE", ["growth"]),
        ("Hypercroissance, Émergence, Création", ["scale", "idea", "creation"]),
        ("Création; Croissance / Hypercroissance, Création", ["creation", "growth", "scale"]),
        (";;", []),
    ],
)
def test_normalise_many_splits(raw: str, expected: list[str]) -> None:
    assert normalise_many("stage", raw) == expected


def test_normalise_many_keeps_labels_with_a_slash_whole() -> None:
    assert normalise_many("term", "Moyen/long terme") == ["medium_long"]
    assert normalise_many("term", "moyen / long terme") == ["medium_long"]
    assert normalise_many("need", "Mise en réseau / événements") == ["network"]
    assert normalise_many("need", "Mise en réseau / événements; Formation") == ["network", "training"]
    assert normalise_many("need", "Recrutement / RH\nLien recherche / laboratoires") == [
        "recruitment",
        "research",
    ]
    assert normalise_many("need", "Recrutement / Formation") == ["recruitment", "training"]
    assert normalise_many("term", "CT / MT") == ["short", "medium"]


def test_normalise_many_names_the_first_bad_part() -> None:
    with pytest.raises(UnknownValue) as info:
        normalise_many("stage", "Création; Étudiants; xyz")
    assert (info.value.vocab, info.value.raw) == ("stage", "Étudiants")
    with pytest.raises(UnknownValue) as info:
        normalise_many("stage", "Création / Lycéens ,Croissance")
    assert info.value.raw == "Lycéens"


def test_unknown_value_message_in_french(lang: None) -> None:
    i18n.set_language("fr")
    with pytest.raises(UnknownValue) as info:
        normalise("action_status", "xyz")
    assert isinstance(info.value, KnownError)
    assert str(info.value) == (
        "statut « xyz » inconnu ; valeurs possibles : "
        "À définir, À préciser, À engager, Engagée, Réalisée, Abandonnée"
    )
    with pytest.raises(UnknownValue) as info:
        normalise("term", "bientôt")
    assert str(info.value) == (
        "temporalité « bientôt » inconnue ; valeurs possibles : "
        "Court terme, Moyen terme, Long terme, Moyen/long terme"
    )


def test_unknown_value_message_in_english(lang: None) -> None:
    i18n.set_language("en")
    with pytest.raises(UnknownValue) as info:
        normalise("need", " Juridique ")
    # the allowed values in the user's language, as `export --status` lists them (the import reads both)
    assert str(info.value) == (
        "unknown need “Juridique”; allowed values: Guidance / information, Support, Funding, Hosting, "
        "Recruitment / HR, Research / laboratory links, International, Networking / events, Training, "
        "Prototyping / fab lab"
    )
    assert normalise("need", "Research / laboratory links") == "research"
    assert info.value.raw == "Juridique"


def test_unknown_value_message_is_one_short_line(lang: None) -> None:
    i18n.set_language("fr")
    raw = "une très longue explication\nsur plusieurs lignes " * 20
    with pytest.raises(UnknownValue) as info:
        normalise("offer_status", raw)
    message = str(info.value)
    assert "\n" not in message
    assert "« une très longue explication sur plusieurs" in message
    assert "… » inconnu" in message
    assert len(message) < 200
    assert info.value.raw == raw.strip()


def test_unknown_messages_have_the_same_placeholders() -> None:
    messages = [m for key, m in i18n.all_messages().items() if key.startswith("vocab.")]
    assert len(messages) == len(VOCABULARIES)
    for m in messages:
        assert m.placeholders("fr") == m.placeholders("en") == {"raw", "allowed"}


@pytest.mark.parametrize("lang_", ["fr", "en"])
@pytest.mark.parametrize("vocab", sorted(VOCABULARIES))
def test_labels_round_trip(vocab: str, lang_: Lang) -> None:
    for code in codes(vocab):
        shown = label(vocab, code, lang_)
        assert normalise(vocab, shown) == code
        assert normalise(vocab, shown.upper()) == code
        assert normalise(vocab, code) == code
        assert normalise_many(vocab, shown) == [code]
    # exports join several values with "; ": a re-import gives them back
    joined = "; ".join(label(vocab, c, lang_) for c in codes(vocab))
    assert normalise_many(vocab, joined) == list(codes(vocab))


@given(
    vocab=st.sampled_from(sorted(VOCABULARIES)), raw=st.text(), extra=st.dictionaries(st.text(), st.text())
)
def test_arbitrary_text_raises_only_unknown_value(vocab: str, raw: str, extra: dict[str, str]) -> None:
    for call in (normalise, normalise_many):
        try:
            result = call(vocab, raw, extra)
        except UnknownValue as exc:
            assert exc.vocab == vocab
            assert str(exc)
        else:
            found = result if isinstance(result, list) else [result] if result else []
            assert set(found) <= set(codes(vocab))


@given(
    vocab=st.sampled_from(sorted(VOCABULARIES)),
    data=st.data(),
    sep=st.sampled_from(["; ", ";", ", ", "\n", "\r\n", " ; "]),
)
def test_any_list_of_labels_round_trips(vocab: str, data: st.DataObject, sep: str) -> None:
    chosen = data.draw(st.lists(st.sampled_from(codes(vocab)), min_size=1, max_size=6))
    langs = data.draw(st.lists(st.sampled_from(i18n.LANGUAGES), min_size=len(chosen), max_size=len(chosen)))
    raw = sep.join(label(vocab, c, lg) for c, lg in zip(chosen, langs, strict=True))
    assert normalise_many(vocab, raw) == list(dict.fromkeys(chosen))


PARTNERS = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "partners"


@pytest.mark.skipif(not PARTNERS.is_dir(), reason=f"shared fixtures absent ({PARTNERS})")
def test_the_lists_above_hold_every_vocabulary_cell_of_the_partner_fixtures() -> None:
    """Read each fixture as the import does (its sheet, its header row, its columns' fields) and check
    that every text in a vocabulary column is one of the cases above, so a new variant in the fixtures
    cannot go untested."""
    from stewarddesk.importing.header import find_header
    from stewarddesk.importing.read import choose_sheet, open_workbook, read_all
    from stewarddesk.importing.safety import UnreadableFile

    listed = {raw for _, raw, _ in FIXTURE_SINGLE} | {raw for raw, _ in FIXTURE_STAGES}
    vocab_fields = {(kind, f.name) for kind, fs in FIELDS.items() for f in fs if f.vocab is not None}
    seen: dict[str, set[str]] = {}
    for path in sorted(PARTNERS.iterdir()):
        if path.suffix not in (".xlsx", ".xls", ".ods", ".csv"):
            continue
        try:
            wb = open_workbook(path)
        except UnreadableFile:
            continue  # the fixtures' two unusable files
        with wb:
            rows = read_all(wb, choose_sheet(wb, None))
        header = find_header(rows, None)
        assert header.kind is not None
        # A section line merged across the sheet (« B. Des parcs technopolitains… ») is no entry.
        data = [r for r in rows[header.index + 1 :] if len({v for v in r.values if v not in (None, "")}) > 1]
        for col, name in header.columns.items():
            if (header.kind, name) in vocab_fields:
                cells = {r.values[col] for r in data if col < len(r.values) and r.values[col]}
                seen.setdefault(path.name, set()).update(c for c in cells if isinstance(c, str) and c.strip())
    assert len(seen) == 8, sorted(seen)  # every usable fixture has vocabulary columns
    missing = {name: sorted(cells - listed) for name, cells in seen.items() if cells - listed}
    assert not missing, missing
