"""Title, report year and issuing agency as printed.

The title is the line naming 政府信息公开 … 报告 near the top (a cover letter may quote it inside
《》 first; the quoted one is not the title). The agency is, in order of trust: the text before
the year in the title, the short line just above the title, or the contact sentence 请与…联系.

Archives of crawled reports put a header above the text (标题：…, 发布时间：…, 原文链接：…); its
title, publication date and URL are taken as given, and its lines are not the report's own.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ingest.normalize import squash

_TITLE = re.compile(r"(19|20)\d{2}\s*年.{0,12}政府信息公开.{0,8}报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_CONTACT = re.compile(r"请(?:与|联系)\s*([^，。,；;（(]{2,40}?)\s*联系")
_AGENCY_SUFFIX = re.compile(
    r"(人民政府|政府|办公室|办公厅|委员会|局|厅|部|署|院|委|办|中心|所|队|站|处|街道办事处|管委会|"
    r"管理委员会|集团|公司|支队|大队|分局|法院|检察院|学校|医院|研究院|协会|联合会)$"
)
_HEAD_LINES = 60
_ARCHIVE_FIELDS = {
    "title": ("标题", "题目", "文章标题"),
    "published_on": ("发布时间", "发布日期", "发文日期", "日期"),
    "source_url": ("原文链接", "原文地址", "原文网址", "来源链接", "链接", "网址", "url"),
}
_ARCHIVE_LINE = re.compile(
    r"^\s*(?P<key>"
    + "|".join(k for keys in _ARCHIVE_FIELDS.values() for k in keys)
    + r")\s*[:：]\s*(?P<value>\S.*?)\s*$",
    re.IGNORECASE,
)
_ARCHIVE_HEAD_LINES = 12
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class ReportMetadata:
    title: str | None
    year: int | None
    agency_name: str | None
    published_on: datetime.date | None = None  # from an archive header (发布时间)
    source_url: str | None = None  # from an archive header (原文链接)


@dataclass(frozen=True)
class ArchiveHeader:
    """标题 / 发布时间 / 原文链接 lines a crawler's archive puts above a report's text."""

    title: str | None = None
    published_on: datetime.date | None = None
    source_url: str | None = None
    lines: frozenset[int] = frozenset()  # indexes of the header's lines


def archive_header(lines: list[str]) -> ArchiveHeader:
    """The archive header among the first lines; fields it does not have are None."""
    found: dict[str, str] = {}
    used: set[int] = set()
    for index, line in enumerate(lines[:_ARCHIVE_HEAD_LINES]):
        match = _ARCHIVE_LINE.match(line.replace("\u3000", " "))
        if match is None:
            continue
        key = match.group("key").lower()
        name = next(n for n, keys in _ARCHIVE_FIELDS.items() if key in keys)
        if name not in found:
            found[name] = match.group("value")
            used.add(index)
    url = _URL.search(found.get("source_url", ""))
    return ArchiveHeader(
        title=_clean(found["title"]) if found.get("title") else None,
        published_on=parse_date(found.get("published_on", "")),
        source_url=url.group(0) if url else None,
        lines=frozenset(used),
    )


def parse_date(text: str) -> datetime.date | None:
    """2023-01-16, 2023/1/16 10:00, 2023年1月16日 → a date; None when there is none."""
    match = _ISO_DATE.search(squash(text))
    if match is None:
        return None
    try:
        return datetime.date(*(int(p) for p in match.groups()))
    except ValueError:
        return None


def _clean(text: str) -> str:
    return re.sub(r"^[#\s]+", "", text).strip()


def find_title(lines: list[str]) -> tuple[int, str] | None:
    """(index, title line) of the report's own title among the first lines."""
    candidates = []
    for index, line in enumerate(lines[:_HEAD_LINES]):
        text = _clean(line)
        if len(text) > 80 or "《" in text or "关于" in text:
            continue
        if _TITLE.search(squash(text)) or ("政府信息公开" in text and text.endswith("报告")):
            candidates.append((index, text))
    return candidates[0] if candidates else None


def find_year(title: str | None, lines: list[str]) -> int | None:
    for text in [title or "", *lines[:_HEAD_LINES]]:
        squashed = squash(text)
        if "报告" in squashed or text == title:
            match = _YEAR.search(squashed)
            if match:
                return int(match.group(1))
    return None


def looks_like_agency(text: str) -> bool:
    compact = squash(text)
    return 2 <= len(compact) <= 40 and bool(_AGENCY_SUFFIX.search(compact))


def find_agency(
    title: str | None, title_index: int | None, lines: list[str], text: str
) -> str | None:
    if title:
        prefix = _YEAR.split(squash(title), maxsplit=1)[0]
        if looks_like_agency(prefix):
            return prefix
    if title_index is not None:
        for line in reversed(lines[max(0, title_index - 3) : title_index]):
            if line.strip():
                candidate = _clean(line)
                if looks_like_agency(candidate):
                    return squash(candidate)
                break
    for line in lines[:5]:
        if line.strip():
            candidate = _clean(line)
            if looks_like_agency(candidate):
                return squash(candidate)
            break
    match = _CONTACT.search(squash(text))
    if match and looks_like_agency(match.group(1)):
        return match.group(1)
    return None


def extract_metadata(text: str) -> ReportMetadata:
    all_lines = [line for line in text.splitlines() if "\t" not in line]
    header = archive_header(all_lines)
    # The header's lines are not the report's: blank them, keeping the others' positions.
    lines = ["" if i in header.lines else line for i, line in enumerate(all_lines)]
    found = find_title(lines)
    title_index, body_title = found if found else (None, None)
    title = header.title or body_title
    year = find_year(title, lines)
    agency = (find_agency(header.title, None, [], "") if header.title else None) or find_agency(
        body_title, title_index, lines, text
    )
    return ReportMetadata(
        title=title,
        year=year,
        agency_name=agency,
        published_on=header.published_on,
        source_url=header.source_url,
    )
