"""The header wordings table: export columns, fixture wordings, one field per wording and kind."""

from __future__ import annotations

import pytest

from stewarddesk.fields import FIELDS, KINDS, EntryKind, export_columns
from stewarddesk.importing.synonyms import HEADER_INDEX, PSEUDO_FIELDS, SYNONYMS, field_for_header, header_key


@pytest.mark.parametrize("kind", KINDS)
def test_export_columns_map_back_to_their_fields(kind: EntryKind) -> None:
    names = [f.name for f in FIELDS[kind]] + ["alerts", "id"]
    assert [field_for_header(kind, label) for label in export_columns(kind)] == names


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_and_only_fields_have_wordings(kind: EntryKind) -> None:
    assert set(SYNONYMS[kind]) == {f.name for f in FIELDS[kind]} | set(PSEUDO_FIELDS)


@pytest.mark.parametrize("kind", KINDS)
def test_no_wording_names_two_fields_of_one_kind(kind: EntryKind) -> None:
    for name, wordings in SYNONYMS[kind].items():
        for wording in wordings:
            assert header_key(wording), wording
            assert HEADER_INDEX[kind][header_key(wording)] == name, (wording, name)


OFFER_HEADERS = {
    "Intitulé de l'offre": "title",
    "Intitulé\nde l'offre": "title",
    "INTITULE DE L’OFFRE": "title",
    "Nom de l'offre": "title",
    "Offer name": "title",
    "Intitulé": "title",
    "Structure porteuse": "structure",
    "Structure\nporteuse": "structure",
    "Porteur": "structure",
    "Catégorie": "need",
    "Public cible / stade": "stages",
    "Stade(s)": "stages",
    "Stade": "stages",
    "Filière(s)": "sectors",
    "Filière": "sectors",
    "Mail contact": "email",
    "Contact (mail)": "email",
    "E-mail": "email",
    "Tél": "phone",
    "Tél.": "phone",
    "Lien": "url",
    "Site internet": "url",
    "Date de mise à jour": "reviewed",
    "Dernière mise à jour": "reviewed",
    "Last reviewed": "reviewed",
    "Réf. partenaire": "partner_ref",
    "État": "status",
}
ACTION_HEADERS = {
    "N° action": "code",
    "Réf.": "code",
    "Intitulé de l'action": "title",
    "Action": "title",
    "Porteur": "carriers",
    "Porteur(s)": "carriers",
    "État": "status",
    "Avancement": "status",
    "Échéance": "term",
    "Temporalité": "term",
    "Indicateurs de suivi": "indicators",
    "Adoptée le": "adopted",
    "Orientation stratégique": "orientation",
    "Date de mise à jour": "reviewed",
    "Alertes": "alerts",
    "ID": "id",
}


@pytest.mark.parametrize(
    ("kind", "text", "name"),
    [("offers", t, n) for t, n in OFFER_HEADERS.items()]
    + [("actions", t, n) for t, n in ACTION_HEADERS.items()],
)
def test_fixture_wordings(kind: EntryKind, text: str, name: str) -> None:
    assert field_for_header(kind, text) == name


@pytest.mark.parametrize(
    "text", ["Montant max (k€)", "Taux de réalisation", "Suivi interne MI", "Code analytique"]
)
def test_unrelated_headers_name_nothing(text: str) -> None:
    assert field_for_header("offers", text) is None
    assert field_for_header("actions", text) is None


def test_header_key_ignores_case_accents_punctuation() -> None:
    assert header_key("Réf. partenaire") == header_key("REF PARTENAIRE") == header_key("ref-partenaire")
    assert header_key("Filière(s)") == header_key("filiere")
    assert header_key("...") == ""


@pytest.mark.parametrize(
    ("kind", "text", "name"),
    [
        ("offers", "Nom offre", "title"),
        ("offers", "Titre offre", "title"),
        ("offers", "Libellé offre", "title"),
        ("offers", "Description offre", "description"),
        ("offers", "Date revue", "reviewed"),
        ("actions", "Intitulé action", "title"),
        ("actions", "Nom action", "title"),
        ("actions", "Numéro action", "code"),
        ("actions", "Date adoption", "adopted"),
        ("actions", "Etat avancement", "status"),
        ("actions", "Indicateurs suivi", "indicators"),
    ],
)
def test_short_forms_without_linking_words_name_the_same_field(kind: EntryKind, text: str, name: str) -> None:
    # « Nom de l'offre » is a synonym, so « Nom offre » is one too: the linking words never matter
    assert field_for_header(kind, text) == name


def test_linking_words_go_only_as_whole_words() -> None:
    assert header_key("Nom de l'offre") == header_key("Nom offre") == "nomoffre"
    assert (
        header_key("Délai") == "delai" and header_key("Lead") == "lead" and header_key("Leader") == "leader"
    )
