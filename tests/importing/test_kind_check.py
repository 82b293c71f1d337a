"""A kind forced by the user that the columns clearly contradict is refused, not imported the wrong way."""

from __future__ import annotations

from pathlib import Path

import pytest

from stewarddesk.catalogue import Catalogue
from stewarddesk.importing.api import prepare_import
from stewarddesk.importing.kind_check import KindMismatch, other_kind

from .engine_kit import ACTION_HEADER, AS_OF, OFFER_HEADER, all_ids, write_csv

pytestmark = pytest.mark.usefixtures("french")


def test_offers_columns_are_clearly_not_actions() -> None:
    assert other_kind(OFFER_HEADER, "actions") == "offers"
    assert other_kind(ACTION_HEADER, "offers") == "actions"
    assert other_kind(OFFER_HEADER, "offers") is None
    # Only headings both kinds share (and one of the other's): nothing says the choice is wrong.
    assert other_kind(["Intitulé", "Description", "Revue le", "Structure"], "actions") is None


def test_an_offers_sheet_forced_to_actions_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "o.csv",
        [OFFER_HEADER, ["Pépinière", "Impulse", "Hébergement", "Création", "a@b.fr", "Active", "", ""]],
    )
    with pytest.raises(KindMismatch) as refused:
        prepare_import(cat, path, kind="actions", as_of=AS_OF)
    assert str(refused.value) == (
        "ces intitulés de colonnes sont ceux d'offres, pas d'actions : retirez --kind ou utilisez --kind offers"
    )
    assert prepare_import(cat, path, kind="offers", as_of=AS_OF).counts["inserted"] == 1
    assert all_ids(cat, "actions") == []
