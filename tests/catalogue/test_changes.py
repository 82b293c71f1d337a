"""`Changes`: what a write changed, joined from many writes (a bulk edit, a review of many entries)."""

from __future__ import annotations

import functools
import operator

import pytest

from stewarddesk.catalogue.journal import Changes


def parts() -> list[Changes]:
    return [
        Changes("offers", created=(1,), fields=frozenset({"title"}), journal_ids=(10,)),
        Changes("offers", updated=(2, 3), fields=frozenset({"status"}), journal_ids=(11, 12)),
        Changes("offers", updated=(3, 4), structures=True, journal_ids=(13,)),
        Changes("offers", deleted=(5,), journal_ids=(14,)),
    ]


def test_combine_is_the_chain_of_or_in_one_pass() -> None:
    joined = Changes.combine("offers", parts())
    assert joined == functools.reduce(operator.or_, parts())
    assert joined.updated == (2, 3, 4)  # each entry once, in the order met
    assert joined.journal_ids == (10, 11, 12, 13, 14)
    assert joined.fields == {"title", "status"} and joined.structures
    assert Changes.combine("actions", []) == Changes("actions")


def test_changes_of_another_kind_are_refused() -> None:
    with pytest.raises(ValueError):
        Changes.combine("offers", [*parts(), Changes("actions", updated=(1,))])


def test_ten_thousand_single_changes_join_linearly() -> None:
    many = [Changes("offers", updated=(i,), journal_ids=(i,)) for i in range(10_000)]
    joined = Changes.combine("offers", many)
    assert joined.updated == tuple(range(10_000)) and len(joined.journal_ids) == 10_000
