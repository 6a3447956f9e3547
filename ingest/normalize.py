"""Text normalisation and cell-value parsing under the codebook's rules.

Reports mix full-width and half-width characters, put spaces inside words and numbers, and mark
"not reported" in several ways. Everything that compares printed text with the template goes
through `label_key`; everything that reads a number goes through `parse_value`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

_NON_KEY = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")
_WHITESPACE = re.compile(r"\s+")
# Printed in place of a number to mean "not reported" (never 0).
NOT_REPORTED_MARKERS = frozenset(
    {"/", "\\", "—", "——", "–", "-", "--", "无", "不适用", "空", "×", "*", "——/"}
)
_DASHES = str.maketrans({"−": "-", "－": "-", "–": "-", "—": "-", "﹣": "-", "＋": "+"})
# A unit printed after the number, optionally scaled by 万 or 亿 (3.5万元 is 35000 元).
_UNIT_SUFFIX = re.compile(
    r"(?P<scale>[万亿])?(?P<unit>元|条|件次|件|项|个|人次|次|宗|份|篇|家|户)?$"
)
_SCALES = {"万": 10_000.0, "亿": 100_000_000.0}
_CURRENCY_PREFIX = re.compile(r"^(人民币|[¥￥])")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@lru_cache(maxsize=65536)
def nfkc(text: str) -> str:
    """Full-width to half-width (digits, letters, brackets, colons); ideographic space to space."""
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """Comparable form of a label: only CJK ideographs, digits and letters survive.

    `（三）不予公开 1. 属于 国家秘密` and `(三)不予公开1.属于国家秘密` give the same key.
    """
    return _NON_KEY.sub("", nfkc(text))


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """NFKC with all whitespace removed: for regexes over printed numbers and dates."""
    return _WHITESPACE.sub("", nfkc(text))


class ValueStatus(StrEnum):
    VALUE = "value"  # a printed number
    BLANK = "blank"  # an empty cell: not reported
    NOT_REPORTED = "not_reported"  # a printed marker such as / or 无: not reported
    UNPARSED = "unparsed"  # printed text that is not a number: a parse problem to surface
    INFERRED = "inferred"  # lost by a text export, recovered from the row's own total
    LOST = "lost"  # lost by a text export and not recoverable: not reported
    DECODED = "decoded"  # cut from a flattened row's digit run, the one split its arithmetic allows
    AMBIGUOUS = "ambiguous"  # in a flattened row that several splits explain: not guessed (NULL)


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    status: ValueStatus
    # The unit printed inside the cell (元, 万元, 件, ...); `value` is in its base unit, so
    # 3.5万元 has value 35000 and unit 万元. None when the cell printed a bare number.
    unit: str | None = None

    @property
    def reported(self) -> bool:
        return self.status in (ValueStatus.VALUE, ValueStatus.INFERRED, ValueStatus.DECODED)


@lru_cache(maxsize=8192)
def parse_value(text: str | None) -> ParsedValue:
    """Read one printed cell. Blank and marker cells are NULL (not reported), never 0.

    A unit inside the cell is kept (`unit`) and the value is in its base unit: 36800元 is
    36800, 12件 is 12, 3.5万元 is 35000 (unit 万元), ￥36,800 is 36800 (unit 元).

    Cached: reports repeat the same few cell texts ('0', '', '/') thousands of times.
    """
    if text is None:
        return ParsedValue(None, ValueStatus.LOST)
    compact = squash(text).translate(_DASHES)
    if not compact:
        return ParsedValue(None, ValueStatus.BLANK)
    if compact in NOT_REPORTED_MARKERS or set(compact) <= {"-", "/"}:
        return ParsedValue(None, ValueStatus.NOT_REPORTED)
    unit = None
    scale = 1.0
    currency = _CURRENCY_PREFIX.match(compact)
    if currency:
        compact, unit = compact[currency.end() :], "元"
    match = _UNIT_SUFFIX.search(compact)
    if match and match.start() > 0 and match.end() > match.start():
        unit = match.group(0) if match.group("unit") or unit is None else match.group(0) + unit
        scale = _SCALES.get(match.group("scale") or "", 1.0)
        compact = compact[: match.start()]
    compact = compact.replace("，", ",")
    if _GROUPED_NUMBER.match(compact):
        compact = compact.replace(",", "")
    if compact.startswith("增"):
        compact = compact[1:]
    elif compact.startswith("减"):
        compact = "-" + compact[1:]
    if _NUMBER.match(compact):
        value = float(compact) if scale == 1.0 else round(float(compact) * scale, 6)
        return ParsedValue(value, ValueStatus.VALUE, unit)
    return ParsedValue(None, ValueStatus.UNPARSED, unit)


def is_value_text(text: str) -> bool:
    """True for cells that hold a value or a not-reported marker, i.e. are not label text."""
    return parse_value(text).status is not ValueStatus.UNPARSED


def has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
