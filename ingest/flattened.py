"""Decode flattened table rows: cells whose separators a crawler lost, glued into one digit run.

`一、本年新收政府信息公开申请数量153001221` is the row 15 3 0 0 1 2 21: the template's arithmetic
says which split of the run is the printed row. A row's shape (`RowShape`) gives its cells' kinds
and the sums its cells obey (总计 = the six applicant columns, a proceeding's total = its four
results); `decode_row` enumerates every split of the run that a printed row could be (no leading
zeros except 0 itself; a sign starts a number, a decimal point stays inside one) and keeps those
that obey the sums. What a row leaves open, the section may close: `resolve_rows` keeps the
combinations of the rows' candidates that obey the column identities (linear rules across rows)
and reports, per row, the candidates that survive. A row with one survivor is decoded; a row with
several is ambiguous and its cells are not guessed.

Whitespace in a run is read as a cell boundary the crawler kept; only when no split honouring
every space obeys the row's sums is a space taken to be stray (inside a number). A run already
split by spaces into exactly its cells is not flattened at all: it is returned as printed. A
run that spaces split into fewer numbers than cells is never decoded: a copy that keeps
separators drops blank cells, and a split would fill them with digits of their neighbours.

Pure functions over strings and ints: no I/O, no codebook (callers build the shapes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ingest.normalize import nfkc

# Enumeration stops after this many search steps; the row is then reported as ambiguous.
MAX_STEPS = 50_000
MAX_CANDIDATES = 64
_RUN_CHARS = re.compile(r"^[0-9.+\-\s]*[0-9][0-9.+\-\s]*$")
_DASHES = str.maketrans({"−": "-", "－": "-", "–": "-", "—": "-", "﹣": "-", "＋": "+"})
# What a run of glued cells is made of (after NFKC): digits, spaces, signs, decimal points.
_RUN_SET = frozenset("0123456789.+- \t")
_COUNT_UNITS = frozenset("件个条项次宗份篇家起")
_MIN_BARE_RUN_DIGITS = 10


class CellKind(StrEnum):
    COUNT = "count"  # a non-negative integer (applications, cases, documents)
    SIGNED = "signed"  # an integer that may be negative (本年增/减)
    AMOUNT = "amount"  # a non-negative number that may have decimals (money)


@dataclass(frozen=True)
class SumRule:
    """cells[target] = the sum of cells[parts] (integers)."""

    target: int
    parts: tuple[int, ...]


@dataclass(frozen=True)
class RowShape:
    kinds: tuple[CellKind, ...]
    rules: tuple[SumRule, ...] = ()

    def __post_init__(self) -> None:
        for rule in self.rules:
            for index in (rule.target, *rule.parts):
                if not 0 <= index < len(self.kinds):
                    raise ValueError(f"sum rule {rule} names cell {index} of {len(self.kinds)}")
                if self.kinds[index] is CellKind.AMOUNT:
                    raise ValueError(f"sum rule {rule}: cell {index} is an amount, not an integer")

    @property
    def width(self) -> int:
        return len(self.kinds)


def sum_row(width: int) -> RowShape:
    """`width` counts whose last is the sum of the others (a section 三 row without 小计)."""
    return RowShape((CellKind.COUNT,) * width, (SumRule(width - 1, tuple(range(width - 1))),))


def subtotal_row(subtotal_at: int) -> RowShape:
    """A section 三 row with a 小计 column: 自然人, five organisations, 总计, and 小计 printed
    after 自然人 (`subtotal_at=1`) or after the five organisations (`subtotal_at=6`)."""
    if subtotal_at not in (1, 6):
        raise ValueError(f"小计 follows 自然人 (1) or the organisations (6), not {subtotal_at}")
    orgs = (2, 3, 4, 5, 6) if subtotal_at == 1 else (1, 2, 3, 4, 5)
    rules = (
        SumRule(7, (0, *orgs)),
        SumRule(subtotal_at, orgs),
        SumRule(7, (0, subtotal_at)),
    )
    return RowShape((CellKind.COUNT,) * 8, rules)


def blocks_row(blocks: int, width: int) -> RowShape:
    """`blocks` runs of `width` counts, each block's last the sum of the rest (section 四)."""
    rules = tuple(
        SumRule(b * width + width - 1, tuple(range(b * width, b * width + width - 1)))
        for b in range(blocks)
    )
    return RowShape((CellKind.COUNT,) * (blocks * width), rules)


def free_row(kinds: Sequence[CellKind]) -> RowShape:
    """Cells with no arithmetic between them (section 二): only their count and kinds constrain."""
    return RowShape(tuple(kinds))


@dataclass(frozen=True)
class RowDecoding:
    """The splits of one run that obey its row. `printed`: the run was already split by spaces
    into its cells (nothing was decoded). `truncated`: the search stopped early, so there may
    be more candidates than listed. `blanks_lost`: spaces separate fewer numbers than the row
    has cells, so the missing ones may be blank cells the copy dropped rather than digits run
    together. A truncated or blanks_lost row is never decoded: its candidates are listed only."""

    run: str
    candidates: tuple[tuple[str, ...], ...]
    printed: bool = False
    truncated: bool = False
    blanks_lost: bool = False

    @property
    def unique(self) -> tuple[str, ...] | None:
        if len(self.candidates) == 1 and not (self.truncated or self.blanks_lost):
            return self.candidates[0]
        return None


def split_glued(text: str) -> tuple[str, str] | None:
    """(label, run) of a printed row whose values are glued to its label; None if it is not one.

    `一、本年新收政府信息公开申请数量153001221` → ('一、本年新收政府信息公开申请数量', '153001221').
    The label is returned as printed, the run half-width. A label ending in a colon is not a row
    label (联系电话：0595…, 发布时间：2023-01-05), and a label needs an ideograph. A count unit
    after a number (32个 61 174件) ends that number, like a space; a run with units holds two
    numbers at least (prose ends in 收到申请174件).
    """
    stripped = text.strip()
    cut, units = len(stripped), 0
    while cut:
        char = nfkc(stripped[cut - 1]).translate(_DASHES)
        if set(char) <= _RUN_SET:
            cut -= 1
        elif char in _COUNT_UNITS and cut >= 2 and nfkc(stripped[cut - 2]).isdigit():
            cut, units = cut - 1, units + 1
        else:
            break
    label = stripped[:cut].rstrip()
    printed = nfkc(stripped[cut:]).translate(_DASHES)
    run = " ".join("".join(" " if ch in _COUNT_UNITS else ch for ch in printed).split())
    if not label or not run or not run[-1].isdigit() or nfkc(label[-1]) in ":,":
        return None
    if units and len(run.split()) < 2:
        return None
    if not any("\u3400" <= ch <= "\u9fff" for ch in label):
        return None
    return label, run


def bare_run(text: str) -> str | None:
    """A line of digits too long to be one printed number: a row whose label-less cells ran
    together (section 四's fifteen cells), e.g. `000000000000000`; count units after numbers
    end them (4件 4个 0 …). The run half-width, units as spaces; None for anything else."""
    compact = nfkc(text).translate(_DASHES).strip()
    units = re.sub(r"(?<=\d)[" + "".join(sorted(_COUNT_UNITS)) + "]", " ", compact)
    if not units or not _RUN_CHARS.match(units):
        return None
    if sum(ch.isdigit() for ch in units) < _MIN_BARE_RUN_DIGITS:
        return None
    return " ".join(units.split())


def is_bare_run(text: str) -> bool:
    return bare_run(text) is not None


def _number_ends(text: str, start: int, kind: CellKind) -> Iterator[int]:
    """End offsets of every number of `kind` that can start at text[start]."""
    n = len(text)
    position = start
    if kind is CellKind.SIGNED and position < n and text[position] in "+-":
        position += 1
        if position >= n or not "1" <= text[position] <= "9":
            return  # '-0' and a bare sign are not numbers
    if position >= n or not text[position].isdigit():
        return
    if text[position] == "0":
        integer_ends = [position + 1]
    else:
        end = position
        while end < n and text[end].isdigit():
            end += 1
        integer_ends = list(range(position + 1, end + 1))
    for end in integer_ends:
        yield end
        if kind is CellKind.AMOUNT and end == integer_ends[-1] and end < n and text[end] == ".":
            fraction = end + 1
            while fraction < n and text[fraction].isdigit():
                fraction += 1
                yield fraction


@dataclass
class _Search:
    text: str
    boundaries: frozenset[int]  # offsets where a cell must end (kept spaces), plus len(text)
    shape: RowShape
    steps: int = 0
    fixed_tail: bool = False
    truncated: bool = False
    found: list[tuple[str, ...]] = field(default_factory=list)

    def run(self) -> None:
        last = self.shape.width - 1
        if any(rule.target == last for rule in self.shape.rules):
            # The last cell is a total: fixing it first bounds every part by it.
            self.fixed_tail = True
            for start in self._suffix_starts(self.shape.kinds[last]):
                self._walk(0, 0, {last: self.text[start:]}, start)
        else:
            self._walk(0, 0, {}, len(self.text))

    def _suffix_starts(self, kind: CellKind) -> Iterator[int]:
        """Where the last cell can start: inside the last space-separated piece of the run."""
        n = len(self.text)
        earlier = max((b for b in self.boundaries if b < n), default=0)
        for start in range(n - 1, earlier - 1, -1):
            if n in set(_number_ends(self.text, start, kind)):
                yield start

    def _walk(self, index: int, position: int, cells: dict[int, str], end: int) -> None:
        """Assign cells index.. of the text[position:end] (the last cell may be fixed already)."""
        self.steps += 1
        if self.steps > MAX_STEPS or len(self.found) >= MAX_CANDIDATES:
            self.truncated = True
            return
        width = self.shape.width
        stop = width - 1 if self.fixed_tail else width
        if index == stop:
            if position == end and self._obeys(cells):
                self.found.append(tuple(cells[i] for i in range(width)))
            return
        remaining = stop - index
        kept_inside = sum(1 for b in self.boundaries if position < b < end)
        if end - position < remaining or kept_inside > remaining - 1:
            return
        forced = self._forced(index, cells)
        for stop_at in _number_ends(self.text, position, self.shape.kinds[index]):
            if stop_at > end or any(position < b < stop_at for b in self.boundaries):
                break  # a number never runs past the end or over a kept space
            if (stop_at == end) != (index == stop - 1):
                continue  # the last cell ends the run; no other cell does
            piece = self.text[position:stop_at]
            if forced is not None and piece != forced:
                continue
            cells[index] = piece
            if self._feasible(cells, index + 1, stop_at, end):
                self._walk(index + 1, stop_at, cells, end)
            del cells[index]
            if self.truncated:
                return

    def _forced(self, index: int, cells: Mapping[int, str]) -> str | None:
        """The printed text cell `index` must have when a rule leaves it no freedom."""
        for rule in self.shape.rules:
            members = (rule.target, *rule.parts)
            if index not in members:
                continue
            others = [m for m in members if m != index]
            if not all(m in cells for m in others):
                continue
            parts_sum = sum(int(cells[p]) for p in rule.parts if p != index)
            value = parts_sum if index == rule.target else int(cells[rule.target]) - parts_sum
            return str(value)
        return None

    def _feasible(self, cells: Mapping[int, str], index: int, position: int, end: int) -> bool:
        """Can cells index… (the text[position:end]) still complete every known total?

        Counts are non-negative, so assigned parts never exceed their total; and the parts still
        open, when they are all the cells left, must reach it with the characters left: r
        numbers in c characters sum to at least the balanced split's minimum and at most one
        long number plus r-1 nines."""
        stop = self.shape.width - 1 if self.fixed_tail else self.shape.width
        open_cells = set(range(index, stop))
        for rule in self.shape.rules:
            if rule.target not in cells:
                continue
            if any(self.shape.kinds[p] is CellKind.SIGNED for p in rule.parts):
                continue
            needed = int(cells[rule.target]) - sum(int(cells[p]) for p in rule.parts if p in cells)
            if needed < 0:
                return False
            unassigned = {p for p in rule.parts if p not in cells}
            if not unassigned:
                if needed:
                    return False
                continue
            chars = end - position - (len(open_cells) - len(unassigned))
            if unassigned == open_cells:
                chars = end - position
                if needed < _min_sum(chars, len(unassigned)):
                    return False
            if chars < len(unassigned) or needed > _max_sum(chars, len(unassigned)):
                return False
        return True

    def _obeys(self, cells: Mapping[int, str]) -> bool:
        return all(
            int(cells[r.target]) == sum(int(cells[p]) for p in r.parts) for r in self.shape.rules
        )


def _min_sum(chars: int, numbers: int) -> int:
    """The least sum of `numbers` counts printed in `chars` digits (no leading zeros)."""
    if numbers <= 0 or chars < numbers:
        return 0
    width, longer = divmod(chars, numbers)

    def least(digits: int) -> int:
        return 0 if digits == 1 else 10 ** (digits - 1)

    return longer * least(width + 1) + (numbers - longer) * least(width)


def _max_sum(chars: int, numbers: int) -> int:
    """The greatest sum of `numbers` counts printed in `chars` digits."""
    if numbers <= 0 or chars < numbers:
        return 0
    return 10 ** (chars - numbers + 1) - 1 + 9 * (numbers - 1)


def _search(text: str, boundaries: frozenset[int], shape: RowShape) -> _Search:
    search = _Search(text, boundaries | {len(text)}, shape)
    search.run()
    return search


def decode_row(run: str, shape: RowShape) -> RowDecoding:
    """Every split of `run` into `shape.width` numbers that obeys the shape's sums."""
    compact = nfkc(run).translate(_DASHES).strip()
    tokens = compact.split()
    if not tokens:
        return RowDecoding(run, ())
    if len(tokens) == shape.width and all(
        _is_number(t, k) for t, k in zip(tokens, shape.kinds, strict=True)
    ):
        return RowDecoding(run, (tuple(tokens),), printed=True)
    joined = "".join(tokens)
    kept: set[int] = set()
    offset = 0
    for token in tokens[:-1]:
        offset += len(token)
        kept.add(offset)
    search = _search(joined, frozenset(kept), shape)
    if not search.found and kept:
        search = _search(joined, frozenset(), shape)  # a space inside a number: stray
    blanks_lost = 1 < len(tokens) < shape.width
    return RowDecoding(
        run, tuple(search.found), truncated=search.truncated, blanks_lost=blanks_lost
    )


def _is_number(text: str, kind: CellKind) -> bool:
    return len(text) in set(_number_ends(text, 0, kind))


# --- across rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearRule:
    """sum(coefficient × rows[key][cell]) = constant, over terms (key, cell, coefficient):
    a column identity (（七）总计 = the outcome rows) or a number the prose states."""

    terms: tuple[tuple[str, int, int], ...]
    constant: int = 0
    name: str = ""


@dataclass
class _Resolution:
    keys: list[str]
    domains: dict[str, list[tuple[int, ...]]]
    rules: list[LinearRule]
    steps: int = 0
    truncated: bool = False
    survivors: dict[str, set[int]] = field(default_factory=dict)

    def solve(self) -> None:
        self.survivors = {k: set() for k in self.keys}
        self._assign(0, {})

    def _assign(self, depth: int, chosen: dict[str, int]) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            self.truncated = True
            return
        if depth == len(self.keys):
            for key, index in chosen.items():
                self.survivors[key].add(index)
            return
        key = self.keys[depth]
        for index in range(len(self.domains[key])):
            chosen[key] = index
            if self._feasible(chosen):
                self._assign(depth + 1, chosen)
            del chosen[key]
            if self.truncated or self._nothing_left_to_learn():
                return

    def _nothing_left_to_learn(self) -> bool:
        """Every row with a choice already has two survivors: no row can become unique."""
        return all(len(self.survivors[k]) >= 2 for k in self.keys if len(self.domains[k]) > 1)

    def _feasible(self, chosen: Mapping[str, int]) -> bool:
        for rule in self.rules:
            low = high = 0
            for key, cell, coefficient in rule.terms:
                if key in chosen:
                    value = coefficient * self.domains[key][chosen[key]][cell]
                    low += value
                    high += value
                else:
                    options = [coefficient * c[cell] for c in self.domains[key]]
                    low += min(options)
                    high += max(options)
            if not low <= rule.constant <= high:
                return False
        return True


def resolve_rows(
    candidates: Mapping[str, Sequence[tuple[int, ...]]],
    rules: Sequence[LinearRule],
    optional: Sequence[LinearRule] = (),
) -> dict[str, tuple[int, ...]]:
    """Which candidates of each row survive the rules across rows: {key: candidate indices}.

    A rule naming a row with no candidates (not printed, or no split obeys it) is dropped. If
    the rules together admit no combination (the report breaks an identity, which its checks
    will show), `optional` rules are dropped first (the prose's numbers), then all rules: each
    row keeps its own candidates. A search that stops early keeps every candidate.
    """
    domains = {k: list(v) for k, v in candidates.items() if v}
    everything = {k: tuple(range(len(v))) for k, v in domains.items()}
    for attempt in ([*rules, *optional], list(rules)):
        usable = [r for r in attempt if all(k in domains for k, _c, _f in r.terms)]
        if not usable:
            return everything
        involved = sorted(
            {k for r in usable for k, _c, _f in r.terms}, key=lambda k: len(domains[k])
        )
        resolution = _Resolution(involved, {k: domains[k] for k in involved}, usable)
        resolution.solve()
        if resolution.truncated:
            return everything
        if all(resolution.survivors[k] for k in involved):
            result = dict(everything)
            result.update({k: tuple(sorted(v)) for k, v in resolution.survivors.items()})
            return result
    return everything


def column_identities(outcome_rows: Sequence[str], width: int) -> list[LinearRule]:
    """The template's identities per applicant column (cell index 0 … width-1) of section 三:
    1. new_received + carried_over = processed_total + carried_forward;
    2. processed_total = the sum of the outcome rows (granted … other)."""
    rules: list[LinearRule] = []
    for cell in range(width):
        rules.append(
            LinearRule(
                (
                    ("new_received", cell, 1),
                    ("carried_over", cell, 1),
                    ("processed_total", cell, -1),
                    ("carried_forward", cell, -1),
                ),
                name=f"identity 1, cell {cell}",
            )
        )
        terms = [("processed_total", cell, 1), *((row, cell, -1) for row in outcome_rows)]
        rules.append(LinearRule(tuple(terms), name=f"identity 2, cell {cell}"))
    return rules


def decode_rows(
    runs: Mapping[str, str],
    shape: RowShape,
    rules: Sequence[LinearRule] = (),
    optional: Sequence[LinearRule] = (),
    printed: Mapping[str, tuple[int, ...]] | None = None,
) -> dict[str, RowDecoding]:
    """Decode a section's flattened rows together: each run by its row, then the survivors of
    the rules across rows. `printed` rows (read normally, every cell a number) take part in
    the rules as they are. The result lists, per run, the candidates that survive."""
    decodings = {key: decode_row(run, shape) for key, run in runs.items()}
    candidates: dict[str, list[tuple[int, ...]]] = {
        key: []
        if d.truncated or d.blanks_lost
        else [tuple(int(v) for v in c) for c in d.candidates]
        for key, d in decodings.items()
        if all(k is not CellKind.AMOUNT for k in shape.kinds)
    }
    for key, values in (printed or {}).items():
        candidates.setdefault(key, [values])
    if not candidates or not (rules or optional):
        return decodings
    surviving = resolve_rows(candidates, rules, optional)
    return {
        key: RowDecoding(
            d.run,
            tuple(d.candidates[i] for i in surviving.get(key, range(len(d.candidates)))),
            d.printed,
            d.truncated,
            d.blanks_lost,
        )
        for key, d in decodings.items()
    }
