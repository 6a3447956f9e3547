"""Printed cell text to values, under the codebook's rules."""

from __future__ import annotations

import pytest

from ingest.normalize import ValueStatus, label_key, parse_value


@pytest.mark.parametrize(
    ("printed", "value", "status"),
    [
        ("0", 0.0, ValueStatus.VALUE),
        ("12", 12.0, ValueStatus.VALUE),
        ("１２３", 123.0, ValueStatus.VALUE),  # full-width digits
        ("1 234", 1234.0, ValueStatus.VALUE),  # a space inside a number
        ("1,234", 1234.0, ValueStatus.VALUE),  # thousands separator
        ("12,345.50", 12345.5, ValueStatus.VALUE),
        ("−185", -185.0, ValueStatus.VALUE),  # U+2212 minus, as 本年增/减 prints it
        ("-185", -185.0, ValueStatus.VALUE),
        ("－185", -185.0, ValueStatus.VALUE),  # full-width hyphen-minus
        ("+12", 12.0, ValueStatus.VALUE),
        ("3件", 3.0, ValueStatus.VALUE),
        ("15 条", 15.0, ValueStatus.VALUE),
        ("", None, ValueStatus.BLANK),
        ("   ", None, ValueStatus.BLANK),
        ("\u3000", None, ValueStatus.BLANK),
        ("/", None, ValueStatus.NOT_REPORTED),
        ("—", None, ValueStatus.NOT_REPORTED),
        ("-", None, ValueStatus.NOT_REPORTED),
        ("无", None, ValueStatus.NOT_REPORTED),
        ("不适用", None, ValueStatus.NOT_REPORTED),
        ("见附件", None, ValueStatus.UNPARSED),
    ],
)
def test_parse_value(printed: str, value: float | None, status: ValueStatus) -> None:
    parsed = parse_value(printed)
    assert (parsed.value, parsed.status) == (value, status)


@pytest.mark.parametrize(
    ("printed", "value", "unit"),
    [
        ("36800元", 36800.0, "元"),
        ("12件", 12.0, "件"),
        ("3.5万元", 35_000.0, "万元"),  # the value in 元, the printed unit kept
        ("551.69万元", 5_516_900.0, "万元"),
        ("1.2万件", 12_000.0, "万件"),
        ("2亿元", 200_000_000.0, "亿元"),
        ("￥36,800", 36800.0, "元"),
        ("¥3.5万", 35_000.0, "万元"),
        ("12件次", 12.0, "件次"),
        ("3.5 万元", 35_000.0, "万元"),
        ("3万", 30_000.0, "万"),
    ],
)
def test_a_cell_with_a_unit_is_a_value_in_that_unit(printed: str, value: float, unit: str) -> None:
    parsed = parse_value(printed)
    assert (parsed.value, parsed.status, parsed.unit) == (value, ValueStatus.VALUE, unit)


def test_unit_words_alone_are_not_values() -> None:
    for printed in ("万元", "元", "其他对外管理服务事项"):
        assert parse_value(printed).status is ValueStatus.UNPARSED


def test_blank_is_never_zero() -> None:
    for printed in ("", "/", "—", "无"):
        assert parse_value(printed).value is None
        assert not parse_value(printed).reported


def test_label_key_ignores_spacing_and_punctuation_width() -> None:
    assert label_key("（三）不予公开 1. 属于 国家秘密") == label_key("(三)不予公开1.属于国家秘密")
    assert label_key("3. 危及“三安全一稳定”") == label_key('3.危及"三安全一稳定"')
