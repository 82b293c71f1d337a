"""The shape of the house: only gui/ loads Qt; every message speaks both languages."""

from __future__ import annotations

import pkgutil
import string
import subprocess
import sys

import stewarddesk
from stewarddesk import i18n


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(stewarddesk.__path__, "stewarddesk.")]
    return [n for n in names if not n.startswith("stewarddesk.gui") and n != "stewarddesk.__main__"]


def test_no_module_outside_gui_loads_pyside6() -> None:
    modules = core_modules()
    assert "stewarddesk.catalogue.catalogue" in modules and "stewarddesk.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Qt loaded by the core: {result.stdout}"


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    import importlib

    for name in core_modules():
        importlib.import_module(name)
    messages = i18n.all_messages()
    assert len(messages) > 20
    for key, msg in messages.items():
        assert msg.fr.strip() and msg.en.strip(), key
        assert msg.placeholders("fr") == msg.placeholders("en"), key
        for text in (msg.fr, msg.en):
            list(string.Formatter().parse(text))  # well-formed braces


def test_core_messages_are_translated_not_copied() -> None:
    """An English text identical to the French one is a missed translation, except for the words that are
    the same in both languages (« Actions », « Orientation », « Total »…), listed here one by one."""
    import importlib

    for name in core_modules():
        importlib.import_module(name)
    same_word = {
        "argparse.options",
        "cli.action_count.one",
        "cli.action_count.many",
        "cli.stale.actions",
        "exporting.review.what_actions",
        "exporting.summary.orientation",
        "exporting.summary.total",
        "exporting.xlsx.all_actions",
        "import.kind.actions",
    }
    copied = {
        key
        for key, msg in i18n.all_messages().items()
        if msg.fr == msg.en and not key.startswith("gui.")  # the window's own test covers gui.*
    }
    assert copied <= same_word, sorted(copied - same_word)


def test_language_follows_the_system_with_an_override() -> None:
    assert i18n.system_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert i18n.system_language({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.system_language({"LANG": "de_DE.UTF-8"}) == "en"
    assert i18n.system_language({"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert i18n.system_language({"LANG": "C.UTF-8"}) == "fr"
    assert i18n.system_language({"LANG": "en_US.UTF-8", "STEWARDDESK_LANG": "fr"}) == "fr"
    try:
        i18n.set_language("en")
        assert i18n.tr("store.not_found", path="x") == "Catalogue not found: x"
        i18n.set_language("fr")
        assert i18n.tr("store.not_found", path="x") == "Catalogue introuvable : x"
    finally:
        i18n.set_language(None)


def test_plural_messages_agree_with_their_number_and_quote_as_the_language_does() -> None:
    from stewarddesk.catalogue.references import STILL_USED
    from stewarddesk.importing.shown import INSERTED, counted

    assert STILL_USED.render("fr", 1, value="x").startswith(
        "« x » est utilisé par 1 entrée : retirez-le de cette entrée pour"
    )
    assert STILL_USED.render("fr", 0, value="x").startswith(
        "« x » est utilisé par 0 entrée :"
    )  # French: 0 is one
    assert STILL_USED.render("fr", 2, value="x").startswith(
        "« x » est utilisé par 2 entrées : retirez-le de ces"
    )
    assert STILL_USED.render("en", 0, value="x").startswith("“x” is used by 0 entries: remove it from those")
    assert STILL_USED.render("en", 1, value="x").startswith(
        "“x” is used by 1 entry: remove it from that entry"
    )
    try:
        i18n.set_language("fr")
        assert (i18n.quoted("Impulse"), counted(INSERTED, 4980)) == ("« Impulse »", "4\u202f980 insérées")
        i18n.set_language("en")
        assert (i18n.quoted("Impulse"), counted(INSERTED, 4980)) == ("“Impulse”", "4,980 inserted")
    finally:
        i18n.set_language(None)
