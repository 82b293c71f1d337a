"""The normaliser under the spellings people really produce: every label, code and variant of every
vocabulary, re-cased, stripped of accents, re-spaced (no-break spaces, line breaks, doubled spaces),
with typographic apostrophes and dashes, in lists joined by any separator, always names its code; and
adversarial text around real labels never makes it crash or name a wrong code.

tests/test_vocab.py already feeds arbitrary text to `normalise`/`normalise_many`; these start from the
real labels, where a wrong answer would be silent.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from stewarddesk import vocab
from stewarddesk.vocab import VOCABULARIES, UnknownValue, normalise, normalise_many

from .profiles import FUZZ, examples

FORMS = [
    (name, term.code, form)
    for name, terms in VOCABULARIES.items()
    for term in terms
    for form in vocab._forms(name, term)
]
SPACES = ["", " ", "  ", "\u00a0", "\u202f", "\t", "\n"]


@st.composite
def respelt(draw: st.DrawFn, form: str, *, line_breaks: bool = True) -> str:
    """`form` as a partner may have typed it: case, accents, spaces, apostrophes and dashes changed (and
    line breaks between its words, unless it is one value of a list, where a line break separates)."""
    text = form
    if draw(st.booleans()):
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    case = draw(st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase]))
    text = case(text)
    text = text.replace("'", draw(st.sampled_from(["'", "’", "ʼ", "`"])))
    text = text.replace("-", draw(st.sampled_from(["-", "‑", "–", " "])))
    words = text.split(" ")
    spaces = [" ", "  ", "\u00a0", " \n"] if line_breaks else [" ", "  ", "\u00a0"]
    seps = draw(st.lists(st.sampled_from(spaces), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True)).rstrip()
    around = SPACES if line_breaks else [s for s in SPACES if "\n" not in s]
    return draw(st.sampled_from(around)) + text + draw(st.sampled_from(around))


@settings(FUZZ, max_examples=examples(600))
@given(st.sampled_from(FORMS), st.data())
def test_every_respelt_form_names_its_code(form: tuple[str, str, str], data: st.DataObject) -> None:
    name, code, text = form
    typed = data.draw(respelt(text))
    assert normalise(name, typed) == code, (typed, code)


@settings(FUZZ, max_examples=examples(300))
@given(
    name=st.sampled_from(sorted(VOCABULARIES)),
    data=st.data(),
    sep=st.sampled_from([";", "; ", " ; ", ",", ", ", "\n", "\r\n", " ;\u00a0"]),
)
def test_lists_of_respelt_forms_keep_their_order(name: str, data: st.DataObject, sep: str) -> None:
    forms = [(code, text) for v, code, text in FORMS if v == name and "," not in text and ";" not in text]
    chosen = data.draw(st.lists(st.sampled_from(forms), min_size=1, max_size=5))
    typed = sep.join(data.draw(respelt(text, line_breaks=False)) for _, text in chosen)
    assert normalise_many(name, typed) == list(dict.fromkeys(code for code, _ in chosen)), typed


NOISE = st.text(
    alphabet=st.sampled_from(
        [*"xyz#?!*0123456789()[]", "\u200f", "\u202e", "\u0301", "🚀", "\ufe0f", "\x07", "\x1b", "ﷺ", "ا"]
    ),
    min_size=1,
    max_size=6,
)


@settings(FUZZ, max_examples=examples(400))
@given(form=st.sampled_from(FORMS), before=NOISE | st.just(""), after=NOISE | st.just(""))
def test_noise_around_a_label_is_refused_or_ignored_never_a_wrong_code(
    form: tuple[str, str, str], before: str, after: str
) -> None:
    name, code, text = form
    for call in (normalise, normalise_many):
        try:
            result = call(name, before + text + after)
        except UnknownValue as exc:
            assert exc.vocab == name and str(exc)
            continue
        found = result if isinstance(result, list) else [result]
        # Only invisible or ignorable noise may be dropped; then the label's own code is the answer.
        assert found == [code], (before, text, after, found)
