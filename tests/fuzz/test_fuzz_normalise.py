"""The import's row normaliser (`importing.normalise.normalise_row`) under any row: cells of every type a
reader can hand it (any text, numbers including NaN and infinities, booleans, dates, date-times, error
values), rows shorter or longer than the header, merged copies, any partner value map, CSV or workbook,
either date system. It never raises; what it returns is what the catalogue stores (each field's type) or
problems with a reason.

test_fuzz_vocab.py and test_fuzz_dates.py cover the two readers it calls; tests/importing/test_normalise.py
holds the worked examples.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stewarddesk import vocab
from stewarddesk.fields import FIELDS, EntryKind
from stewarddesk.importing.cells import CellError
from stewarddesk.importing.normalise import Context, normalise_row
from stewarddesk.importing.readers.base import RawRow

from .profiles import FUZZ, examples

ERRORS = ["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]

cells = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=" \u00a0\u202f\t\r\n\u200b\u200f\u202e'’=+-@;,/.0123456789éA🚀שمx", max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(ERRORS).map(CellError),
)
VOCABS = sorted(vocab.VOCABULARIES)


@settings(FUZZ, max_examples=examples(400))
@given(
    kind=st.sampled_from(["offers", "actions"]),
    data=st.data(),
    is_csv=st.booleans(),
    epoch1904=st.booleans(),
    number=st.integers(2, 1_048_576),
)
def test_normalise_row_never_raises_and_returns_the_catalogue_s_forms(
    kind: EntryKind, data: st.DataObject, is_csv: bool, epoch1904: bool, number: int
) -> None:
    fields = {f.name: f for f in FIELDS[kind]}
    names = data.draw(st.permutations([*fields, "id"]))
    width = len(names)
    values = data.draw(st.lists(cells, max_size=width + 3))
    merged = frozenset(data.draw(st.sets(st.integers(0, width + 2), max_size=3)))
    value_map = data.draw(
        st.dictionaries(
            st.sampled_from(VOCABS),
            st.dictionaries(
                st.text(max_size=12), st.one_of(st.text(max_size=12), st.sampled_from(["funding"]))
            ),
            max_size=2,
        )
    )
    ctx = Context(
        kind,
        dict(enumerate(names)),
        {c: name.capitalize() for c, name in enumerate(names)},
        value_map=value_map,
        is_csv=is_csv,
        epoch1904=epoch1904,
        labelled=frozenset(range(width)),
        header_width=width,
        record_width=width if is_csv else None,
    )
    out = normalise_row(RawRow(number, list(values), merged=merged), ctx)

    assert out.row == number
    if out.skip:  # a section line: nothing of it is kept
        assert not out.values and not out.problems
        return
    for problem in out.problems:
        assert problem.row == number and problem.reason.strip()
    assert all(isinstance(w, str) and w.strip() for w in out.warnings)
    for name, value in out.values.items():
        _assert_stored_form(fields[name].type, fields[name].vocab, value)
    if not out.problems:
        assert isinstance(out.values.get("title"), str) and out.values["title"].strip()


def _assert_stored_form(kind: str, vocabulary: str | None, value: Any) -> None:
    if kind in ("text", "longtext", "structure"):
        assert value is None or isinstance(value, str)
        if kind != "longtext" and value is not None:
            assert "\n" not in value and value == value.strip()
    elif kind == "date":
        assert value is None or dt.date.fromisoformat(value).isoformat() == value
    elif kind == "code":
        assert vocabulary is not None
        assert value is None or value in vocab.codes(vocabulary)
    elif kind == "codes":
        assert vocabulary is not None
        assert isinstance(value, list) and set(value) <= set(vocab.codes(vocabulary))
    else:  # list, structures
        assert isinstance(value, list) and all(isinstance(v, str) and v for v in value)
