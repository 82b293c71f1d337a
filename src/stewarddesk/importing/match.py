"""Finding the catalogue entry a sheet row speaks of, without ever guessing.

Order (issue 3): our own export's `ID` column, when that entry exists in THIS catalogue and is plausibly
the same (an ID from another catalogue must not hit a random entry); then the partner's own reference
(`partner_ref`, with the structure, offers only); then the normalised pair (title, structure) for offers,
the title (with the code to tell apart two actions of the same title) for actions. Several candidates is
a row problem, never a coin toss. Near-duplicates (same structure, very similar title) are only warnings,
and titles whose numbers differ (« Promo 2024 » / « Promo 2025 », « Lot 12 » / « Lot 13 ») are not
near-duplicates: a number in a title names which one.

The index holds keys only (one query at the start), so it stays small on a 100,000-entry catalogue.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any, Final, TypeAlias

from stewarddesk import vocab
from stewarddesk.catalogue import Catalogue
from stewarddesk.fields import EntryKind
from stewarddesk.i18n import Msg

# An ID names the same entry when the titles are at least this similar (or see `_plausible`).
ID_TITLE_RATIO: Final = 0.75
# An action found by its code keeps its identity through a retitling as long as titles stay this close.
CODE_TITLE_RATIO: Final = 0.6
# Two titles of the same structure this similar (but not equal once folded) are reported.
NEAR_DUPLICATE_RATIO: Final = 0.88
# Near-duplicate search only compares titles that share a « sketch » (see `_sketches`), at most this many
# per row: it keeps a 50,000-row import linear.
_MAX_CANDIDATES: Final = 20
_MAX_WORDS: Final = 12
_WORD: Final = re.compile(r"\w+")
_NUMBER: Final = re.compile(r"\d+")
_NearEntry: TypeAlias = tuple[str, tuple[str, int]]

ID_UNKNOWN = Msg(
    "import.match.id_unknown",
    "ID {id} inconnu dans ce catalogue ; {then}",
    "ID {id} is not in this catalogue; {then}",
)
ID_OTHER_ENTRY = Msg(
    "import.match.id_other",
    "l'ID {id} désigne ici « {title} », qui ne ressemble pas à cette ligne : ID ignoré ; {then}",
    "ID {id} is “{title}” here, which does not look like this row: ID ignored; {then}",
)
BY_TITLE = Msg(
    "import.match.by_title", "ligne rapprochée par son titre (n° {id})", "row matched by its title (#{id})"
)
AS_NEW = Msg(
    "import.match.as_new",
    "aucune entrée n'a ce titre non plus : la ligne sera une nouvelle entrée",
    "no entry has its title either: the row will be a new entry",
)
ID_BAD = Msg(
    "import.match.id_bad",
    "ID « {id} » illisible : ignoré",
    "ID “{id}” cannot be read: ignored",
)
AMBIGUOUS = Msg(
    "import.match.ambiguous",
    "plusieurs entrées du catalogue correspondent ({ids}) : précisez la structure ou l'ID",
    "several catalogue entries match ({ids}): give the structure or the ID",
)
NEAR_DUPLICATE = Msg(
    "import.match.near_duplicate",
    "« {title} » ressemble à « {other} » ({where}) : créée comme une entrée distincte, vérifiez",
    "“{title}” looks like “{other}” ({where}): created as a separate entry, please check",
)
ENTRY_NUMBER = Msg("import.match.entry_number", "n° {id}", "#{id}")
NEAR_IN_CATALOGUE = Msg("import.match.near_catalogue", "n° {id} du catalogue", "catalogue #{id}")
NEAR_IN_SHEET = Msg("import.match.near_sheet", "ligne {row} du fichier", "row {row} of the file")


@dataclass
class Match:
    """The outcome for one row: the entry found (None: a new entry), how, and what to tell the user.
    `problem` set means the row cannot be matched safely and must be rejected."""

    entry_id: int | None = None
    how: str | None = None  # 'id', 'ref', 'key', 'code'
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None


@dataclass
class RowKeys:
    """What the matcher compares, folded: computed once per row (`CatalogueIndex.keys`)."""

    title: str
    structure: str  # folded structure name (offers), '' if none
    code: str  # folded code (actions), '' if none
    ref: str  # folded partner reference (offers), '' if none

    @cached_property
    def sketches(self) -> set[str]:
        return _sketches(self.title)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _ids_text(ids: Iterable[int]) -> str:
    return ", ".join(ENTRY_NUMBER(id=i) for i in sorted(ids))


class CatalogueIndex:
    """The match keys of every entry of one kind, loaded once."""

    def __init__(self, cat: Catalogue, kind: EntryKind) -> None:
        self.kind = kind
        self.keys: dict[int, RowKeys] = {}
        self.titles: dict[int, str] = {}
        self._by_title: dict[str, list[int]] = {}
        self._by_pair: dict[tuple[str, str], list[int]] = {}
        self._by_ref: dict[str, list[int]] = {}
        self._by_code: dict[str, list[int]] = {}
        # structure key -> sketch -> the (folded title, where: ('catalogue', id) or ('sheet', row)) entries
        # that have it, oldest first: the entry itself while it is alone (most sketches belong to one title),
        # a list from the second. Nested rather than keyed by (structure, sketch), one entry tuple per title
        # shared by its sketches: this index is most of a large import's memory (about 7 sketches a title).
        self._near: dict[str, dict[str, _NearEntry | list[_NearEntry]]] = {}
        self._shown: dict[str, str] = {}  # folded title -> a title as written, for messages
        self._folded: dict[str, str] = {}  # structure name -> folded
        self._near_built = False
        if kind == "offers":
            sql = (
                "SELECT o.id, o.title, o.title_key, coalesce(s.name_key, ''), '', coalesce(o.partner_ref, '')"
                " FROM offers o LEFT JOIN structures s ON s.id = o.structure_id"
            )
        else:
            sql = "SELECT id, title, title_key, '', coalesce(code, ''), '' FROM actions"
        for entry_id, title, title_key, structure_key, code, ref in cat.conn.execute(sql):
            keys = RowKeys(title_key, structure_key, code and vocab.fold(code), ref and vocab.fold(ref))
            self._add(int(entry_id), keys)
            self.titles[int(entry_id)] = title

    def _add(self, entry_id: int, keys: RowKeys) -> None:
        self.keys[entry_id] = keys
        self._by_title.setdefault(keys.title, []).append(entry_id)
        self._by_pair.setdefault((keys.title, keys.structure), []).append(entry_id)
        if keys.ref:
            self._by_ref.setdefault(keys.ref, []).append(entry_id)
        if keys.code:
            self._by_code.setdefault(keys.code, []).append(entry_id)

    def _near_index(self) -> dict[str, dict[str, _NearEntry | list[_NearEntry]]]:
        """The near-duplicate index, built on first use: a re-import that only updates never needs it."""
        if not self._near_built:
            self._near_built = True
            for entry_id, keys in self.keys.items():
                self._shown.setdefault(keys.title, self.titles[entry_id])
                self._add_near(keys, ("catalogue", entry_id))
        return self._near

    def _add_near(self, keys: RowKeys, where: tuple[str, int]) -> None:
        entry = (keys.title, where)
        by_sketch = self._near.get(keys.structure)
        if by_sketch is None:
            by_sketch = self._near[keys.structure] = {}
        for sketch in keys.sketches:
            found = by_sketch.get(sketch)
            if found is None:
                by_sketch[sketch] = entry
            elif isinstance(found, list):
                found.append(entry)
            else:
                by_sketch[sketch] = [found, entry]

    # ------------------------------------------------------------------ matching
    def match(
        self,
        values: Mapping[str, Any],
        *,
        raw_id: object = None,
        exported_title: str | None = None,
        structure_known: bool = True,
        keys: RowKeys | None = None,
    ) -> Match:
        """The entry `values` (a row's normalised fields) speaks of.

        `raw_id`: the row's ID cell; `exported_title`: the title the review workbook's hidden sheet holds
        for that ID (a partner may retitle an entry, the ID still holds); `structure_known`: the sheet has
        a structure column (when it has none, the title alone may match a single offer).
        """
        result = Match()
        keys = keys or self.keys_for(values)
        unusable: Callable[[str], str] | None = None  # the ID warning, once the title has spoken
        if raw_id is not None and str(raw_id).strip():
            entry_id = parse_id(raw_id)
            if entry_id is None:
                result.warnings.append(ID_BAD(id=str(raw_id).strip()))
            elif entry_id not in self.keys:
                unusable = partial(_id_unknown, entry_id)
            elif self._plausible(entry_id, keys, exported_title):
                result.entry_id, result.how = entry_id, "id"
                return result
            else:
                unusable = partial(_id_other_entry, entry_id, self.titles[entry_id])
        if keys.title:
            if self.kind == "offers":
                self._match_offer(keys, structure_known, result)
            else:
                self._match_action(keys, result)
        if unusable is not None and not result.problem:
            then = BY_TITLE(id=result.entry_id) if result.entry_id is not None else AS_NEW()
            result.warnings.append(unusable(then))
        return result

    def keys_for(self, values: Mapping[str, Any]) -> RowKeys:
        """The folded keys of a row's values (structure names folded once per distinct name)."""
        title = vocab.fold_cached(str(values.get("title") or ""))
        if self.kind == "offers":
            name = str(values.get("structure") or "")
            structure = self._folded.get(name)
            if structure is None:
                structure = self._folded.setdefault(name, vocab.fold(name))
            return RowKeys(title, structure, "", vocab.fold(str(values.get("partner_ref") or "")))
        return RowKeys(title, "", vocab.fold(str(values.get("code") or "")), "")

    def _plausible(self, entry_id: int, keys: RowKeys, exported_title: str | None) -> bool:
        mine = self.keys[entry_id]
        if not keys.title or mine.title == keys.title:
            return True
        if exported_title is not None and vocab.fold(exported_title) == mine.title:
            return True  # our own review workbook: the partner retitled the entry it was sent
        if _ratio(mine.title, keys.title) >= ID_TITLE_RATIO:
            return True
        if self.kind == "actions" and keys.code and keys.code == mine.code:
            return _ratio(mine.title, keys.title) >= 0.4
        return self.kind == "offers" and bool(keys.ref) and keys.ref == mine.ref

    def _match_offer(self, keys: RowKeys, structure_known: bool, result: Match) -> None:
        if keys.ref:
            found = [i for i in self._by_ref.get(keys.ref, []) if self.keys[i].structure == keys.structure]
            if not keys.structure and not found:
                found = self._by_ref.get(keys.ref, [])
            if len(found) == 1:
                result.entry_id, result.how = found[0], "ref"
                return
            if len(found) > 1:
                found = [i for i in found if self.keys[i].title == keys.title] or found
                if len(found) == 1:
                    result.entry_id, result.how = found[0], "ref"
                else:
                    result.problem = AMBIGUOUS(ids=_ids_text(found))
                return
        found = self._by_pair.get((keys.title, keys.structure), [])
        if not found and (not structure_known or not keys.structure):
            found = self._by_title.get(keys.title, [])  # the sheet does not say which structure
        if len(found) == 1:
            result.entry_id, result.how = found[0], "key"
        elif len(found) > 1:
            result.problem = AMBIGUOUS(ids=_ids_text(found))

    def _match_action(self, keys: RowKeys, result: Match) -> None:
        found = self._by_title.get(keys.title, [])
        if keys.code and found:
            # Same title, different codes: two actions of the roadmap that share a wording.
            found = [i for i in found if self.keys[i].code in (keys.code, "")]
        if not found and keys.code:
            by_code = [
                i
                for i in self._by_code.get(keys.code, [])
                if _ratio(self.keys[i].title, keys.title) >= CODE_TITLE_RATIO
            ]
            if len(by_code) == 1:
                result.entry_id, result.how = by_code[0], "code"
                return
        if len(found) > 1:
            found = [i for i in found if self.keys[i].code == keys.code] or found
        if len(found) == 1:
            result.entry_id, result.how = found[0], "key"
        elif len(found) > 1:
            result.problem = AMBIGUOUS(ids=_ids_text(found))

    # ------------------------------------------------------------------ near-duplicates
    def near_duplicate(self, values: Mapping[str, Any], keys: RowKeys | None = None) -> str | None:
        """A warning when a new entry's title is very close to another of the same structure (catalogue or
        earlier rows of this sheet), else None. Exact title equality is the matcher's business, not this."""
        keys = keys or self.keys_for(values)
        if not keys.title:
            return None
        seen: set[str] = set()
        numbers = _numbers(keys.title)
        near = self._near_index().get(keys.structure, {})
        for sketch in keys.sketches:
            found = near.get(sketch)
            if found is None:
                continue
            for other, where in reversed(found) if isinstance(found, list) else (found,):
                if other == keys.title or other in seen:
                    continue
                seen.add(other)
                if len(seen) > _MAX_CANDIDATES:
                    return None
                if numbers and (theirs := _numbers(other)) and theirs != numbers:
                    continue  # « Offre test 12 » / « Offre test 13 », « Promo 2024 » / « Promo 2025 »: two things
                matcher = difflib.SequenceMatcher(None, keys.title, other, autojunk=False)
                if (
                    matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
                    and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
                    and matcher.ratio() >= NEAR_DUPLICATE_RATIO
                ):
                    kind, number = where
                    place = NEAR_IN_CATALOGUE(id=number) if kind == "catalogue" else NEAR_IN_SHEET(row=number)
                    return NEAR_DUPLICATE(
                        title=values.get("title"), other=self._shown.get(other, other), where=place
                    )
        return None

    def remember(self, values: Mapping[str, Any], row: int, keys: RowKeys | None = None) -> None:
        """Record a planned insertion, so later rows of the sheet are compared with it too."""
        keys = keys or self.keys_for(values)
        self._near_index()
        self._shown.setdefault(keys.title, str(values.get("title") or ""))
        self._add_near(keys, ("sheet", row))


@lru_cache(maxsize=16384)  # a sheet's titles reuse few distinct words; runs on every word of every title
def _stem(word: str) -> str:
    """A word without its plural and feminine marks (« innovantes » → « innovant »)."""
    for end in ("s", "x"):
        if len(word) > 3 and word.endswith(end):
            word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)  # runs on every candidate of every new title
def _numbers(title: str) -> tuple[str, ...]:
    """The numbers in a title, as numbers (« Lot 01 » and « Lot 1 » say the same)."""
    return tuple(n.lstrip("0") or "0" for n in _NUMBER.findall(title))


def _sketches(title: str) -> set[str]:
    """Keys shared by two titles that differ by plural or feminine marks and at most one word (added,
    removed or mistyped): the stemmed words, whole and with each word left out in turn."""
    words = [_stem(w) for w in _WORD.findall(title)[:_MAX_WORDS]]
    sketches = {" ".join(words)}
    if len(words) > 1:
        sketches.update(" ".join(words[:i] + words[i + 1 :]) for i in range(len(words)))
    return sketches


def _id_unknown(entry_id: int, then: str) -> str:
    return ID_UNKNOWN(id=entry_id, then=then)


def _id_other_entry(entry_id: int, title: str, then: str) -> str:
    return ID_OTHER_ENTRY(id=entry_id, title=title, then=then)


def parse_id(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw > 0 else None
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and raw > 0 else None
    text = str(raw).strip().lstrip("#").removeprefix("n°").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() and int(text) > 0 else None
