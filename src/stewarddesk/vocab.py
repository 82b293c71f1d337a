"""The controlled vocabularies of DESIGN.md: stable codes, their French and English labels, and the
recognition of what people actually type in spreadsheets.

Values are stored as codes; the UI and exports show labels. An import recognises, through `fold` (case,
accents, apostrophes, dashes and spacing ignored): the code, the French label, the English label, either half
of a label of the form « A / B », and the variants listed explicitly in `_VARIANTS` (abbreviations such as
`CT`, masculine forms such as « Réalisé », « En cours »…). Anything else is an `UnknownValue`: we never
guess, so a typo or an unforeseen value becomes a row problem the user sees, not a silent wrong code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from stewarddesk.errors import BugError, KnownError
from stewarddesk.i18n import Lang, Msg, current_language


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: the stored code and its two display labels."""

    code: str
    fr: str
    en: str

    def label(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


VOCABULARIES: Final[dict[str, tuple[Term, ...]]] = {
    "action_status": (
        Term("to_define", "À définir", "To be defined"),
        Term("to_specify", "À préciser", "To be specified"),
        Term("to_start", "À engager", "To be started"),
        Term("engaged", "Engagée", "In progress"),
        Term("done", "Réalisée", "Completed"),
        Term("dropped", "Abandonnée", "Abandoned"),
    ),
    "term": (
        Term("short", "Court terme", "Short term"),
        Term("medium", "Moyen terme", "Medium term"),
        Term("long", "Long terme", "Long term"),
        Term("medium_long", "Moyen/long terme", "Medium/long term"),
    ),
    "carrier_type": (
        Term("metropole", "Métropole", "Metropolis"),
        Term("ecosystem", "Acteurs de l'écosystème", "Ecosystem players"),
        Term("mixed", "Mixte (collective)", "Mixed (joint)"),
    ),
    "need": (
        Term("orientation", "Orientation / information", "Guidance / information"),
        Term("support", "Accompagnement", "Support"),
        Term("funding", "Financement", "Funding"),
        Term("hosting", "Hébergement", "Hosting"),
        Term("recruitment", "Recrutement / RH", "Recruitment / HR"),
        Term("research", "Lien recherche / laboratoires", "Research / laboratory links"),
        Term("international", "International", "International"),
        Term("network", "Mise en réseau / événements", "Networking / events"),
        Term("training", "Formation", "Training"),
        Term("prototyping", "Prototypage / fab lab", "Prototyping / fab lab"),
    ),
    "stage": (
        Term("idea", "Émergence", "Idea"),
        Term("creation", "Création", "Company creation"),
        Term("growth", "Croissance", "Growth"),
        Term("scale", "Hypercroissance", "Scale-up"),
    ),
    "offer_status": (
        Term("active", "Active", "Active"),
        Term("suspended", "Suspendue", "Suspended"),
        Term("archived", "Archivée", "Archived"),
    ),
}

# The only spellings accepted beyond code, labels and halves of « A / B » labels. Each entry is a form seen
# in partners' sheets (or its obvious sibling: the masculine form of a feminine label). Keep it explicit:
# adding a variant here is a decision, not a heuristic.
_VARIANTS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "action_status": {
        "engaged": ("En cours", "Engagé"),
        "done": ("Réalisé",),
        "dropped": ("Abandonné",),
    },
    "term": {
        "short": ("CT",),
        "medium": ("MT",),
        "long": ("LT",),
        "medium_long": ("MLT", "MT/LT", "Moyen-long terme", "Moyen et long terme", "Moyen à long terme"),
    },
    "carrier_type": {
        "ecosystem": ("Écosystème",),
        # « Collectivement »: the roadmap's « Action … à définir collectivement ».
        "mixed": ("Mixte", "Collective", "Collectif", "Collectivement"),
    },
    "stage": {
        "scale": ("Hyper-croissance",),
    },
    "offer_status": {
        "active": ("Actif",),
        "suspended": ("Suspendu",),
        "archived": ("Archivé",),
    },
}

# One message per vocabulary: French agrees in gender with the vocabulary's name (« temporalité inconnue »).
_UNKNOWN: Final[dict[str, Msg]] = {
    "action_status": Msg(
        "vocab.unknown.action_status",
        "statut « {raw} » inconnu ; valeurs possibles : {allowed}",
        "unknown status “{raw}”; allowed values: {allowed}",
    ),
    "term": Msg(
        "vocab.unknown.term",
        "temporalité « {raw} » inconnue ; valeurs possibles : {allowed}",
        "unknown term “{raw}”; allowed values: {allowed}",
    ),
    "carrier_type": Msg(
        "vocab.unknown.carrier_type",
        "type de porteur « {raw} » inconnu ; valeurs possibles : {allowed}",
        "unknown carrier type “{raw}”; allowed values: {allowed}",
    ),
    "need": Msg(
        "vocab.unknown.need",
        "besoin « {raw} » inconnu ; valeurs possibles : {allowed}",
        "unknown need “{raw}”; allowed values: {allowed}",
    ),
    "stage": Msg(
        "vocab.unknown.stage",
        "stade « {raw} » inconnu ; valeurs possibles : {allowed}",
        "unknown stage “{raw}”; allowed values: {allowed}",
    ),
    "offer_status": Msg(
        "vocab.unknown.offer_status",
        "statut « {raw} » inconnu ; valeurs possibles : {allowed}",
        "unknown status “{raw}”; allowed values: {allowed}",
    ),
}

# A cell can hold a whole paragraph; the message stays one readable line.
_SHOWN_MAX: Final = 60


def _terms(vocab: str) -> tuple[Term, ...]:
    try:
        return VOCABULARIES[vocab]
    except KeyError:
        raise KeyError(f"unknown vocabulary {vocab!r}") from None


def codes(vocab: str) -> tuple[str, ...]:
    """The codes of `vocab`, in display order. Raises KeyError for an unknown vocabulary."""
    return tuple(t.code for t in _terms(vocab))


def label(vocab: str, code: str, lang: Lang | None = None) -> str:
    """The label of `code` (current language by default). Raises KeyError for an unknown vocabulary or code;
    use `label_or_code` to display data that may hold odd codes."""
    for t in _terms(vocab):
        if t.code == code:
            return t.label(lang or current_language())
    raise KeyError(f"{vocab} has no code {code!r}")


def label_or_code(vocab: str, code: str, lang: Lang | None = None) -> str:
    """The label of `code` if it is known, else `code` itself unchanged (never raises)."""
    try:
        return label(vocab, code, lang)
    except KeyError:
        return code


# Apostrophe look-alikes people (and Word's autocorrect) type instead of «'» (and « ´ », see `fold`).
_APOSTROPHES: Final = "\u2019\u2018\u201b\u02bc\u2032`"
_SPACES_AROUND_SLASH: Final = re.compile(r" ?/ ?")


class _FoldTable(dict[int, str]):
    """`str.translate` table of fold's per-character rules, filled lazily: one category lookup per distinct
    character ever seen rather than per character of every text (fold runs on every cell of an import)."""

    def __missing__(self, codepoint: int) -> str:
        ch = chr(codepoint)
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Cf"):
            out = ""  # accents (combining marks after NFKD) and invisible format characters
        elif cat == "Pd" or ch in "_\u2212":
            out = " "  # hyphens and dashes of every kind, underscore, minus sign
        elif ch in _APOSTROPHES:
            out = "'"
        else:
            out = ch
        self[codepoint] = out
        return out


_FOLD_TABLE: Final = _FoldTable()
_ASCII_FOLD: Final = str.maketrans("-_`", "  '")


def fold(text: str) -> str:
    """The comparison key of a text: casefolded, accents removed, typographic apostrophes turned into «'»,
    every dash, hyphen and underscore and every run of whitespace (NBSP, line breaks included) turned into
    one space, invisible format characters (soft hyphen, zero-width space, BOM) dropped, trimmed.

    `fold(fold(s)) == fold(s)`. Used for vocabulary values, header names and title matching alike.
    """
    if text.isascii():  # the common case, and the same result as the general path below
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    # The acute accent typed alone as an apostrophe (« l´écosystème »): before NFKD, which would split it
    # into a space and a combining accent.
    text = text.replace("\u00b4", "'")
    # NFKD both before and after casefold: casefold may produce composed letters and NFKD may produce
    # capitals (compatibility characters such as « ℌ »).
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return " ".join(text.translate(_FOLD_TABLE).split())


@lru_cache(maxsize=1 << 16)
def fold_cached(text: str) -> str:
    """`fold`, remembered (the newest 65,536 texts). For an import's hot path: one title is folded by the
    normaliser, the matcher and the writer, and structure and sector names recur on every row."""
    return fold(text)


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """`fold`, plus the spacing around «/» and inside brackets made irrelevant (« moyen / long terme »
    is « Moyen/long terme », « Mixte ( collective ) » is « Mixte (collective) »)."""
    key = _SPACES_AROUND_SLASH.sub("/", fold(text))
    return key.replace("( ", "(").replace(" )", ")")


def _forms(vocab: str, term: Term) -> list[str]:
    forms = [term.code, term.fr, term.en, *_VARIANTS.get(vocab, {}).get(term.code, ())]
    for lab in (term.fr, term.en):
        if " / " in lab:  # « A / B »: either half alone names the value too
            forms += lab.split(" / ")
    return forms


def _build_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for vocab, terms in VOCABULARIES.items():
        keys: dict[str, str] = {}
        for term in terms:
            for form in _forms(vocab, term):
                key = _key(form)
                if not key:
                    raise BugError(f"{vocab}.{term.code}: the form {form!r} is empty once folded")
                if keys.setdefault(key, term.code) != term.code:
                    raise BugError(f"{vocab}: {form!r} would name both {keys[key]!r} and {term.code!r}")
        index[vocab] = keys
    if not set(_VARIANTS) <= set(VOCABULARIES) or set(_UNKNOWN) != set(VOCABULARIES):
        raise BugError("_VARIANTS and _UNKNOWN must be keyed by the vocabularies of VOCABULARIES")
    return index


_INDEX: Final = _build_index()


class UnknownValue(KnownError):
    """A value that is none of the recognised forms of a vocabulary. The message (in the current language)
    names the value and lists the labels in that language (the import reads both languages' labels), as
    the command line's other lists of values do."""

    def __init__(self, vocab: str, raw: str) -> None:
        self.vocab = vocab
        self.raw = raw
        shown = " ".join(raw.split())
        if len(shown) > _SHOWN_MAX:
            shown = shown[: _SHOWN_MAX - 1] + "…"
        lang = current_language()
        allowed = ", ".join(t.label(lang) for t in _terms(vocab))
        super().__init__(_UNKNOWN[vocab](raw=shown, allowed=allowed))


def _lookup(vocab: str, raw: str, extra: Mapping[str, str]) -> str | None:
    key = _key(raw)
    keys = _INDEX[vocab]
    for extra_raw, target in extra.items():
        if _key(extra_raw) == key:
            # A profile maps to a code; a label or variant is accepted too. A target that names nothing is
            # ignored rather than guessed at: the value then fails like any unknown value.
            resolved = keys.get(_key(target))
            if resolved is not None:
                return resolved
    return keys.get(key)


def normalise(vocab: str, raw: str, extra: Mapping[str, str] | None = None) -> str | None:
    """The code named by `raw`, or None when `raw` is empty or only whitespace (empty is not an error).

    `extra` (a partner profile's raw label → code) is consulted first, compared through `fold`.
    Raises `UnknownValue` when `raw` is none of the recognised forms, KeyError for an unknown vocabulary.
    """
    _terms(vocab)
    if not raw.strip():
        return None
    code = _lookup(vocab, raw, extra or {})
    if code is None:
        raise UnknownValue(vocab, raw.strip())
    return code


_HARD_SEPARATORS: Final = re.compile(r"[;,\n\r\v\f\x85\u2028\u2029]")


def normalise_many(vocab: str, raw: str, extra: Mapping[str, str] | None = None) -> list[str]:
    """The codes named by `raw`, several values separated by «;», «,», «/» or line breaks; de-duplicated,
    in order of first appearance; [] for an empty cell.

    A label that itself contains «/» (« Moyen/long terme », « Mise en réseau / événements ») is recognised
    whole: the whole text is tried first, then each «;»/«,»/line-break part whole, and only then that part
    split at «/». Raises `UnknownValue` naming the first part that is not recognised.
    """
    _terms(vocab)
    extra = extra or {}
    if not raw.strip():
        return []
    whole = _lookup(vocab, raw, extra)
    if whole is not None:
        return [whole]
    found: list[str] = []
    for part in _HARD_SEPARATORS.split(raw):
        if not part.strip():
            continue
        code = _lookup(vocab, part, extra)
        pieces = [code] if code is not None else [_one(vocab, p, extra) for p in part.split("/") if p.strip()]
        found += pieces
    return list(dict.fromkeys(found))


def _one(vocab: str, part: str, extra: Mapping[str, str]) -> str:
    code = _lookup(vocab, part, extra)
    if code is None:
        raise UnknownValue(vocab, part.strip())
    return code
