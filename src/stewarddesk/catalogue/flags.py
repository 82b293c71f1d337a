"""Stale, overdue and incomplete: computed, never stored, each with a human reason.

Two faces of the same rules, kept in agreement by a test: `flags_for` judges one entry in Python (for
the form, the exports, the CLI), `sql_condition` gives the SQL that selects flagged rows (for the review
queue and the flag facet over 100,000 entries). Both take an `as_of` date, so results are reproducible.

Rules (DESIGN.md): an offer not reviewed for more than `offer_stale_days` is stale; an `engaged` action
not reviewed for more than `engaged_stale_days`, or a `to_define`/`to_specify` one for more than
`undefined_stale_days`, is stale; an action past its horizon (adoption + 1/3/5 years by term) and not
done/dropped is overdue; an offer without email, phone or url, an action without carrier, is incomplete.
An entry never reviewed counts from its creation date.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Any, Final, Generic, Literal, TypeVar

from stewarddesk.catalogue.settings import Settings
from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Lang, Msg, current_language

FlagKind = Literal["stale", "overdue", "incomplete"]
FLAG_KINDS: Final[tuple[FlagKind, ...]] = ("stale", "overdue", "incomplete")

FLAG_LABELS: Final = {
    "stale": Msg("flags.label.stale", "À revoir", "Stale"),
    "overdue": Msg("flags.label.overdue", "Échéance dépassée", "Overdue"),
    "incomplete": Msg("flags.label.incomplete", "Incomplète", "Incomplete"),
}
NOT_REVIEWED = Msg("flags.not_reviewed", "Non revue depuis {months} mois", "Not reviewed for {months} months")
NOT_REVIEWED_DAYS = Msg(
    "flags.not_reviewed_days", "Non revue depuis {days} jours", "Not reviewed for {days} days"
)
STILL_UNDEFINED = Msg(
    "flags.still_undefined",
    "Toujours « {status} » et non revue depuis {months} mois",
    "Still “{status}” and not reviewed for {months} months",
)
OVERDUE = Msg(
    "flags.overdue",
    "Échéance du {horizon} dépassée ({term}, adoptée le {adopted})",
    "Horizon of {horizon} passed ({term}, adopted on {adopted})",
)
NO_CONTACT = Msg(
    "flags.no_contact",
    "Aucun contact (e-mail, téléphone ou site web)",
    "No contact (email, phone or website)",
)
NO_CARRIER = Msg("flags.no_carrier", "Aucun porteur indiqué", "No carrier given")


# Parameters that hold vocabulary codes, labelled in the language of the reader, not of the computer.
_LABELLED: Final = {"status": "action_status", "term": "term"}


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    reason_msg: Msg
    params: tuple[tuple[str, Any], ...] = ()

    def reason(self, lang: Lang | None = None) -> str:
        from stewarddesk import vocab  # local: vocab is a sibling layer, only needed for labels in reasons

        lang = lang or current_language()
        values = {k: vocab.label(_LABELLED[k], v, lang) if k in _LABELLED else v for k, v in self.params}
        return self.reason_msg.render(lang, **values)

    def label(self, lang: Lang | None = None) -> str:
        return FLAG_LABELS[self.kind].render(lang or current_language())


_NO_CARRIER_FLAG: Final = Flag("incomplete", NO_CARRIER)
_NO_CONTACT_FLAG: Final = Flag("incomplete", NO_CONTACT)


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` plus whole years; 29 February becomes 1 March, as SQLite's date(d, '+N years') does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _day(value: object) -> dt.date | None:
    if isinstance(value, str) and len(value) >= 10:
        return _iso_day(value[:10])
    return None


@functools.lru_cache(maxsize=16384)
def _iso_day(text: str) -> dt.date | None:
    # Cached: flags are computed for every row of an export, and 100,000 entries hold a few thousand dates.
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@functools.lru_cache(maxsize=16384)
def _stale_flag(undefined_status: str | None, days: int) -> Flag:
    """The stale flag of an entry not reviewed for `days` (an action still `undefined_status`, if given).
    Cached: flags are immutable, and the entries of an export share a few thousand distinct ones."""
    if undefined_status is not None:
        return Flag("stale", STILL_UNDEFINED, (("status", undefined_status), ("months", _months(days))))
    if days < 60:
        return Flag("stale", NOT_REVIEWED_DAYS, (("days", days),))
    return Flag("stale", NOT_REVIEWED, (("months", _months(days)),))


@functools.lru_cache(maxsize=16384)
def _overdue_flag(adopted_day: str, years: int, term: str, as_of: dt.date) -> Flag | None:
    """The overdue flag of an action adopted on `adopted_day` (ISO text) for `years`, if past its horizon
    on `as_of`. Cached like `_stale_flag`: entries adopted the same day on the same term share one."""
    adopted = _iso_day(adopted_day)
    if adopted is None:
        return None
    horizon = add_years(adopted, years)
    if not as_of > horizon:
        return None
    params = (
        ("horizon", horizon.strftime("%d/%m/%Y")),
        ("term", term),
        ("adopted", adopted.strftime("%d/%m/%Y")),
    )
    return Flag("overdue", OVERDUE, params)


def _months(days: int) -> int:
    return max(1, round(days / 30.4375))


def _stale_limit(kind: EntryKind, status: str | None, settings: Settings) -> int | None:
    if kind == "offers":
        return settings.offer_stale_days
    if status == "engaged":
        return settings.engaged_stale_days
    if status in ("to_define", "to_specify"):
        return settings.undefined_stale_days
    return None


def flags_for(kind: EntryKind, entry: Mapping[str, Any], settings: Settings, as_of: dt.date) -> list[Flag]:
    """The flags of one entry (a row as `Catalogue.rows` returns it), in a stable order."""
    found: list[Flag] = []
    get = entry.get
    status = get("status")
    if (kind == "offers" and status == "archived") or (kind == "actions" and get("archived")):
        return found
    limit = _stale_limit(kind, status, settings)
    if limit is not None:
        since = _day(get("reviewed")) or _day(get("created"))
        if since is not None:
            days = (as_of - since).days
            if days > limit:
                undefined = kind == "actions" and status in ("to_define", "to_specify")
                found.append(_stale_flag(status if undefined else None, days))
    if kind == "actions":
        if status not in ("done", "dropped"):
            term = get("term")
            years = settings.horizon_years(term)
            adopted = get("adopted")
            if years is not None and isinstance(adopted, str) and len(adopted) >= 10:
                overdue = _overdue_flag(adopted[:10], years, term, as_of)
                if overdue is not None:
                    found.append(overdue)
        if not get("carriers"):
            found.append(_NO_CARRIER_FLAG)
    elif not (get("email") or get("phone") or get("url")):
        found.append(_NO_CONTACT_FLAG)
    return found


def sql_condition(
    kind: EntryKind, flag: FlagKind, settings: Settings, as_of: dt.date, table: str | None = None
) -> tuple[str, list[Any]]:
    """A WHERE fragment (and its parameters) selecting the live entries that carry `flag`."""
    t = table or kind
    day = as_of.isoformat()
    live = f"{t}.status != 'archived'" if kind == "offers" else f"{t}.archived = 0"

    def not_reviewed_since(days: int) -> tuple[str, list[Any]]:
        # "more than N days" <=> the review (or, never reviewed, the creation) is before as_of - N days.
        # The expression is exactly the one the schema indexes (offers_review_age, actions_status_age).
        cutoff = (as_of - dt.timedelta(days=days)).isoformat()
        return f"COALESCE({t}.reviewed, substr({t}.created, 1, 10)) < ?", [cutoff]

    if flag == "stale":
        if kind == "offers":
            cond, params = not_reviewed_since(settings.offer_stale_days)
            return f"({live} AND {cond})", params
        engaged, p1 = not_reviewed_since(settings.engaged_stale_days)
        undefined, p2 = not_reviewed_since(settings.undefined_stale_days)
        return (
            f"({live} AND (({t}.status = 'engaged' AND {engaged})"
            f" OR ({t}.status IN ('to_define', 'to_specify') AND {undefined})))",
            [*p1, *p2],
        )
    if flag == "overdue":
        if kind == "offers":
            return "0", []
        horizon = (
            f"date({t}.adopted, '+' || CASE {t}.term WHEN 'short' THEN ? WHEN 'medium' THEN ? "
            f"WHEN 'long' THEN ? WHEN 'medium_long' THEN ? END || ' years')"
        )
        years = [
            settings.horizon_short_years,
            settings.horizon_medium_years,
            settings.horizon_long_years,
            settings.horizon_long_years,
        ]
        return (
            f"({live} AND {t}.adopted IS NOT NULL AND {t}.term IS NOT NULL"
            f" AND COALESCE({t}.status, '') NOT IN ('done', 'dropped') AND ? > {horizon})",
            [day, *years],
        )
    if kind == "offers":
        return (
            f"({live} AND COALESCE({t}.email, '') = '' AND COALESCE({t}.phone, '') = ''"
            f" AND COALESCE({t}.url, '') = '')",
            [],
        )
    return f"({live} AND {t}.carriers = '[]')", []


def any_flag_condition(
    kind: EntryKind, settings: Settings, as_of: dt.date, table: str | None = None
) -> tuple[str, list[Any]]:
    parts = [sql_condition(kind, f, settings, as_of, table) for f in FLAG_KINDS]
    return "(" + " OR ".join(p[0] for p in parts) + ")", [v for p in parts for v in p[1]]


T = TypeVar("T")

_BY_CREATION: Final = -1  # a review date that cannot be read: the creation date decides, entry by entry
_CLOSED: Final = frozenset({"done", "dropped"})  # actions that are never overdue
_RULES_MAX: Final = 65536


class _Memo(dict[Any, Any]):
    """A one-argument function's results by argument: computed on first use, then a lookup in C.
    Emptied when full: distinct values on every row must not grow it without end."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: Any) -> Any:
        if len(self) >= _RULES_MAX:
            self.clear()
        value = self[key] = self.function(key)
        return value


class FlagRules(Generic[T]):
    """`flags_for` for many entries of one kind at once, as of one date (an export's pages).

    `judge_many` takes the entries' stored values column by column and gives each entry exactly the flags
    `flags_for` gives it (same flags, same order) with `describe(flags)` (an export's `Alertes` text).
    Each distinct (status, review date), (term, adoption date) and combination of flags is judged and
    described once; the work per entry is dictionary lookups driven by `map` and `zip`, in C. An export of
    100,000 entries holds a few thousand distinct review and adoption dates.
    """

    def __init__(
        self, kind: EntryKind, settings: Settings, as_of: dt.date, describe: Callable[[list[Flag]], T]
    ) -> None:
        self.kind = kind
        self.settings = settings
        self.as_of = as_of
        self.describe = describe
        self._reset()

    def _reset(self) -> None:
        # Flags are numbered as first met (0: no flag), so combinations are keyed by small ints, cheap
        # to hash (a Flag hashes as slowly as it renders). Numbered by identity: the rules hand out
        # shared flags, and `_flags` keeps each numbered flag alive, so its id is not reused meanwhile.
        self._flags: list[Flag | None] = [None]
        self._numbers: dict[int, int] = {}
        self._stale = _Memo(self._stale_number)  # (status, reviewed) -> number, or _BY_CREATION
        self._overdue = _Memo(self._overdue_number)  # (term, adopted) -> number
        self._described = _Memo(self._combination)  # (stale, overdue, incomplete) -> (flags, description)

    def judge_many(
        self,
        status: Sequence[Any],
        archived: Sequence[Any],
        reviewed: Sequence[Any],
        created: Sequence[Any],
        term: Sequence[Any],
        adopted: Sequence[Any],
        complete: Sequence[bool],
    ) -> list[tuple[list[Flag], T]]:
        """Each entry's flags and their description, for entries given as columns of their stored values
        (all of the same length). `archived`: the actions' column (offers are archived by their status);
        `term`, `adopted`: ignored for offers; `complete`: whether the entry has what `incomplete` asks for
        (an action's carriers, an offer's email, phone or url). Entries with the same flags share one
        list and one description: do not modify them."""
        if len(self._flags) > _RULES_MAX:
            self._reset()  # the memos hold flag numbers: renumbering empties them all
        n = len(status)
        stale = list(map(self._stale.__getitem__, zip(status, reviewed, strict=True)))
        for i in compress(range(n), map(operator.eq, stale, repeat(_BY_CREATION))):
            stale[i] = self._stale_by_creation(status[i], created[i])
        if self.kind == "actions":
            overdue = list(map(self._overdue.__getitem__, zip(term, adopted, strict=True)))
            for i in compress(range(n), map(_CLOSED.__contains__, status)):
                overdue[i] = 0
            gone = compress(range(n), archived)
            incomplete = self._number(_NO_CARRIER_FLAG)
        else:
            overdue = [0] * n
            gone = compress(range(n), map(operator.eq, status, repeat("archived")))
            incomplete = self._number(_NO_CONTACT_FLAG)
        keys = list(zip(stale, overdue, map((incomplete, 0).__getitem__, complete), strict=True))
        for i in gone:
            keys[i] = (0, 0, 0)
        return list(map(self._described.__getitem__, keys))

    def _number(self, flag: Flag | None) -> int:
        if flag is None:
            return 0
        number = self._numbers.get(id(flag))
        if number is None:
            number = self._numbers[id(flag)] = len(self._flags)
            self._flags.append(flag)
        return number

    def _stale_number(self, key: tuple[Any, Any]) -> int:
        status, reviewed = key
        limit = _stale_limit(self.kind, status, self.settings)
        if limit is None:
            return 0
        since = _day(reviewed)
        if since is None:
            return _BY_CREATION
        return self._number(self._stale_since(status, since, limit))

    def _stale_by_creation(self, status: Any, created: Any) -> int:
        since = _day(created)
        limit = _stale_limit(self.kind, status, self.settings)
        if since is None or limit is None:
            return 0
        return self._number(self._stale_since(status, since, limit))

    def _stale_since(self, status: Any, since: dt.date, limit: int) -> Flag | None:
        days = (self.as_of - since).days
        if days <= limit:
            return None
        undefined = self.kind == "actions" and status in ("to_define", "to_specify")
        return _stale_flag(status if undefined else None, days)

    def _overdue_number(self, key: tuple[Any, Any]) -> int:
        term, adopted = key
        years = self.settings.horizon_years(term)
        if years is None or not (isinstance(adopted, str) and len(adopted) >= 10):
            return 0
        return self._number(_overdue_flag(adopted[:10], years, term, self.as_of))

    def _combination(self, key: tuple[int, int, int]) -> tuple[list[Flag], T]:
        found = [flag for number in key if (flag := self._flags[number]) is not None]
        return found, self.describe(found)
