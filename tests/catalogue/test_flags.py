from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from stewarddesk.catalogue import Catalogue, Query, Settings, flags_for
from stewarddesk.catalogue.flags import FLAG_KINDS, add_years
from stewarddesk.i18n import set_language

AS_OF = dt.date(2026, 11, 21)
S = Settings()


def kinds(kind: Any, entry: dict[str, Any], as_of: dt.date = AS_OF, settings: Settings = S) -> list[str]:
    return [f.kind for f in flags_for(kind, entry, settings, as_of)]


def offer(**values: Any) -> dict[str, Any]:
    return {"status": "active", "email": "a@b.fr", "created": "2020-01-01T00:00:00", **values}


def action(**values: Any) -> dict[str, Any]:
    return {
        "status": "engaged",
        "carriers": ["CISAM"],
        "archived": 0,
        "created": "2020-01-01T00:00:00",
        **values,
    }


def days_before(n: int) -> str:
    return (AS_OF - dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize(("days", "stale"), [(364, False), (365, False), (366, True), (900, True)])
def test_offer_stale_after_365_days(days: int, stale: bool) -> None:
    assert ("stale" in kinds("offers", offer(reviewed=days_before(days)))) is stale


@pytest.mark.parametrize(("days", "stale"), [(180, False), (181, True)])
def test_engaged_action_stale_after_180_days(days: int, stale: bool) -> None:
    assert ("stale" in kinds("actions", action(reviewed=days_before(days)))) is stale


@pytest.mark.parametrize("status", ["to_define", "to_specify"])
@pytest.mark.parametrize(("days", "stale"), [(365, False), (366, True)])
def test_undefined_action_stale_after_365_days(status: str, days: int, stale: bool) -> None:
    assert ("stale" in kinds("actions", action(status=status, reviewed=days_before(days)))) is stale


@pytest.mark.parametrize("status", ["to_start", "done", "dropped", None])
def test_other_action_statuses_are_never_stale(status: str | None) -> None:
    assert "stale" not in kinds("actions", action(status=status, reviewed="2015-01-01"))


def test_never_reviewed_counts_from_creation() -> None:
    assert "stale" in kinds("offers", offer(created=f"{days_before(366)}T08:00:00"))
    assert "stale" not in kinds("offers", offer(created=f"{days_before(30)}T08:00:00"))


@pytest.mark.parametrize(("term", "years"), [("short", 1), ("medium", 3), ("long", 5), ("medium_long", 5)])
def test_overdue_after_the_horizon_of_the_term(term: str, years: int) -> None:
    adopted = dt.date(2020, 6, 15)
    horizon = add_years(adopted, years)
    base = action(term=term, adopted=adopted.isoformat(), reviewed=AS_OF.isoformat())
    assert "overdue" not in kinds("actions", base, as_of=horizon)
    assert "overdue" in kinds("actions", base, as_of=horizon + dt.timedelta(days=1))
    for status in ("done", "dropped"):
        assert "overdue" not in kinds(
            "actions", {**base, "status": status}, as_of=horizon + dt.timedelta(days=1)
        )


def test_incomplete() -> None:
    assert "incomplete" in kinds("offers", offer(email=None, reviewed=AS_OF.isoformat()))
    for contact in ({"phone": "04 91 00 00 00"}, {"url": "https://x.fr"}, {"email": "a@b.fr"}):
        entry = {**offer(email=None, reviewed=AS_OF.isoformat()), **contact}
        assert "incomplete" not in kinds("offers", entry)
    assert "incomplete" in kinds("actions", action(carriers=[], reviewed=AS_OF.isoformat()))


def test_archived_entries_carry_no_flag() -> None:
    assert kinds("offers", offer(status="archived", email=None, reviewed="2010-01-01")) == []
    assert kinds("actions", action(archived=1, carriers=[], reviewed="2010-01-01")) == []


def test_thresholds_come_from_the_settings() -> None:
    strict = Settings(offer_stale_days=30)
    assert "stale" in kinds("offers", offer(reviewed=days_before(31)), settings=strict)


def test_reasons_are_human_in_both_languages() -> None:
    entry = action(
        status="to_define", reviewed=days_before(430), term="short", adopted="2022-03-24", carriers=[]
    )
    try:
        set_language("fr")
        reasons = [f.reason() for f in flags_for("actions", entry, S, AS_OF)]
        assert reasons == [
            "Toujours « À définir » et non revue depuis 14 mois",
            "Échéance du 24/03/2023 dépassée (Court terme, adoptée le 24/03/2022)",
            "Aucun porteur indiqué",
        ]
        set_language("en")
        assert flags_for("offers", offer(reviewed=days_before(430)), S, AS_OF)[0].reason() == (
            "Not reviewed for 14 months"
        )
    finally:
        set_language(None)


def test_leap_day_horizon_matches_sqlite() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 3, 1)


def test_sql_and_python_agree_on_random_entries(cat: Catalogue) -> None:
    """The review queue (SQL) and the form (Python) must flag exactly the same entries."""
    rng = random.Random(7)
    statuses = ["to_define", "to_specify", "to_start", "engaged", "done", "dropped", None]
    terms = ["short", "medium", "long", "medium_long", None]
    for i in range(300):
        reviewed = (
            (AS_OF - dt.timedelta(days=rng.randint(0, 800))).isoformat() if rng.random() < 0.9 else None
        )
        adopted = (
            (AS_OF - dt.timedelta(days=rng.randint(0, 2500))).isoformat() if rng.random() < 0.8 else None
        )
        cat.create(
            "actions",
            {
                "title": f"Action {i}",
                "status": rng.choice(statuses),
                "term": rng.choice(terms),
                "carriers": ["CISAM"] if rng.random() < 0.8 else [],
                "reviewed": reviewed,
                "adopted": adopted,
            },
        )
        cat.create(
            "offers",
            {
                "title": f"Offre {i}",
                "reviewed": reviewed,
                "status": rng.choice(["active", "suspended", "archived"]),
                "email": "x@y.fr" if rng.random() < 0.5 else None,
                "url": "https://x" if rng.random() < 0.3 else None,
            },
        )
    settings = cat.settings()
    for kind in ("offers", "actions"):
        rows = cat.rows(kind, cat.ids(kind, Query(include_archived=True)))
        for flag in FLAG_KINDS:
            expected = sorted(r["id"] for r in rows if flag in kinds(kind, r, settings=settings))
            got = sorted(cat.ids(kind, Query(flags=(flag,), as_of=AS_OF)))
            assert got == expected, (kind, flag)


def test_reasons_are_labelled_in_the_language_asked_not_the_ui_language() -> None:
    entry = action(status="to_define", reviewed=days_before(430), term="short", adopted="2022-03-24")
    try:
        set_language("en")
        flags = flags_for("actions", entry, S, AS_OF)
        assert flags[0].reason("fr") == "Toujours « À définir » et non revue depuis 14 mois"
        assert flags[1].reason("fr").endswith("(Court terme, adoptée le 24/03/2022)")
        assert flags[0].reason() == "Still “To be defined” and not reviewed for 14 months"
    finally:
        set_language(None)


def test_review_queue_sql_draws_the_same_boundaries(cat: Catalogue) -> None:
    """The queue's SQL, not only `flags_for`, at each limit: day 365 vs 366 (offers, actions still to
    define or specify), 180 vs 181 (engaged actions), and the horizon day vs the day after, per term."""

    def offer_id(days: int) -> int:
        return cat.create("offers", {"title": f"Offre {days}", "reviewed": days_before(days)}).created[0]

    def action_id(title: str, **values: Any) -> int:
        return cat.create("actions", {"title": title, "carriers": ["CISAM"], **values}).created[0]

    offers = {days: offer_id(days) for days in (365, 366)}
    engaged = {d: action_id(f"E{d}", status="engaged", reviewed=days_before(d)) for d in (180, 181)}
    undefined = {
        (status, d): action_id(f"{status}{d}", status=status, reviewed=days_before(d))
        for status in ("to_define", "to_specify")
        for d in (365, 366)
    }
    overdue = {}
    for term, years in (("short", 1), ("medium", 3), ("long", 5), ("medium_long", 5)):
        for past in (0, 1):  # adopted so that AS_OF is the horizon day itself (0), or the day after it (1)
            horizon = AS_OF - dt.timedelta(days=past)
            on = horizon.replace(year=horizon.year - years)
            assert add_years(on, years) == horizon
            overdue[(term, past)] = action_id(
                f"{term}{past}",
                status="to_start",
                term=term,
                adopted=on.isoformat(),
                reviewed=AS_OF.isoformat(),
            )

    def flagged(kind: Any, flag: Any) -> set[int]:
        return set(cat.ids(kind, Query(flags=(flag,), as_of=AS_OF)))

    assert flagged("offers", "stale") == {offers[366]}
    assert flagged("actions", "stale") == {
        engaged[181],
        undefined["to_define", 366],
        undefined["to_specify", 366],
    }
    assert flagged("actions", "overdue") == {
        overdue[term, 1] for term in ("short", "medium", "long", "medium_long")
    }
    # …and the form's Python judges every one of them the same way.
    for kind in ("offers", "actions"):
        for row in cat.rows(kind, cat.ids(kind)):
            for flag in ("stale", "overdue"):
                assert (flag in kinds(kind, row, settings=cat.settings())) == (
                    row["id"] in flagged(kind, flag)
                )
