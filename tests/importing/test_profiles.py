"""Partner profiles: saved mappings, recognised again by header, drift warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk import i18n
from stewarddesk.catalogue import Catalogue
from stewarddesk.errors import KnownError
from stewarddesk.importing.api import (
    delete_profile,
    find_profile_for,
    header_signature,
    import_file,
    list_profiles,
    load_profile,
    prepare_import,
    save_profile,
)
from stewarddesk.importing.profiles import compute_drift

from .engine_kit import AS_OF, by_title, write_xlsx

# A partner's own wordings: « Dispositif » and « Cible » are not all in the synonym table.
PARTNER_HEADER = ["Dispositif", "Opérateur", "Nature de l'aide", "Situation", "Remarques"]


pytestmark = pytest.mark.usefixtures("french")


def save_banks(cat: Catalogue) -> None:
    save_profile(
        cat,
        "Banques Innov",
        "offers",
        PARTNER_HEADER,
        {
            "Dispositif": "title",
            "Opérateur": "structure",
            "Nature de l'aide": "need",
            "Situation": "status",
            "Remarques": None,
        },
        {"need": {"Prêt": "funding", "Garantie": "funding"}, "offer_status": {"En sommeil": "suspended"}},
    )


def test_save_load_list_delete(cat: Catalogue) -> None:
    save_banks(cat)
    profile = load_profile(cat, "banques innov")  # case and accents do not matter
    assert profile is not None and profile.name == "Banques Innov" and profile.kind == "offers"
    assert profile.signature == header_signature(PARTNER_HEADER)
    assert profile.columns["Remarques"] is None
    assert profile.values["offer_status"] == {"En sommeil": "suspended"}
    assert profile.updated == "2025-03-01T10:00:00"
    assert [p.name for p in list_profiles(cat)] == ["Banques Innov"]
    save_banks(cat)  # saving again replaces
    assert len(list_profiles(cat)) == 1
    assert delete_profile(cat, "Banques Innov") and load_profile(cat, "Banques Innov") is None


def test_bad_profiles_are_refused(cat: Catalogue) -> None:
    with pytest.raises(KnownError):
        save_profile(cat, "  ", "offers", [], {}, {})
    with pytest.raises(KnownError, match="carriers"):
        save_profile(cat, "x", "offers", ["Porteurs"], {"Porteurs": "carriers"}, {})


def test_profile_maps_columns_and_values_when_named(cat: Catalogue, tmp_path: Path) -> None:
    save_banks(cat)
    path = write_xlsx(
        tmp_path / "b.xlsx",
        [PARTNER_HEADER, ["Prêt Innovation", "CEPAC", "Prêt", "En sommeil", "à revoir"]],
    )
    plan = prepare_import(cat, path, profile="Banques Innov", as_of=AS_OF)
    assert plan.profile == "Banques Innov" and plan.kind == "offers"
    assert sorted(plan.mapping.values()) == ["need", "status", "structure", "title"]
    (row,) = plan.rows
    assert row.values == {
        "title": "Prêt Innovation",
        "structure": "CEPAC",
        "need": "funding",
        "status": "suspended",
    }
    assert not any("changé" in w for w in plan.warnings)


def test_profile_is_recognised_from_the_header_alone(cat: Catalogue, tmp_path: Path) -> None:
    save_banks(cat)
    path = write_xlsx(
        tmp_path / "b.xlsx", [PARTNER_HEADER, ["Garantie Bpifrance", "Bpifrance", "Garantie", "", ""]]
    )
    plan = prepare_import(cat, path, as_of=AS_OF)
    assert plan.profile == "Banques Innov"
    assert plan.profile_recognised and not any("Banques Innov" in w for w in plan.warnings)  # information
    assert plan.rows[0].values["need"] == "funding"


def test_drift_is_reported_added_removed_renamed(cat: Catalogue, tmp_path: Path) -> None:
    save_banks(cat)
    header = ["Dispositif", "Opérateur", "Type de besoin", "Situation", "Montant"]  # renamed, removed, added
    path = write_xlsx(tmp_path / "b.xlsx", [header, ["Prêt Innovation", "CEPAC", "Financement", "Active", 5]])
    plan = prepare_import(cat, path, profile="Banques Innov", as_of=AS_OF)
    (drift,) = [w for w in plan.warnings if "a changé depuis le profil" in w]
    assert "« Nature de l'aide » → « Type de besoin »" in drift
    assert "colonnes disparues : « Remarques »" in drift
    assert "colonnes ajoutées : « Montant »" in drift
    assert plan.rows[0].values["need"] == "funding"  # « Type de besoin » still maps, by synonym


def test_compute_drift_by_field_and_by_position(cat: Catalogue) -> None:
    save_banks(cat)
    profile = load_profile(cat, "Banques Innov")
    assert profile is not None
    assert not compute_drift(profile, PARTNER_HEADER)
    drift = compute_drift(profile, ["Dispositif", "Structure", "Nature de l'aide", "Situation", "Remarques"])
    assert drift.renamed == (("Opérateur", "Structure"),) and not drift.added and not drift.removed


def test_find_profile_needs_enough_common_columns(cat: Catalogue) -> None:
    save_banks(cat)
    assert find_profile_for(cat, ["Offre", "Structure", "Besoin"]) is None
    assert find_profile_for(cat, PARTNER_HEADER, "actions") is None
    match = find_profile_for(cat, PARTNER_HEADER)
    assert match is not None and match.score == 1.0


def test_a_new_profile_name_is_saved_on_apply(cat: Catalogue, tmp_path: Path) -> None:
    header = ["Intitulé", "Porteur", "Besoin", "Notes internes"]
    path = write_xlsx(tmp_path / "p.xlsx", [header, ["Prêt", "Impulse", "Financement", "x"]])
    dry = import_file(cat, path, profile="Impulse", dry_run=True, as_of=AS_OF)
    assert dry.report["notes"] == [
        "Nouveau profil « Impulse » : l'import l'enregistrera avec cette correspondance de colonnes (la "
        "simulation ne l'enregistre pas)."
    ]
    assert not any("profil" in w for w in dry.report["warnings"])
    assert load_profile(cat, "Impulse") is None  # a dry run writes nothing, profiles included
    done = import_file(cat, path, profile="Impulse", as_of=AS_OF)
    assert (
        "Nouveau profil « Impulse » enregistré avec cette correspondance de colonnes." in done.summary_lines()
    )
    profile = load_profile(cat, "Impulse")
    assert profile is not None
    assert profile.columns == {
        "Intitulé": "title",
        "Porteur": "structure",
        "Besoin": "need",
        "Notes internes": None,
    }
    again = prepare_import(cat, path, as_of=AS_OF)
    assert again.profile == "Impulse" and again.rows[0].action == "unchanged"
    lines = import_file(cat, path, as_of=AS_OF).summary_lines()
    assert "Profil partenaire « Impulse » reconnu d'après les colonnes et appliqué." in lines
    assert not any(line.startswith("Attention") and "profil" in line for line in lines)
    assert by_title(cat, "offers")["Prêt"]["structure"] == "Impulse"


def test_profile_gives_the_kind(cat: Catalogue, tmp_path: Path) -> None:
    save_profile(cat, "AMFT", "actions", ["Intitulé", "Etat"], {"Intitulé": "title", "Etat": "status"}, {})
    path = write_xlsx(tmp_path / "a.xlsx", [["Intitulé", "Etat"], ["Club", "Engagée"]])
    plan = prepare_import(cat, path, profile="AMFT", as_of=AS_OF)
    assert plan.kind == "actions" and plan.rows[0].values["status"] == "engaged"
    with pytest.raises(KnownError, match="décrit des actions, pas des offres"):
        prepare_import(cat, path, profile="AMFT", kind="offers", as_of=AS_OF)


def test_a_renamed_title_column_is_named_with_the_profile_not_guessed(cat: Catalogue, tmp_path: Path) -> None:
    header = ["Intitulé", "Porteur", "Besoin", "Montant max (k€)", "Date de mise à jour"]
    first = write_xlsx(tmp_path / "impulse.xlsx", [header, ["Prêt", "Impulse", "Financement", "30", ""]])
    import_file(cat, first, profile="Impulse", as_of=AS_OF)  # saves the profile: « Intitulé » is the title
    before = by_title(cat, "offers")
    renamed = ["Appellation", *header[1:]]
    path = write_xlsx(tmp_path / "impulse2.xlsx", [renamed, ["Bourse", "Impulse", "Financement", "", ""]])
    for profile in ("Impulse", None):  # named, or recognised from the header
        with pytest.raises(KnownError) as info:
            prepare_import(cat, path, profile=profile, as_of=AS_OF)
        assert str(info.value) == (
            "le profil « Impulse » attend le titre (« Offre ») dans la colonne « Intitulé », absente de cette "
            "feuille ; « Appellation », à sa place, est sans doute cette colonne renommée : rétablissez son nom "
            "dans le fichier, ou choisissez la colonne du titre dans l'assistant d'import de la fenêtre"
        )
    # Moved as well as renamed: no rename to point at, the columns the profile has never seen are named
    # (not « Montant max (k€) », which the profile ignores on purpose).
    moved = ["Porteur", "Appellation", *header[2:]]
    path = write_xlsx(tmp_path / "impulse3.xlsx", [moved, ["Impulse", "Bourse", "Financement", "", ""]])
    with pytest.raises(
        KnownError, match=r"absente de cette feuille ; colonnes non reconnues : « Appellation » :"
    ):
        prepare_import(cat, path, profile="Impulse", as_of=AS_OF)
    assert by_title(cat, "offers") == before


def test_without_a_profile_a_missing_title_names_the_unrecognised_columns(
    cat: Catalogue, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx", [["Appellation", "Structure", "Besoin"], ["Bourse", "MI", "Financement"]]
    )
    i18n.set_language("en")
    with pytest.raises(KnownError) as info:
        prepare_import(cat, path, as_of=AS_OF)
    assert str(info.value) == (
        "no column gives the title (“Offre”): this sheet cannot be imported; columns not recognised: “Appellation”"
    )


def test_a_new_profile_is_saved_even_by_an_import_that_changes_nothing(
    cat: Catalogue, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["Intitulé", "Porteur", "Besoin"]])  # the header alone
    outcome = import_file(cat, path, profile="Vide", as_of=AS_OF)
    assert outcome.result is not None and outcome.result.batch_id is None  # no batch, no backup
    assert load_profile(cat, "Vide") is not None
    assert (
        "Nouveau profil « Vide » enregistré avec cette correspondance de colonnes." in outcome.summary_lines()
    )
