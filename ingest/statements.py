"""Numbers a report states in its prose, for the narrative checks against its own tables.

Reports say what their tables say in words: 收到政府信息公开申请 12 件, 主动公开政府信息 96 条,
未收到行政复议. Each sentence is matched against a few phrasings of a few statements; a statement's
first occurrence in the report wins (later mentions tend to be sub-counts: 其中…). A negated
sentence (未收到…申请, 无…行政复议) states 0. Prose that matches nothing states nothing: the
narrative checks run only where the prose states a number.

Statement codes and what the warehouse compares them with (models/intermediate/
int_report_checks__narrative.sql):
- `applications_received`: section 三 `new_received`, column `total`;
- `applications_received_incl_carried_over`: the number is followed by 含上年结转 (it includes
  last year's carried-over requests):
  `new_received` + `carried_over`, column `total`;
- `review_cases`: section 四 `administrative_review` `total`;
- `litigation_cases`: section 四 `litigation_direct` + `litigation_after_review` `total`;
- `proactive_published` (主动公开政府信息 N 条): recorded only; no template table counts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ingest.document import Document, Paragraph
from ingest.normalize import squash


class Statement(NamedTuple):
    """A number the prose states; a row of `raw.statements` (fields are its columns)."""

    statement_code: str
    value: float | None
    printed_text: str | None
    source_line: int | None


_NUMBER = r"(\d+(?:,\d{3})*|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"(?:件|条|个|份|宗|起|篇|项|次)"
_TOTAL = r"(?:共计|共|合计|总计|累计)?"
# 申请 not followed by 行政复议: "因政府信息公开申请行政复议" is about a review, not a request.
_REQUEST = r"(?:(?:政府)?信息公开(?:的)?申请(?!行政复议)|依申请公开(?:政府信息)?(?:的)?(?:申请)?)"
_RECEIVE = r"(?:新收|收到|受理|接收|接到|登记)"

_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "applications_received": [
        re.compile(_RECEIVE + r"(?:各类|各种|各项)?" + _REQUEST + _TOTAL + _NUMBER + _UNIT),
        re.compile(_RECEIVE + _TOTAL + _NUMBER + _UNIT + r"(?:的)?" + _REQUEST),
    ],
    "review_cases": [
        re.compile(r"行政复议(?:申请|案件)?" + _TOTAL + _NUMBER + _UNIT),
        re.compile(_NUMBER + _UNIT + r"(?:政府信息公开)?行政复议"),
    ],
    "litigation_cases": [
        re.compile(r"行政诉讼(?:案件)?" + _TOTAL + _NUMBER + _UNIT),
        re.compile(_NUMBER + _UNIT + r"(?:政府信息公开)?行政诉讼"),
    ],
    "proactive_published": [
        re.compile(
            r"主动公开(?:各类|各项)?(?:政府信息|信息|文件)" + _TOTAL + _NUMBER + r"(?:条|件|篇)"
        ),
    ],
}
_NEGATED: dict[str, re.Pattern[str]] = {
    "applications_received": re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收)\D*?" + _REQUEST),
    "review_cases": re.compile(r"(?:未|没有|无)(?:收到|受理|发生|出现|产生|涉及)\D*?行政复议"),
    "litigation_cases": re.compile(
        r"(?:未|没有|无)(?:收到|受理|发生|出现|产生|涉及)\D*?(?:行政诉讼|提起诉讼)"
    ),
}
# 含上年结转 right after the number says the number includes last year's carried-over requests
# (N件（含上年结转M件）, N件，其中上年结转M件). Elsewhere in the sentence it qualifies another
# number (办结…，其中上年结转…), and 结转下年度 is carried forward, not over: such a 受理…N件
# is the year's new applications.
_INCLUDES_CARRIED_OVER = re.compile(
    r"^[（(，,、\s]{0,2}(?:含|包括|其中)(?:上年度|上一年度?|上年)结转"
)
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_CLAUSE_END = re.compile(r"[，,：:]")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAX_TEXT = 200


def chinese_number(text: str) -> int | None:
    """一 … 九千九百九十九 (and 十二, 两百) as an int; None for anything else."""
    total, digit = 0, None
    for char in text:
        if char in "零〇" and total:
            continue  # 一千零五: 零 only marks a skipped place
        if char in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row (一二) is not a number
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    value = chinese_number(text)
    return None if value is None else float(value)


def _sentences(document: Document) -> Iterable[tuple[str, int | None]]:
    """Sentences of the prose, in reading order. A text export can put prose lines in a table
    (lines without blank lines between them read as rows), so cells are read as prose too: a
    template table's cells are labels and bare numbers, which state nothing."""
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts = [(block.text, block.line)]
        else:
            texts = [(cell.text, cell.line) for row in block.rows for cell in row]
        for text, line in texts:
            for sentence in _SENTENCE_END.split(squash(text)):
                if sentence:
                    yield sentence, line


def _stated(code: str, sentence: str) -> tuple[float | None, str]:
    """The number the sentence states for `code` and the text after it ('' when negated)."""
    for pattern in _PATTERNS[code]:
        match = pattern.search(sentence)
        if match:
            return _number(match.group(1)), sentence[match.end() :]
    negation = _NEGATED.get(code)
    if negation and any(negation.search(c) for c in _CLAUSE_END.split(sentence)):
        return 0.0, ""
    return None, ""


def extract_statements(document: Document) -> list[Statement]:
    """The first statement of each kind in the report's prose (tables are not prose)."""
    found: dict[str, Statement] = {}
    for sentence, line in _sentences(document):
        for kind in _PATTERNS:
            value, after = (None, "") if kind in found else _stated(kind, sentence)
            if value is None:
                continue
            code = kind
            if kind == "applications_received" and _INCLUDES_CARRIED_OVER.search(after):
                code = "applications_received_incl_carried_over"
            found[kind] = Statement(code, value, sentence[:_MAX_TEXT], line)
    return list(found.values())
