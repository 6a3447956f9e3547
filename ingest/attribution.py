"""Who published a report, where, and when.

`attribute()` reads what a report prints and returns the region of the national hierarchy its
issuer belongs to (a county, prefecture, province, or `100000` 全国 for central agencies), the
canonical agency name, the agency's category and the publication date. `RegionIndex.load()`
reads the division seeds once per process.

Where the region comes from, in order of trust (`region_method`):
- `agency_name` / `title`: the places printed in the issuer's name (福建省泉州市石狮市… →
  石狮市). Places are read left to right; each one narrows the previous (福州市鼓楼区 → 350102);
  an ambiguous short name (鼓楼, 朝阳) with no parent in the name is settled by its parents'
  names elsewhere in the text, or left NULL.
- `township`: the deepest place is a 乡/镇/街道; the report goes to the county it sits in.
- `mapping_seed`: a unit outside the MCA list (平潭综合实验区), through `seeds/region_aliases.csv`.
- `national`: a central agency (…部, …总局, 国务院…) whose name carries no place.
- `contact` / `body`: the name lacks a place (政务服务和大数据管理局). The name printed with a place
  in the text (请与获嘉县…联系) decides; otherwise the text's own level (我县, 县委、县政府) picks
  among the divisions it names in strong contexts (云上获嘉, 《新乡日报》) and in the contact block.
- `ambiguous` / `not_found`: no region (NULL): several divisions fit, or the text names none at
  the issuer's level. A guess is never made.

Names are matched in the report's year: a name abolished or renamed later resolves to the code
valid that year (太谷县 in 2018 → 140726), an outdated name to the code that replaced it.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ingest.normalize import nfkc, squash

NATIONAL_CODE = "100000"


class RegionMethod(StrEnum):
    """Where a report's region came from (`region_method`), in order of trust."""

    AGENCY_NAME = "agency_name"
    TITLE = "title"
    TOWNSHIP = "township"
    MAPPING_SEED = "mapping_seed"
    NATIONAL = "national"
    CONTACT = "contact"
    BODY = "body"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


METHODS = tuple(RegionMethod)


class MentionKind(StrEnum):
    """How a place was named: its full name, a seeded alias, a township, or its short name."""

    ALIAS = "alias"
    FULL = "full"
    TOWNSHIP = "township"
    SHORT = "short"


# Short names (石狮 for 石狮市) that are also everyday words in reports: never read as places
# unless printed with their suffix (公安县, 和平区).
# fmt: off
COMMON_WORD_SHORT_NAMES = frozenset((
    "公安", "资源", "合作", "和平", "比如", "南部", "解放", "东方", "前进", "港口", "友好",
    "通道", "共和", "城中", "城区", "郊区", "矿区", "友谊", "平安", "中方", "安定", "延长",
    "光明", "新兴", "运河", "万年", "东风", "南岸", "城北", "城南", "城东", "城西", "会同",
    "工农", "大名", "富裕", "清水", "前锋", "复兴", "清新", "宏伟", "平定", "温泉", "向阳",
    "三元", "振兴", "大方", "互助", "新华", "莲花", "平和", "六合", "三门", "大观", "永和",
    "双桥", "台前", "民权", "小店", "同心", "元宝", "宝塔", "灯塔", "七星", "博爱", "回民",
    "安居", "红星", "方正", "新民", "富民", "爱民", "惠民", "新星", "天元", "和顺", "兴业",
    "路南", "白塔", "磐石", "开化", "安宁", "长安", "新城", "老城", "市中", "河东", "河西",
    "江北", "江南", "民主", "新市", "中原", "东区", "西区", "高新", "红旗", "建华", "金山",
    "白云", "龙华", "南山", "青山", "铁东", "铁西", "桥东", "桥西", "城关", "海城", "新区",
    "中心", "长子", "石门", "文明", "和谐", "团结", "胜利", "建设", "东安", "西安", "永安",
    "宁安", "太平", "长宁", "大通",
))
# fmt: on
# Printed before a short name, these make it a place: 云上获嘉, i石狮, 数字泉州.
_SHORT_BEFORE = ("云上", "掌上", "智慧", "数字", "美丽", "魅力", "大美", "今日", "幸福", "i", "爱")
# Printed after a short name: 《新乡日报》, 石狮发布, 获嘉融媒.
_SHORT_AFTER = (
    "日报", "晚报", "发布", "融媒", "新闻", "电视台", "广播电视", "政府网", "政务网", "门户网",
    "人民政府", "县委", "市委", "区委",
)  # fmt: skip
# Prefixes of agency names before their place: 中共石狮市委, 国家税务总局石狮市税务局.
_NAME_PREFIXES = ("中华人民共和国", "中国共产党", "国家税务总局", "中共", "共青团")
_LEVEL_SUFFIXES = ("街道", "省", "市", "县", "区", "州", "旗", "盟", "镇", "乡")
# Agency words that begin with a level character: 市场监督管理局 is not 市 + 场监督管理局.
_WORDS_AFTER_LEVEL = (
    "市场",
    "市政",
    "市容",
    "乡村",
    "乡镇",
    "区域",
    "县域",
    "省级",
    "州级",
    "镇级",
)
_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木")
_NATIONAL_NAME = re.compile(
    r"^(中华人民共和国|国务院|国家|中央|全国)|^中国(?!共产党)|^[\u4e00-\u9fff]{1,10}(部|总署|署|总局)$"
)
_CONTACT_WORDS = ("联系", "地址", "邮编", "邮政编码", "电话", "邮箱", "传真")
_GENERIC_NAMES = frozenset({"人民政府", "政府", "办公室", "办公厅", "委员会", "管理局"})
_REPORT_WORDS = re.compile(
    r"((19|20)\d{2}年度?|关于|印发|报送|的通知|的函|《|》|\([^)]*\)?|"
    r"(政府)?信息公开(工作)?(年度)?(工作)?(报告|年报).*$)"
)
_DATE = r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日|((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})"
_CN_NUMBER = "[一二三四五六七八九十]{1,3}"
_CN_DATE = rf"([〇○零一二三四五六七八九]{{4}})年({_CN_NUMBER})月({_CN_NUMBER})日"
_DATE_LABELLED = re.compile(
    rf"(发布|成文|印发|公开|生成|发文)(日期|时间)[:：]?({_DATE}|{_CN_DATE})"
)
_DATE_LINE = re.compile(rf"^(?P<before>[^\d]{{0,40}}?)(?P<date>{_DATE}|{_CN_DATE})$")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


@dataclass(frozen=True)
class Attribution:
    region_code: str | None
    region_method: RegionMethod | None
    region_confidence: float | None
    canonical_agency_name: str | None
    agency_category: str | None
    published_on: datetime.date | None


@dataclass(frozen=True)
class Region:
    """One (code, name) pair of the MCA lists, with the years it was in force."""

    code: str
    name: str
    short_name: str
    level: str  # national | province | prefecture | county
    province_code: str
    prefecture_code: str
    valid_from: int | None
    valid_to: int | None  # None: still in force
    # codes that took over the area (earlier partial transfers left out)
    successors: tuple[str, ...]

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )

    def within(self, other: Region) -> bool:
        """True when `other` is this region or one of its ancestors."""
        return other.code in (self.code, self.province_code, self.prefecture_code, NATIONAL_CODE)


@dataclass(frozen=True)
class Township:
    name: str
    parent_code: str  # the county, or the prefecture for the few without counties (东莞, 中山)


@dataclass(frozen=True)
class AgencyCategory:
    code: str
    label: str
    pattern: re.Pattern[str] | None


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    kind: MentionKind
    regions: tuple[Region, ...]


@dataclass(frozen=True)
class _Candidate:
    region: Region  # the row in force in the report's year
    rank: int  # 0: the name was in force that year; 1: same code, other name; 2: successor
    kind: MentionKind
    township: str | None = None
    alias: str | None = None


@dataclass(frozen=True)
class _Resolution:
    region: Region | None
    method: RegionMethod
    confidence: float | None = None
    candidate: _Candidate | None = None


class RegionIndex:
    """The division seeds as lookups: names, short names, townships and aliases to regions."""

    def __init__(
        self,
        regions: Iterable[Region],
        townships: Iterable[Township],
        aliases: dict[str, str],
        categories: Iterable[AgencyCategory],
    ) -> None:
        self.by_code: dict[str, list[Region]] = defaultdict(list)
        self.predecessors: dict[str, list[Region]] = defaultdict(list)
        by_name: dict[str, list[Region]] = defaultdict(list)
        by_short: dict[str, list[Region]] = defaultdict(list)
        for region in regions:
            self.by_code[region.code].append(region)
            for successor in region.successors:
                self.predecessors[successor].append(region)
            if region.level == "national":
                continue
            by_name[region.name].append(region)
            if len(region.short_name) >= 2 and region.short_name not in COMMON_WORD_SHORT_NAMES:
                by_short[region.short_name].append(region)
        for rows in self.by_code.values():
            rows.sort(key=lambda r: r.valid_to or 9999, reverse=True)  # newest name first
        self.townships_by_parent: dict[str, list[str]] = defaultdict(list)
        by_township: dict[str, list[Region]] = defaultdict(list)
        for township in townships:
            parent = self.current(township.parent_code)
            if parent is not None:
                by_township[township.name].append(parent)
                self.townships_by_parent[parent.code].append(township.name)
        self.aliases = dict(aliases)
        self.categories = tuple(categories)
        # One dictionary for the scan; on a tie of length the more specific kind wins.
        self._keys: dict[str, tuple[MentionKind, tuple[Region, ...]]] = {}
        for kind, table in (
            (MentionKind.SHORT, by_short),
            (MentionKind.TOWNSHIP, by_township),
            (MentionKind.FULL, by_name),
        ):
            for key, rows in table.items():
                self._keys[key] = (kind, _prefer_short_as_parent(kind, rows))
        for alias, code in self.aliases.items():
            aliased = self.current(code)
            if aliased is not None:
                self._keys[nfkc(alias)] = (MentionKind.ALIAS, (aliased,))
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self._keys:
            lengths[key[0]].add(len(key))
        self._lengths = {first: sorted(sizes, reverse=True) for first, sizes in lengths.items()}

    @classmethod
    def load(cls, seeds_dir: Path) -> RegionIndex:
        regions = [
            Region(
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                level=row["level"],
                province_code=row["province_code"],
                prefecture_code=row["prefecture_code"],
                valid_from=int(row["valid_from_year"]) if row["valid_from_year"] else None,
                valid_to=int(row["valid_to_year"]) if row["valid_to_year"] else None,
                successors=tuple(
                    code for code in row["successor_codes"].split(";") if code and "[" not in code
                ),
            )
            for row in _rows(seeds_dir / "regions.csv")
        ]
        with (seeds_dir / "region_townships.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)  # 38k rows: plain rows read three times faster than dicts
            header = next(reader)
            name, county, prefecture = (
                header.index(c) for c in ("name", "county_code", "prefecture_code")
            )
            townships = [Township(row[name], row[county] or row[prefecture]) for row in reader]
        aliases = {
            row["alias"]: row["region_code"] for row in _rows(seeds_dir / "region_aliases.csv")
        }
        categories = sorted(
            _rows(seeds_dir / "agency_categories.csv"), key=lambda row: int(row["priority"])
        )
        return cls(
            regions,
            townships,
            aliases,
            (
                AgencyCategory(
                    row["category_code"],
                    row["category_label"],
                    re.compile(row["name_pattern"]) if row["name_pattern"] else None,
                )
                for row in categories
            ),
        )

    def current(self, code: str) -> Region | None:
        rows = self.by_code.get(code)
        return rows[0] if rows else None

    def scan(self, text: str) -> list[_Mention]:
        """Place names in `text`, leftmost-longest, not overlapping."""
        mentions: list[_Mention] = []
        index, size = 0, len(text)
        while index < size:
            for length in self._lengths.get(text[index], ()):
                key = text[index : index + length]
                found = self._keys.get(key) if len(key) == length else None
                if found:
                    mentions.append(_Mention(index, index + length, key, found[0], found[1]))
                    index += length
                    break
            else:
                index += 1
        return mentions

    def in_year(self, region: Region, year: int | None) -> tuple[Region, int]:
        """The row standing for `region` in `year`, and how far it is from the printed name."""
        if year is None:
            return region, 0 if region.valid_to is None else 1
        if region.valid_in(year):
            return region, 0
        same_code = [row for row in self.by_code[region.code] if row.valid_in(year)]
        if same_code:
            return same_code[0], 1
        for step in (self._successors_in, self._predecessors_in):
            found = step(region, year)
            if len(found) == 1:
                return found[0], 2
        return region, 3

    def _successors_in(self, region: Region, year: int) -> list[Region]:
        found: dict[str, Region] = {}
        frontier, seen = list(region.successors), {region.code}
        while frontier:
            code = frontier.pop()
            if code in seen:
                continue
            seen.add(code)
            for row in self.by_code.get(code, []):
                if row.valid_in(year):
                    found[code] = row
                elif row.valid_from is not None and row.valid_from <= year:
                    frontier.extend(row.successors)
        return list(found.values())

    def _predecessors_in(self, region: Region, year: int) -> list[Region]:
        rows = self.predecessors.get(region.code, [])
        return list({row.code: row for row in rows if row.valid_in(year)}.values())

    def category(self, remainder: str) -> AgencyCategory | None:
        for category in self.categories:
            if category.pattern is None or category.pattern.search(remainder):
                return category
        return None


def _prefer_short_as_parent(kind: MentionKind, rows: list[Region]) -> tuple[Region, ...]:
    """新乡 is 新乡市, not the 新乡县 inside it: a short name shared by a division and one of its
    own counties means the division."""
    if kind != MentionKind.SHORT:
        return tuple(rows)
    return tuple(
        row for row in rows if not any(other is not row and row.within(other) for other in rows)
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the report ---------------------------------------------------------------------------------


def attribute(
    *,
    text: str,
    title: str | None,
    agency_name: str | None,
    year: int | None,
    regions: RegionIndex,
) -> Attribution:
    """Region, canonical agency name, category and publication date of one report."""
    report = _Report(text, title, year, regions)
    name = clean_agency_name(agency_name) or clean_agency_name(title)
    resolution = None
    if name:
        resolution = report.from_name(name, RegionMethod.AGENCY_NAME)
    if resolution is None and title:
        resolution = report.from_name(clean_agency_name(title) or squash(title), RegionMethod.TITLE)
    if resolution is None and name and is_central_agency(name):
        resolution = _Resolution(regions.current(NATIONAL_CODE), RegionMethod.NATIONAL, 0.9)
    if resolution is None:
        resolution = report.from_text(name)
    canonical = canonical_agency_name(name, resolution, report)
    category = None
    if canonical:
        remainder = report.strip_places(canonical)
        found = regions.category(remainder)
        category = found.code if found else None
    region = resolution.region
    return Attribution(
        region_code=region.code if region else None,
        region_method=resolution.method,
        region_confidence=round(resolution.confidence, 2)
        if region and resolution.confidence
        else None,
        canonical_agency_name=canonical,
        agency_category=category,
        published_on=date_in_lines(report.lines, year),
    )


def clean_agency_name(name: str | None) -> str | None:
    """The issuer as printed, without spaces, brackets or a report title around it: also reads
    the issuer out of a title (2022年石狮市大数据管理局政府信息公开工作年度报告)."""
    if not name:
        return None
    cleaned = _REPORT_WORDS.sub("", squash(name)).strip("#*:：,，、。 ")
    return cleaned if len(cleaned) >= 2 else None


def level_prefix(name: str | None) -> str | None:
    """县 in 县教育局 (a level without its place), not 市 in 市场监督管理局."""
    if not name or name.startswith(_WORDS_AFTER_LEVEL):
        return None
    return next((s for s in _LEVEL_SUFFIXES if name.startswith(s)), None)


def is_central_agency(name: str) -> bool:
    """教育部, 国家税务总局, 国务院办公厅: a central agency (its name carries no place)."""
    return bool(_NATIONAL_NAME.search(name)) and not (
        level_prefix(name) or re.search(r"委[^员]{0,6}部$", name)
    )


class _Report:
    """One report's text, normalised once, with the lookups the rules share."""

    def __init__(self, text: str, title: str | None, year: int | None, regions: RegionIndex):
        self.regions = regions
        self.year = year
        self.title = squash(title) if title else ""
        self.lines = prose_lines(text)
        self.body = "\n".join(line for line in self.lines if line)
        self.context = f"{self.title}\n{self.body}"

    # -- candidates ----------------------------------------------------------------------------

    def candidates(self, mention: _Mention) -> list[_Candidate]:
        best: dict[str, _Candidate] = {}
        for region in mention.regions:
            row, rank = self.regions.in_year(region, self.year)
            candidate = _Candidate(
                row,
                rank,
                mention.kind,
                township=mention.text if mention.kind == MentionKind.TOWNSHIP else None,
                alias=mention.text if mention.kind == MentionKind.ALIAS else None,
            )
            if row.code not in best or rank < best[row.code].rank:
                best[row.code] = candidate
        return list(best.values())

    def chain(self, mentions: list[_Mention]) -> tuple[list[_Candidate], _Mention | None]:
        """Read places left to right, each narrowing the previous: 福州市 鼓楼区 → 350102.

        A place that is not inside the previous ones (泉州市驻厦门办事处) is passed over."""
        current: list[_Candidate] = []
        deepest = None
        for mention in mentions:
            found = self.candidates(mention)
            if current:
                found = [c for c in found if any(c.region.within(p.region) for p in current)]
                # the same place again (泉州市 … 数字泉州) narrows nothing; a township does
                same = {c.region.code for c in found} >= {p.region.code for p in current}
                if same and mention.kind != MentionKind.TOWNSHIP:
                    continue
            if found:
                current, deepest = found, mention
        return current, deepest

    def pick(self, candidates: list[_Candidate]) -> tuple[_Candidate | None, str | None]:
        """One candidate: the only one, the one the text's parent names favour, or the one whose
        printed name was in force that year. None when that does not decide."""
        if len(candidates) == 1:
            return candidates[0], "unique"
        winner = self.by_context(candidates)
        if winner is not None:
            return winner, "context"
        best = min(c.rank for c in candidates)
        top = [c for c in candidates if c.rank == best]
        if len(top) == 1:
            return top[0], "rank"
        return None, None

    def by_context(self, candidates: list[_Candidate]) -> _Candidate | None:
        """The candidate whose parents (and streets) the text names, e.g. 福州 for 鼓楼区."""
        supports = [self.support_names(candidate) for candidate in candidates]
        shared = set.intersection(*(set(support) for support in supports))
        scores = [
            sum(
                weight * min(self.context.count(name), 3)
                for name, weight in support.items()
                if name not in shared
            )
            for support in supports
        ]
        ranked = sorted(range(len(candidates)), key=lambda i: scores[i], reverse=True)
        top, second = scores[ranked[0]], scores[ranked[1]]
        if top > 0 and top >= 2 * second:
            return candidates[ranked[0]]
        return None

    def support_names(self, candidate: _Candidate) -> dict[str, float]:
        """Names whose presence in the text speaks for `candidate`: its prefecture and province
        (full and short), the county of a township, a county's own townships."""
        region = candidate.region
        parents = [(region.prefecture_code, 1.0), (region.province_code, 0.5)]
        if candidate.kind == MentionKind.TOWNSHIP:
            parents.insert(0, (region.code, 1.0))
        names: dict[str, float] = {}
        for code, weight in parents:
            parent = self.regions.current(code) if code else None
            if parent is None or (
                parent.code == region.code and candidate.kind != MentionKind.TOWNSHIP
            ):
                continue
            names.setdefault(parent.name, weight)
            if len(parent.short_name) >= 2 and parent.short_name not in COMMON_WORD_SHORT_NAMES:
                names.setdefault(parent.short_name, weight)
        if candidate.kind != MentionKind.TOWNSHIP and region.level == "county":
            for township in self.regions.townships_by_parent.get(region.code, ()):
                if len(township) >= 3:
                    names.setdefault(township, 0.5)
        return names

    # -- the issuer's name ---------------------------------------------------------------------

    def name_mentions(self, name: str) -> list[_Mention]:
        """Places in a name: full names, aliases and townships anywhere; short names only at the
        head of the name or right after another place (石狮大数据管理局, 泉州石狮…)."""
        kept: list[_Mention] = []
        for mention in self.regions.scan(name):
            if mention.kind == MentionKind.SHORT:
                head = name[: mention.start]
                for prefix in _NAME_PREFIXES:
                    head = head.removeprefix(prefix)
                if head and not (kept and kept[-1].end == mention.start):
                    continue
            kept.append(mention)
        return kept

    def from_name(self, name: str, method: RegionMethod) -> _Resolution | None:
        mentions = self.name_mentions(name)
        if not mentions:
            return None
        candidates, deepest = self.chain(mentions)
        if not candidates or deepest is None:
            return None
        chosen, how = self.pick(candidates)
        if chosen is None:
            return _Resolution(None, RegionMethod.AMBIGUOUS)
        confidence = 0.95 if method == RegionMethod.AGENCY_NAME else 0.9
        if chosen.kind == MentionKind.SHORT:
            confidence -= 0.1
        confidence -= 0.05 * chosen.rank
        if how == "context":
            confidence = min(confidence, 0.75)
        elif how == "rank":
            confidence = min(confidence, 0.6)
        if chosen.kind == MentionKind.ALIAS:
            method, confidence = RegionMethod.MAPPING_SEED, min(confidence, 0.9)
        elif chosen.kind == MentionKind.TOWNSHIP:
            method = RegionMethod.TOWNSHIP
        return _Resolution(chosen.region, method, confidence, chosen)

    # -- the text, when the name has no place --------------------------------------------------

    def from_text(self, name: str | None) -> _Resolution:
        printed_level = None
        printed_level = level_prefix(name)
        if name and printed_level:  # 县教育局: a county's bureau
            name = name[len(printed_level) :]
        printed, hint = self.name_in_text(name)
        if printed is not None:
            return printed
        hint = printed_level or hint or self.level_hint()
        if hint is None:
            return _Resolution(None, RegionMethod.NOT_FOUND)
        mentions = self.text_mentions(township=hint in _TOWNSHIP_SUFFIXES)
        if not mentions:
            return _Resolution(None, RegionMethod.NOT_FOUND)
        own: dict[tuple[str, str | None], float] = defaultdict(float)
        by_key: dict[tuple[str, str | None], _Candidate] = {}
        from_contact: set[tuple[str, str | None]] = set()
        candidate_sets = []
        for mention, weight, in_contact in mentions:
            found = self.candidates(mention)
            candidate_sets.append((found, weight))
            for candidate in found:
                key = (candidate.region.code, candidate.township)
                own[key] += weight / len(found)
                by_key.setdefault(key, candidate)
                if in_contact:
                    from_contact.add(key)
        scores: dict[tuple[str, str | None], float] = {}
        for key, candidate in by_key.items():
            printed_name = candidate.township or candidate.alias or candidate.region.name
            if not printed_name.endswith(hint) and not (
                candidate.alias and hint in ("区", "市", "县")
            ):
                continue
            parents = 0.0
            for found, weight in candidate_sets:
                if any(
                    c.township is None
                    and candidate.region.within(c.region)
                    and (candidate.township or c.region.code != candidate.region.code)
                    for c in found
                ):
                    parents += weight
            scores[key] = own[key] + 0.5 * parents
        if not scores:
            return _Resolution(None, RegionMethod.NOT_FOUND)
        ranked = sorted(scores, key=lambda key: scores[key], reverse=True)
        top = scores[ranked[0]]
        second = scores[ranked[1]] if len(ranked) > 1 else 0.0
        if top < 1.5 * second:
            return _Resolution(None, RegionMethod.AMBIGUOUS)
        chosen = by_key[ranked[0]]
        method = RegionMethod.CONTACT if ranked[0] in from_contact else RegionMethod.BODY
        confidence = 0.75 if method == RegionMethod.CONTACT else 0.6
        if second and top < 3 * second:
            confidence -= 0.1
        if chosen.kind == MentionKind.ALIAS:
            method = RegionMethod.MAPPING_SEED
        return _Resolution(chosen.region, method, confidence, chosen)

    def name_in_text(self, name: str | None) -> tuple[_Resolution | None, str | None]:
        """The issuer's own name printed with its place (请与获嘉县政务服务和大数据管理局联系),
        or with its level only (县政务服务和大数据管理局: a county-level hint)."""
        if not name or len(name) < 4 or name in _GENERIC_NAMES:
            return None, None
        found: dict[str, _Resolution] = {}
        hint = None
        for match in re.finditer(re.escape(name), self.context):
            window_start = max(0, match.start() - 24)
            window = self.context[window_start : match.start()]
            mentions = self.regions.scan(window)
            run: list[_Mention] = []
            end = len(window)
            for mention in reversed(mentions):
                if mention.end != end or (mention.kind == MentionKind.SHORT and run):
                    break
                run.insert(0, mention)
                end = mention.start
            if not run:
                if window.endswith(_LEVEL_SUFFIXES):
                    hint = hint or next(s for s in _LEVEL_SUFFIXES if window.endswith(s))
                continue
            candidates, _ = self.chain(run)
            chosen, _ = self.pick(candidates)
            if chosen is not None:
                absolute = window_start + run[0].start
                in_contact = self._in_contact(absolute)
                method = RegionMethod.CONTACT if in_contact else RegionMethod.BODY
                if chosen.kind == MentionKind.ALIAS:
                    method = RegionMethod.MAPPING_SEED
                found.setdefault(
                    chosen.region.code, _Resolution(chosen.region, method, 0.85, chosen)
                )
        if len(found) == 1:
            return next(iter(found.values())), hint
        return None, hint

    def _in_contact(self, position: int) -> bool:
        start = max(self.context.rfind(mark, 0, position) for mark in "。\n;；")
        ends = [i for i in (self.context.find(mark, position) for mark in "。\n;；") if i >= 0]
        sentence = self.context[start + 1 : min(ends) if ends else len(self.context)]
        return any(word in sentence for word in _CONTACT_WORDS)

    def level_hint(self) -> str | None:
        """The issuer's level as its text speaks of itself: 我县, 本市, 县委、县政府, 全县."""
        scores: dict[str, int] = {}
        for suffix in _LEVEL_SUFFIXES:
            s = re.escape(suffix)
            score = 2 * len(re.findall(rf"(?:我|本){s}", self.body))
            score += 2 * len(re.findall(rf"{s}委[、,，和及与]?{s}(?:人民)?政府", self.body))
            score += len(re.findall(rf"全{s}", self.body))
            if score:
                scores[suffix] = score
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def text_mentions(self, *, township: bool) -> list[tuple[_Mention, float, bool]]:
        """Places the title and body name in contexts that make them places: full names
        (获嘉县), aliases, short names in media and brand names (云上获嘉, 新乡日报) or right after
        another place; townships only when the issuer is one. Contact sentences weigh double."""
        found: list[tuple[_Mention, float, bool]] = []
        for source, in_contact in ((self.title, False), (self.body, None)):
            previous_end = -1
            for mention in self.regions.scan(source):
                after = source[mention.end : mention.end + 5]
                before = source[max(0, mention.start - 2) : mention.start]
                keep = (
                    mention.kind in (MentionKind.FULL, MentionKind.ALIAS) and len(mention.text) > 2
                )
                if mention.kind == MentionKind.TOWNSHIP:
                    keep = township
                elif mention.kind == MentionKind.SHORT:
                    keep = (
                        after.startswith(_SHORT_AFTER)
                        or before.endswith(_SHORT_BEFORE)
                        or previous_end == mention.start
                    )
                elif (
                    mention.kind == MentionKind.FULL
                    and mention.regions[0].short_name in COMMON_WORD_SHORT_NAMES
                ):
                    keep = False
                previous_end = mention.end
                if not keep:
                    continue
                contact = in_contact if in_contact is not None else self._in_contact_body(mention)
                found.append((mention, 2.0 if contact else 1.0, contact))
        return found

    def _in_contact_body(self, mention: _Mention) -> bool:
        return self._in_contact(len(self.title) + 1 + mention.start)

    # -- names ---------------------------------------------------------------------------------

    def leading_places(self, name: str, region: Region) -> int:
        """Length of the run of places heading `name` that are `region` or its parents."""
        end = 0
        for mention in self.regions.scan(name):
            if mention.start != end or mention.kind not in (MentionKind.FULL, MentionKind.SHORT):
                break
            if not any(
                region.within(self.regions.in_year(r, self.year)[0]) for r in mention.regions
            ):
                break
            end = mention.end
        return end

    def strip_places(self, name: str) -> str:
        """The name without the places heading it: 公安县人民政府 → 人民政府, for categorising.
        A township stays: 宝盖镇人民政府 is a township's government."""
        end = 0
        for mention in self.regions.scan(name):
            if mention.start != end or mention.kind not in (MentionKind.FULL, MentionKind.SHORT):
                break
            end = mention.end
        return name[end:] or name


def canonical_agency_name(name: str | None, resolution: _Resolution, report: _Report) -> str | None:
    """The name as printed, with its region's name put in front where the report leaves it out
    (政务服务和大数据管理局 of 获嘉县 → 获嘉县政务服务和大数据管理局), and the parents heading it
    dropped (福建省泉州市石狮市大数据管理局 → 石狮市大数据管理局): it reads the same each year."""
    if not name:
        return None
    region = resolution.region
    if region is None:
        return name
    if region.code == NATIONAL_CODE:
        return name.removeprefix("中华人民共和国") or name
    end = report.leading_places(name, region)
    if end:
        last = report.regions.scan(name[:end])[-1]
        printed_as_region = any(
            report.regions.in_year(r, report.year)[0].code == region.code for r in last.regions
        )  # 石狮大数据管理局, 厦门海关 stay as printed; 泉州市宝盖镇… gets its county
        return (last.text if printed_as_region else region.name) + name[end:]
    mentions = report.name_mentions(name)
    if mentions and mentions[0].start == 0 and mentions[0].kind == MentionKind.TOWNSHIP:
        return region.name + name  # 照镜镇人民政府 → 获嘉县照镜镇人民政府
    if mentions:
        return name  # 国家税务总局石狮市税务局, 中共石狮市委…: places inside the name, as printed
    candidate = resolution.candidate
    head = region.name
    if candidate is not None and candidate.alias:
        head = candidate.alias
    elif candidate is not None and candidate.township:
        head = region.name + candidate.township
    level = level_prefix(name)
    if level and head.endswith(level):
        return head + name[len(level) :]  # 县教育局 → 获嘉县教育局
    return head + name


# --- the date -----------------------------------------------------------------------------------


def prose_lines(text: str) -> list[str]:
    """Lines that are not table rows, without white space."""
    return [squash(line) for line in text.splitlines() if "\t" not in line]


def date_in_lines(lines: list[str], year: int | None) -> datetime.date | None:
    """The date printed as the publication or signature date: a labelled 发布日期, else the last
    line that is a date (2023年1月18日, 二〇二三年一月十八日), possibly after the agency's name.
    Dates outside the report's year … year + 2 are not publication dates."""
    for line in lines:
        match = _DATE_LABELLED.search(line)
        if match:
            found = _to_date(match.group(3), year)
            if found:
                return found
    for line in reversed(lines):
        match = _DATE_LINE.match(line)
        if not match or re.search(r"至|到|从|自|截|期|于|止|为", match.group("before")):
            continue
        found = _to_date(match.group("date"), year)
        if found:
            return found
    return None


def _to_date(printed: str, year: int | None) -> datetime.date | None:
    match = re.fullmatch(_DATE, printed)
    if match:
        parts = [int(p) for p in match.groups() if p is not None]
    else:
        match = re.fullmatch(_CN_DATE, printed)
        if not match:
            return None
        parts = [
            int("".join(str(_CN_DIGITS[c]) for c in match.group(1))),
            _cn_number(match.group(2)),
            _cn_number(match.group(3)),
        ]
    try:
        found = datetime.date(*parts)
    except ValueError:
        return None
    if year is not None and not year <= found.year <= year + 2:
        return None
    return found


def _cn_number(text: str) -> int:
    """一 … 三十一."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
