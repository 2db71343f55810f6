"""Cell values: what a spreadsheet user may type, and the canonical text the exporters and templates write."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph import ontology
from graph.ontology import Prop
from loaders.columns import match_header, node_columns, rel_columns
from loaders.readers import decode, spec_named
from loaders.values import CHINA, format_value, parser_for

COMPOUND = ontology.NODE_BY_NAME["Compound"]


def parse(prop_type: str, raw: object, **extra: object) -> object:
    return parser_for(Prop("x", prop_type, "x", **extra))(raw)


@pytest.mark.parametrize("raw", ["2020-03-05", "2020/3/5", "2020.03.05", "2020年3月5日", dt.datetime(2020, 3, 5)])
def test_dates_as_people_write_them(raw: object) -> None:
    assert parse("date", raw) == dt.date(2020, 3, 5)


@pytest.mark.parametrize("raw, expected", [
    ("2020-06-01T09:30", dt.datetime(2020, 6, 1, 9, 30, tzinfo=CHINA)),
    ("2020-06-01 09:30:15", dt.datetime(2020, 6, 1, 9, 30, 15, tzinfo=CHINA)),
    ("2020-06-01T01:30:00Z", dt.datetime(2020, 6, 1, 1, 30, tzinfo=dt.UTC)),
])
def test_datetimes_without_an_offset_are_china_time(raw: str, expected: dt.datetime) -> None:
    assert parse("datetime", raw) == expected


@pytest.mark.parametrize("raw, expected", [("是", True), ("否", False), ("Y", True), ("no", False), ("TRUE", True), (1, True)])
def test_booleans(raw: object, expected: bool) -> None:
    assert parse("bool", raw) is expected


def test_lists_numbers_and_enumerations() -> None:
    assert parse("string_list", "a; b；c、d|e") == ["a", "b", "c", "d", "e"]
    assert parse("int", "1,234") == 1234 and parse("int", 12.0) == 12 and parse("int", "１２") == 12
    assert parse("string", 510603.0) == "510603"  # an id Excel typed as a number
    assert parse("string", "Grand Party Committee", enum=("grand_party_committee",)) == "grand_party_committee"
    with pytest.raises(ValueError, match="expected one of a, b, got 'c'"):
        parse("string", "c", enum=("a", "b"))
    with pytest.raises(ValueError, match="expected a value from -90 to 90, got 91"):
        parse("float", "91", minimum=-90, maximum=90)
    with pytest.raises(ValueError, match="expected a whole number"):
        parse("int", "1.5")
    with pytest.raises(ValueError, match="expected a date"):
        parse("date", "2020-02-30")


# A cell's text: no control character, lone surrogate, noncharacter, line separator or byte-order mark
# (graph/types.py refuses or drops those; see tests/test_loaders_hostile.py).
CELL_TEXT = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\ufffe\uffff\u2028\u2029")
SAMPLES = {
    "string": st.text(alphabet=CELL_TEXT, min_size=1).map(str.strip).filter(bool),
    "int": st.integers(-10**12, 10**12),
    "float": st.floats(allow_nan=False, allow_infinity=False, width=64),
    "bool": st.booleans(),
    "date": st.dates(),
    "datetime": st.datetimes(timezones=st.sampled_from([CHINA, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])),
    "string_list": st.lists(st.text(alphabet=st.characters(blacklist_characters=";；、|\ufeff\ufffe\uffff\u2028\u2029",
                                                           blacklist_categories=("Cs", "Cc")),
                                    min_size=1).map(str.strip).filter(bool), min_size=1),
}


@pytest.mark.parametrize("prop_type", sorted(SAMPLES))
@given(data=st.data())
def test_canonical_text_reads_back_to_the_same_value(prop_type: str, data: st.DataObject) -> None:
    value = data.draw(SAMPLES[prop_type])
    assert parse(prop_type, format_value(prop_type, value)) == value


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_every_encoding_we_accept_decodes_what_we_wrote(text: str) -> None:
    for encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert decode(text.encode(encoding))[0] == text
    try:
        data = text.encode("gb18030")
    except UnicodeEncodeError:
        return
    assert decode(data)[0] == text


def test_headers_in_english_chinese_or_both() -> None:
    for header in ("name", "名称", "名称 name", "名称(name)", "name（名称）", "NAME", "名称*"):
        assert match_header(COMPOUND, header).name == "name", header
    assert match_header(COMPOUND, "上级区域").name == "parent"
    assert match_header(COMPOUND, "popluation").startswith("unknown column 'popluation'")
    serves_in = ontology.REL_BY_TYPE["SERVES_IN"]
    assert match_header(serves_in, "起点编号").name == "source" and match_header(serves_in, "派出单位").name == "on_behalf_of"


def test_file_and_sheet_names() -> None:
    assert spec_named("compounds") is spec_named("Compound") is spec_named("小区院落") is spec_named("小区/院落") is COMPOUND
    assert spec_named("serves_in") is ontology.REL_BY_TYPE["SERVES_IN"] is spec_named("任职")
    assert spec_named("compunds") is None


def test_every_header_of_a_kind_names_one_column() -> None:
    """Chinese labels must be unique within a file, or a Chinese header would be ambiguous."""
    for spec in (*ontology.NODE_KINDS, *(r for r in ontology.REL_KINDS if r.file)):
        columns = node_columns(spec) if spec in ontology.NODE_KINDS else rel_columns(spec)
        for column in columns:
            assert match_header(spec, column.label_zh) is column
            assert match_header(spec, column.bilingual) is column
