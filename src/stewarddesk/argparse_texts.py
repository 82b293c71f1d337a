"""argparse's own texts (usage line, help headings, usage errors) in the user's language.

argparse takes them from `gettext` through the names `_` and `ngettext` it imported at module level; the
system has no French catalogue for them, so a French user read « invalid choice » under French help.
`install()` points those two names at this catalogue: each message argparse can show a user, keyed by its
English text (argparse's msgid), French first like every `Msg`. A text missing here stays English.
The translations keep the msgid's %-placeholders (by name or by position), since argparse formats them.
"""

from __future__ import annotations

import argparse
from typing import Final

from stewarddesk.i18n import Msg, current_language

_TEXTS: Final[dict[str, Msg]] = {
    m.en: m
    for m in (
        Msg("argparse.usage", "utilisation : ", "usage: "),
        Msg("argparse.positionals", "arguments", "positional arguments"),
        Msg("argparse.options", "options", "options"),
        Msg("argparse.help", "afficher cette aide et quitter", "show this help message and exit"),
        Msg(
            "argparse.version",
            "afficher la version du programme et quitter",
            "show program's version number and exit",
        ),
        Msg(
            "argparse.argument",
            "argument %(argument_name)s : %(message)s",
            "argument %(argument_name)s: %(message)s",
        ),
        Msg(
            "argparse.invalid_choice",
            "choix « %(value)s » invalide (valeurs possibles : %(choices)s)",
            "invalid choice: %(value)r (choose from %(choices)s)",
        ),
        Msg(
            "argparse.invalid_value",
            "valeur « %(value)s » invalide (type attendu : %(type)s)",
            "invalid %(type)s value: %(value)r",
        ),
        Msg(
            "argparse.required",
            "arguments obligatoires manquants : %s",
            "the following arguments are required: %s",
        ),
        Msg(
            "argparse.one_required",
            "l'un des arguments %s est obligatoire",
            "one of the arguments %s is required",
        ),
        Msg("argparse.unrecognized", "arguments non reconnus : %s", "unrecognized arguments: %s"),
        Msg("argparse.not_allowed", "incompatible avec l'argument %s", "not allowed with argument %s"),
        Msg(
            "argparse.ignored_explicit",
            "cette option ne prend pas de valeur (%s ignoré)",
            "ignored explicit argument %r",
        ),
        Msg("argparse.expected_one", "une valeur attendue", "expected one argument"),
        Msg("argparse.expected_at_most_one", "au plus une valeur attendue", "expected at most one argument"),
        Msg(
            "argparse.expected_at_least_one", "au moins une valeur attendue", "expected at least one argument"
        ),
        Msg("argparse.expected_n_one", "%s valeur attendue", "expected %s argument"),
        Msg("argparse.expected_n_many", "%s valeurs attendues", "expected %s arguments"),
        Msg(
            "argparse.ambiguous",
            "option ambiguë : %(option)s peut désigner %(matches)s",
            "ambiguous option: %(option)s could match %(matches)s",
        ),
        Msg("argparse.unexpected_option", "option inattendue : %s", "unexpected option string: %s"),
        Msg(
            "argparse.unknown_parser",
            "commande « %(parser_name)s » inconnue (commandes : %(choices)s)",
            "unknown parser %(parser_name)r (choices: %(choices)s)",
        ),
        Msg("argparse.error", "%(prog)s : erreur : %(message)s\n", "%(prog)s: error: %(message)s\n"),
    )
}


def gettext(message: str) -> str:
    """`message` (an argparse msgid) in the current language."""
    msg = _TEXTS.get(message)
    return msg() if msg is not None else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for `n`, in the current language (French: singular below 2)."""
    one = n < 2 if current_language() == "fr" else n == 1
    return gettext(singular if one else plural)


def install() -> None:
    """Make argparse speak the user's language from now on (its help and errors are built at use)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
