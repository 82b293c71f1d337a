"""Every sentence of the window exists in French and English with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import string

import stewarddesk
import stewarddesk.gui
from stewarddesk import i18n


def test_every_gui_message_speaks_both_languages() -> None:
    for module in pkgutil.walk_packages(stewarddesk.gui.__path__, "stewarddesk.gui."):
        importlib.import_module(module.name)
    messages = {k: m for k, m in i18n.all_messages().items() if k.startswith("gui.")}
    assert len(messages) > 150
    for key, msg in messages.items():
        assert msg.fr.strip() and msg.en.strip(), key
        assert msg.placeholders("fr") == msg.placeholders("en"), key
        for text in (msg.fr, msg.en):
            list(string.Formatter().parse(text))
    # Window texts are French first: a French text identical to the English one is a missed translation,
    # except for words that are the same in both languages.
    same = {k for k, m in messages.items() if m.fr == m.en}
    allowed = {
        "gui.dialogs.error_title",
        "gui.history.nothing",
        "gui.history.source.other",
    }
    allowed |= {
        k for k in same if k.startswith("gui.column.")
    }  # Code, Structure, Site, Description, Contact…
    allowed |= {"gui.sidebar.actions", "gui.sidebar.structures", "gui.queue.tab_actions"}
    allowed |= {"gui.structure_merge.actions.one", "gui.structure_merge.actions.many"}  # « 3 actions »
    assert same <= allowed, sorted(same - allowed)


def test_no_message_says_plurals_in_brackets_nor_english_with_french_punctuation() -> None:
    for module in pkgutil.walk_packages(stewarddesk.__path__, "stewarddesk."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    messages = i18n.all_messages()
    assert len(messages) > 500
    for key, msg in messages.items():
        for mark in ("(s)", "(es)", "(x)", "(y/ies)", "(ies)"):
            assert mark not in msg.fr and mark not in msg.en, (key, msg.fr, msg.en)
        for mark in ("«", "»", "n°", "\u00a0", "\u202f", " :", " ;"):
            assert mark not in msg.en, (key, msg.en)
