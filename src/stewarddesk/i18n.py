"""Translations for the core and the GUI: one mechanism, French first, English complete.

Every user-visible sentence is a `Msg` holding both languages side by side, declared next to the code
that uses it. Declaring both at once means a key can never be missing in one language; a test checks that
both texts of every message have the same placeholders.

The language follows the system (`LC_ALL`, `LC_MESSAGES`, `LANG`); `STEWARDDESK_LANG` or
`set_language()` override it (the GUI's setting calls `set_language`).
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Final, Literal

Lang = Literal["fr", "en"]
LANGUAGES: Final[tuple[Lang, ...]] = ("fr", "en")

_override: Lang | None = None


def system_language(environ: Mapping[str, str] | None = None) -> Lang:
    """French unless the environment asks for another language; English for any non-French locale."""
    env = os.environ if environ is None else environ
    explicit = env.get("STEWARDDESK_LANG", "").strip().lower()[:2]
    if explicit in LANGUAGES:
        return "fr" if explicit == "fr" else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "fr" if value.lower().startswith("fr") else "en"
    return "fr"  # users are French; a bare C locale (CI, services) is not a choice of English


def current_language() -> Lang:
    return _override or system_language()


def set_language(lang: Lang | None) -> None:
    """Force a language for this process (None: follow the system again)."""
    global _override
    _override = lang


_REGISTRY: dict[str, Msg] = {}


class Msg:
    """A translatable message: `MSG(months=3)` renders it in the current language."""

    __slots__ = ("en", "fr", "key")

    def __init__(self, key: str, fr: str, en: str) -> None:
        if key in _REGISTRY:
            raise ValueError(f"duplicate message key {key!r}")
        self.key, self.fr, self.en = key, fr, en
        _REGISTRY[key] = self

    def render(self, lang: Lang, /, **params: object) -> str:
        text = self.fr if lang == "fr" else self.en
        return text.format(**params) if params else text

    def __call__(self, **params: object) -> str:
        return self.render(current_language(), **params)

    def placeholders(self, lang: Lang) -> set[str]:
        text = self.fr if lang == "fr" else self.en
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    def __repr__(self) -> str:
        return f"Msg({self.key!r})"


def singular(lang: Lang, count: int) -> bool:
    """Whether `count` takes the singular: French says « 0 entrée », English « 0 entries »."""
    return abs(count) < 2 if lang == "fr" else abs(count) == 1


class Plural:
    """A message whose words agree with a number, `{count}` in both forms: `EXPORTED(3, path=p)`.
    `count=` among the parameters replaces the number shown (its digits grouped: `MORE(n, count="4 980")`).

    Two `Msg`s (keys `key.one` and `key.many`), so both languages stay declared side by side.
    """

    __slots__ = ("many", "one")

    def __init__(self, key: str, fr: tuple[str, str], en: tuple[str, str]) -> None:
        self.one = Msg(f"{key}.one", fr[0], en[0])
        self.many = Msg(f"{key}.many", fr[1], en[1])

    def render(self, lang: Lang, count: int, /, **params: object) -> str:
        msg = self.one if singular(lang, count) else self.many
        return msg.render(lang, **({"count": count} | params))

    def __call__(self, count: int, /, **params: object) -> str:
        return self.render(current_language(), count, **params)

    def __repr__(self) -> str:
        return f"Plural({self.one.key.removesuffix('.one')!r})"


_QUOTED = Msg("i18n.quoted", "« {text} »", "“{text}”")


def quoted(text: object) -> str:
    """A name or value quoted as the language quotes it: « Impulse » in French, “Impulse” in English."""
    return _QUOTED(text=text)


def all_messages() -> dict[str, Msg]:
    """Every message declared so far (import the modules first)."""
    return dict(_REGISTRY)


def tr(key: str, /, **params: object) -> str:
    """Render a registered message by key (for messages chosen at run time, e.g. flag reasons)."""
    return _REGISTRY[key](**params)
