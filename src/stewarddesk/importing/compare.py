"""When two values of a field are the same for an import: the test behind « unchanged », « updated » and
« conflict ».

Empty is empty whatever its form (None, « », []). Several-value fields compare as sets (« Création ;
Croissance » and « Croissance ; Création » are the same stages), structures and carriers through
`vocab.fold` (« Impulse » is « IMPULSE »: the catalogue keeps its own spelling). Everything else compares
exactly: a retyped title or description is a change.
"""

from __future__ import annotations

from typing import Any

from stewarddesk import vocab
from stewarddesk.fields import Field


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not any(not is_empty(v) for v in value)
    return False


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if not is_empty(v)]


def comparable(f: Field, value: Any) -> Any:
    """The form of `value` that `same_value` compares."""
    if is_empty(value):
        return None
    if f.type in ("codes", "list"):
        return frozenset(v.strip() for v in _items(value))
    if f.type == "structures":
        return frozenset(vocab.fold(v) for v in _items(value))
    if f.type == "structure":
        return vocab.fold(str(value))
    return str(value).replace("\u00a0", " ").strip()


def same_value(f: Field, a: Any, b: Any) -> bool:
    if a == b:  # the common case, and never wrong: equal values have equal comparable forms
        return True
    return bool(comparable(f, a) == comparable(f, b))
