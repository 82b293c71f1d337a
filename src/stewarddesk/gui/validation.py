"""Checks made as the user types, before anything reaches the catalogue (never a silent bad value).

The catalogue itself refuses what a field cannot hold (unknown codes, bad dates, a missing title); these
checks add what a person expects a form to catch: a malformed e-mail, web address or phone number.
"""

from __future__ import annotations

import re
from typing import Any, Final

from stewarddesk.fields import Field
from stewarddesk.i18n import Msg

REQUIRED = Msg("gui.validation.required", "« {field} » est obligatoire.", "“{field}” is required.")
BAD_EMAIL = Msg(
    "gui.validation.email",
    "« {value} » n'est pas une adresse e-mail (nom@domaine.fr).",
    "“{value}” is not an email address (name@domain.org).",
)
BAD_URL = Msg(
    "gui.validation.url",
    "« {value} » n'est pas une adresse web (https://exemple.fr).",
    "“{value}” is not a web address (https://example.org).",
)
BAD_PHONE = Msg(
    "gui.validation.phone",
    "« {value} » n'est pas un numéro de téléphone (chiffres, espaces, +, points).",
    "“{value}” is not a phone number (digits, spaces, +, dots).",
)

_EMAIL: Final = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]{2,}$")
_URL: Final = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
_PHONE: Final = re.compile(r"^\+?[\d\s.()\-]{6,}$")


def problem(f: Field, value: Any, header: str) -> str | None:
    """Why `value` cannot go into field `f` (None when it can). `header` names the field for the user."""
    empty = value is None or (isinstance(value, str) and not value.strip()) or value == []
    if empty:
        return REQUIRED(field=header) if f.required else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if f.name == "email" and not _EMAIL.match(text):
        return BAD_EMAIL(value=text)
    if f.name in ("url", "website") and not _URL.match(text):
        return BAD_URL(value=text)
    if f.name == "phone" and (not _PHONE.match(text) or sum(c.isdigit() for c in text) < 6):
        return BAD_PHONE(value=text)
    return None
