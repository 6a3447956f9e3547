"""Align a section's printed lines to the template's rows as a sequence.

A printed label may carry typos, dropped or wrong characters (予以公井, 第叁方), be split around its
values, or be missing; a report may omit rows and add lines (notes, stray numbers, group labels).
Label matching alone then misplaces rows. Here every printed line is matched to the template's
rows *in the template's order* by dynamic programming: a match scores the label's similarity to
the row, a printed row that is not a template row and a template row the report omits cost a
small penalty each, and a label-only line may join the row before or after it (a label split
around its values is one row). Neighbours fix the place of a row whose label is garbled.

Similarity is character-level: the best approximate occurrence (edit distance, Myers' bit-vector
algorithm) of each of the row's fragments inside the printed label key, so group prefixes and
numbering around the fragment cost nothing. Lines whose label matches a row exactly and
unambiguously are anchors; the dynamic programme only runs in the gaps between anchors, so a
clean report costs one score lookup per line.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# A placement's label must reach this similarity to count as placed by its label.
LABEL_PLACEMENT = 0.75
# Only an exact, unambiguous label fixes a row without looking at its neighbours.
ANCHOR = 0.95
# Penalties of the alignment (gains are 2 * (similarity - 0.5), in [-1, 1]): a labelled line
# fills a template row by position only if its similarity exceeds 0.5 - (SKIP + OMIT) / 2 = 0.4.
SKIP_LINE = 0.1  # a printed row that is not a template row
OMIT_ROW = 0.1  # a template row the report does not print
UNLABELLED_GAIN = -0.15  # a full row without a label, between rows that fix its place
COVERAGE_WEIGHT = 0.1  # prefer the row whose fragment explains more of the label
MAX_JOIN = 2  # label-only lines that may join a row before or after its values
_ENUMERATION = str.maketrans("", "", "0123456789一二三四五六七八九十")


class LineKind(StrEnum):
    ROW = "row"  # carries value cells: a candidate template row
    BLANK = "blank"  # a grid row whose value cells are all blank: a row, or the rest of a label
    LABEL = "label"  # label text only: part of an adjacent row's label, or a group label
    NOISE = "noise"  # never a row nor part of a label (a stray number, a group label row)


_ROWS = frozenset({LineKind.ROW, LineKind.BLANK})  # may be placed on a template row
_JOINABLE = frozenset({LineKind.LABEL, LineKind.BLANK})  # may join an adjacent row's label


@dataclass(frozen=True)
class Line:
    key: str  # label_key of the printed label ("" when none)
    kind: LineKind


@dataclass(frozen=True)
class Placement:
    line: int  # index of the line holding the values
    target: int  # index into the scorer's targets
    label_lines: tuple[int, ...]  # the lines whose labels make the row's label, in order
    score: float  # label similarity in [0, 1]
    by_label: bool  # the label alone picks this row; else its neighbours placed it
    key: str = ""  # the joined label key that was scored


def approximate_distance(pattern: str, text: str) -> int:
    """Fewest edits turning `pattern` into some substring of `text` (Myers 1999, bit-parallel)."""
    m = len(pattern)
    if m == 0:
        return 0
    peq: dict[str, int] = {}
    for index, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << index)
    full = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score, best = full, 0, m, m
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        if score < best:
            best = score
        ph = (ph << 1) & full  # a free start anywhere in the text: no carry into row 0
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return best


def fragment_similarity(fragment: str, key: str) -> float:
    """1 when `fragment` occurs in `key`; minus 1/len per edit of its best occurrence."""
    if not fragment:
        return 0.0
    if fragment in key:
        return 1.0
    return max(0.0, 1.0 - approximate_distance(fragment, key) / len(fragment))


def is_labelled(key: str) -> bool:
    """A label that says something beyond its numbering (一、 (三) 1.)."""
    return len(key.translate(_ENUMERATION)) >= 2


@dataclass(frozen=True)
class Target:
    code: str
    fragments: tuple[str, ...]  # label keys; the best approximate occurrence decides


@dataclass(frozen=True)
class Scores:
    """A label key scored against every target."""

    labelled: bool
    similarity: tuple[float, ...]  # per target, in [0, 1]
    rank: tuple[float, ...]  # similarity plus a small bonus for explaining more of the label
    order: tuple[int, ...]  # targets by rank, best first

    def best_of(self, allowed: frozenset[int]) -> tuple[int, float, float]:
        """(best allowed target, its rank, the runner-up's rank)."""
        found: list[int] = []
        for target in self.order:
            if target in allowed:
                found.append(target)
                if len(found) == 2:
                    break
        if not found:
            return -1, 0.0, 0.0
        runner_up = self.rank[found[1]] if len(found) == 2 else 0.0
        return found[0], self.rank[found[0]], runner_up


@dataclass
class Scorer:
    """Similarity of label keys to a fixed list of targets, cached per key (labels repeat)."""

    targets: tuple[Target, ...]
    _cache: dict[str, Scores] = field(default_factory=dict, repr=False)

    def scores(self, key: str) -> Scores:
        cached = self._cache.get(key)
        if cached is None:
            pairs = [self._score(target, key) for target in self.targets]
            rank = tuple(s + COVERAGE_WEIGHT * c for s, c in pairs)
            order = tuple(sorted(range(len(rank)), key=lambda t: -rank[t]))
            cached = Scores(is_labelled(key), tuple(s for s, _ in pairs), rank, order)
            if len(self._cache) < 65_536:
                self._cache[key] = cached
        return cached

    @staticmethod
    def _score(target: Target, key: str) -> tuple[float, float]:
        """(similarity, coverage): coverage is the share of the key its best fragment explains."""
        best, coverage = 0.0, 0.0
        chars = set(key)
        for fragment in target.fragments:
            # Characters of the fragment missing from the key bound its similarity from above.
            bound = sum(1 for c in fragment if c in chars) / len(fragment)
            if bound < best or bound == 0.0:
                continue
            similarity = fragment_similarity(fragment, key)
            share = min(1.0, len(fragment) / len(key)) if key else 0.0
            if similarity > best or (similarity == best and share > coverage):
                best, coverage = similarity, share
        return best, coverage


def gain(scores: Scores, target: int) -> float:
    """What placing a label on a target adds to the alignment, in [-1, 1.2]."""
    return 2.0 * (scores.rank[target] - 0.5) if scores.labelled else UNLABELLED_GAIN


def _anchors(
    lines: Sequence[Line], scorer: Scorer, allowed: Sequence[int]
) -> list[tuple[int, int]]:
    """(line, position in `allowed`) of exact, unambiguous labels, longest increasing chain."""
    allowed_set = frozenset(allowed)
    position = {target: index for index, target in enumerate(allowed)}
    candidates: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        if line.kind is not LineKind.ROW:
            continue
        scores = scorer.scores(line.key)
        if not scores.labelled:
            continue
        target, rank, runner_up = scores.best_of(allowed_set)
        if target >= 0 and scores.similarity[target] >= ANCHOR and rank - runner_up >= 0.02:
            candidates.append((index, position[target]))
    return _longest_increasing(candidates)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing in both members (lines are already increasing)."""
    tails: list[int] = []  # smallest target ending a chain of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_line, target) in enumerate(pairs):
        length = bisect.bisect_left(tails, target)
        if length == len(tails):
            tails.append(target)
            tail_index.append(index)
        else:
            tails[length] = target
            tail_index[length] = index
        previous.append(tail_index[length - 1] if length else -1)
    chain: list[tuple[int, int]] = []
    at = tail_index[-1] if tail_index else -1
    while at >= 0:
        chain.append(pairs[at])
        at = previous[at]
    return chain[::-1]


@dataclass(frozen=True)
class _Step:
    next_line: int
    next_target: int
    placement: tuple[int, tuple[int, ...]] | None  # (value line, label lines) when a match


def _solve_gap(
    lines: Sequence[Line],
    scorer: Scorer,
    allowed: Sequence[int],
    line_span: tuple[int, int],
    target_span: tuple[int, int],
) -> tuple[float, list[tuple[int, int, tuple[int, ...]]]]:
    """Best alignment of lines[lo:hi] to allowed[tlo:thi]: (gain, [(line, pos, label lines)])."""
    lo, hi = line_span
    tlo, thi = target_span
    if not any(lines[i].kind in _ROWS for i in range(lo, hi)):
        return -OMIT_ROW * (thi - tlo), []
    best: dict[tuple[int, int], float] = {}
    step: dict[tuple[int, int], _Step] = {}
    for i in range(hi, lo - 1, -1):
        for j in range(thi, tlo - 1, -1):
            if i == hi:
                best[i, j] = -OMIT_ROW * (thi - j)
                continue
            line = lines[i]
            options: list[tuple[float, _Step]] = []
            skip = -SKIP_LINE if line.kind is LineKind.ROW else 0.0
            skip_option = (best[i + 1, j] + skip, _Step(i + 1, j, None))
            if line.kind in _JOINABLE:
                options.append(skip_option)  # ties keep a label line out of the row's label
            if j < thi:
                options.extend(_matches(lines, scorer, allowed[j], (i, hi), j, best))
            if line.kind not in _JOINABLE:
                options.append(skip_option)
            if j < thi:
                options.append((best[i, j + 1] - OMIT_ROW, _Step(i, j + 1, None)))
            value, chosen = options[0]
            for candidate, candidate_step in options[1:]:
                if candidate > value + 1e-9:
                    value, chosen = candidate, candidate_step
            best[i, j], step[i, j] = value, chosen
    matched: list[tuple[int, int, tuple[int, ...]]] = []
    at = (lo, tlo)
    while at[0] < hi:
        chosen = step[at]
        if chosen.placement is not None:
            matched.append((chosen.placement[0], at[1], chosen.placement[1]))
        at = (chosen.next_line, chosen.next_target)
    return best[lo, tlo], matched


def _matches(
    lines: Sequence[Line],
    scorer: Scorer,
    target: int,
    span: tuple[int, int],
    j: int,
    best: dict[tuple[int, int], float],
) -> list[tuple[float, _Step]]:
    """Target j on the first row from span[0] on, with the label lines before and after it."""
    start, hi = span
    options: list[tuple[float, _Step]] = []
    for row in range(start, min(start + MAX_JOIN + 1, hi)):
        kind = lines[row].kind
        if kind is LineKind.NOISE:
            break
        if kind is LineKind.LABEL:
            continue
        for extra in range(MAX_JOIN + 1):
            end = row + extra  # the last label line joined after the values
            if end >= hi or (extra and lines[end].kind not in _JOINABLE):
                break
            used = tuple(range(start, end + 1))
            scores = scorer.scores("".join(lines[k].key for k in used))
            options.append(
                (gain(scores, target) + best[end + 1, j + 1], _Step(end + 1, j + 1, (row, used)))
            )
        if kind is LineKind.ROW:
            break  # a blank row may also be a prefix of the next row's label
    return options


def align_lines(
    lines: Sequence[Line], scorer: Scorer, allowed: Sequence[int]
) -> tuple[float, list[Placement]]:
    """Place printed lines on the targets `allowed` (indices into the scorer's targets, in the
    template's order). Returns the alignment's total gain and the placements in printed order."""
    anchors = _anchors(lines, scorer, allowed)
    total = 0.0
    matched: list[tuple[int, int, tuple[int, ...]]] = []
    previous = (-1, -1)
    for anchor in [*anchors, (len(lines), len(allowed))]:
        gap_gain, gap = _solve_gap(
            lines, scorer, allowed, (previous[0] + 1, anchor[0]), (previous[1] + 1, anchor[1])
        )
        total += gap_gain
        matched.extend(gap)
        if anchor[0] < len(lines):
            matched.append((anchor[0], anchor[1], (anchor[0],)))
            total += gain(scorer.scores(lines[anchor[0]].key), allowed[anchor[1]])
        previous = anchor
    allowed_set = frozenset(allowed)
    placements = []
    for line, position, used in matched:
        key = "".join(lines[k].key for k in used)
        scores = scorer.scores(key)
        target = allowed[position]
        best, rank, runner_up = scores.best_of(allowed_set)
        by_label = (
            scores.labelled
            and best == target
            and scores.similarity[target] >= LABEL_PLACEMENT
            and rank > runner_up
        )
        similarity = scores.similarity[target] if scores.labelled else 0.0
        placements.append(Placement(line, target, used, similarity, by_label, key))
    return total, placements
