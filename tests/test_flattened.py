"""The flattened-row decoder on its own: splits of digit runs by the template's arithmetic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.flattened import (
    MAX_CANDIDATES,
    CellKind,
    LinearRule,
    bare_run,
    blocks_row,
    column_identities,
    decode_row,
    decode_rows,
    free_row,
    is_bare_run,
    resolve_rows,
    split_glued,
    subtotal_row,
    sum_row,
)

ROW = sum_row(7)


def test_a_run_of_single_digits_has_one_split():
    assert decode_row("0000000", ROW).unique == ("0",) * 7
    assert decode_row("1000001", ROW).unique == ("1", "0", "0", "0", "0", "0", "1")


def test_the_row_total_picks_the_split():
    # 12 + 3 = 15 is the only split of 123000015 whose last cell is the sum of the others.
    assert decode_row("123000015", ROW).unique == ("12", "3", "0", "0", "0", "0", "15")


def test_no_leading_zeros_except_zero_itself():
    decoding = decode_row("0012", free_row([CellKind.COUNT] * 3))
    assert decoding.candidates == (("0", "0", "12"),)


def test_an_ambiguous_run_lists_every_candidate():
    # The example: alone, the row admits two splits.
    decoding = decode_row("153001221", ROW)
    assert decoding.unique is None
    assert set(decoding.candidates) == {
        ("15", "3", "0", "0", "1", "2", "21"),
        ("1", "5", "3", "0", "0", "12", "21"),
    }


def test_a_run_that_no_split_explains_has_no_candidate():
    assert decode_row("1111111", ROW).candidates == ()  # 1+1+1+1+1+1 is not 1
    assert decode_row("12", ROW).candidates == ()  # too short for seven cells


def test_spaces_separating_fewer_numbers_than_cells_are_not_decoded():
    # 15 3 0 0 1 2 21 with blank cells dropped, or cells glued? A copy that keeps spaces
    # drops blanks, so the row is listed with its candidates and never decoded.
    decoding = decode_row("153001 221", ROW)
    assert decoding.blanks_lost and decoding.unique is None
    assert decoding.candidates == (("15", "3", "0", "0", "1", "2", "21"),)  # spaces are kept
    assert decode_row("10 0 0 0 0 10", ROW).unique is None  # six numbers for seven cells


def test_a_space_inside_a_number_is_stray_when_boundaries_explain_nothing():
    # Eight numbers for seven cells: one space is stray; 1|5 is 15.
    assert decode_row("12 3 0 0 0 0 1 5", ROW).unique == ("12", "3", "0", "0", "0", "0", "15")


def test_a_run_already_split_into_its_cells_is_printed_not_decoded():
    decoding = decode_row("15 3 0 0 1 2 21", ROW)
    assert decoding.printed and decoding.unique == ("15", "3", "0", "0", "1", "2", "21")
    # As printed even when the source's own total is wrong: the identity checks say so.
    assert decode_row("1 1 1 1 1 1 9", ROW).unique == ("1", "1", "1", "1", "1", "1", "9")


def test_negative_numbers_start_a_cell():
    shape = free_row([CellKind.COUNT, CellKind.SIGNED, CellKind.COUNT])
    assert decode_row("4-30", shape).unique == ("4", "-3", "0")
    assert set(decode_row("12-3150", shape).candidates) == {
        ("12", "-3", "150"),
        ("12", "-31", "50"),
        ("12", "-315", "0"),
    }
    assert decode_row("4-03", shape).candidates == ()  # -0… is not a number
    assert decode_row("-4", free_row([CellKind.COUNT])).candidates == ()  # counts are not signed


def test_decimals_stay_inside_one_amount():
    assert decode_row("12.50", free_row([CellKind.AMOUNT])).unique == ("12.50",)
    shape = free_row([CellKind.COUNT, CellKind.AMOUNT])
    assert set(decode_row("512.50", shape).candidates) == {("5", "12.50"), ("51", "2.50")}
    assert decode_row("30.5", shape).unique == ("3", "0.5")
    assert decode_row("3.5", free_row([CellKind.COUNT] * 2)).candidates == ()  # counts: no point


def test_subtotal_column_in_either_place():
    after_orgs = ("0", "1", "0", "0", "0", "0", "1", "1")
    assert decode_row("01000011", subtotal_row(6)).unique == after_orgs
    after_person = ("0", "1", "1", "0", "0", "0", "0", "1")
    assert decode_row("01100001", subtotal_row(1)).unique == after_person


def test_section_four_blocks_each_sum_to_their_total():
    # 行政复议 12 0 0 0 | 12, both 行政诉讼 blocks 0: seventeen digits for fifteen cells.
    decoding = decode_row("1200012" + "00000" + "00000", blocks_row(3, 5))
    assert decoding.unique == ("12", "0", "0", "0", "12", *("0",) * 10)
    assert decode_row("0" * 15, blocks_row(3, 5)).unique == ("0",) * 15


def test_a_search_that_stops_early_decodes_nothing():
    decoding = decode_row("1" * 40, free_row([CellKind.COUNT] * 7))
    assert decoding.truncated and len(decoding.candidates) == MAX_CANDIDATES
    assert decoding.unique is None


def test_glued_labels_and_bare_runs():
    assert split_glued("一、本年新收政府信息公开申请数量153001221") == (
        "一、本年新收政府信息公开申请数量",
        "153001221",
    )
    assert split_glued("（三）不予公开 1.属于国家秘密0 0 0 0 0 0 0") == (
        "（三）不予公开 1.属于国家秘密",
        "0 0 0 0 0 0 0",
    )
    assert split_glued("3.危及“三安全一稳定”0000000") == ("3.危及“三安全一稳定”", "0000000")
    assert split_glued("行政许可－3") == ("行政许可", "-3")
    assert split_glued("规章　１２ ３") == ("规章", "12 3")  # full-width digits and spaces
    assert split_glued("一、本年新收政府信息公开申请数量 32个 61 7 174件") == (
        "一、本年新收政府信息公开申请数量",
        "32 61 7 174",
    )  # a count unit ends its number
    assert split_glued("全年共收到政府信息公开申请174件") is None  # prose, one number
    assert split_glued("联系电话：0595-88888888") is None  # a colon ends a field name, not a row
    assert split_glued("2022年12月31") is not None  # a label; the aligner decides it is no row
    assert split_glued("一、总体情况") is None
    assert split_glued("153001221") is None
    assert is_bare_run("000000000000000") and is_bare_run("0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")
    assert not is_bare_run("36800") and not is_bare_run("行政复议")
    assert bare_run("4 4件 4个 0件 12 1 1件 0件 4 6个") == "4 4 4 0 12 1 1 0 4 6"


# --- across rows -------------------------------------------------------------------------------

OUTCOMES = ["granted", "partially_granted"]


def _runs(rows: dict[str, list[int]]) -> dict[str, str]:
    return {key: "".join(str(v) for v in values) for key, values in rows.items()}


def test_column_identities_resolve_what_one_row_leaves_open():
    # new_received 15 3 0 0 1 2 | 21 is ambiguous alone; its columns must balance with rows
    # that are not: granted + partially_granted = processed_total, new + carried_over = …
    rows = {
        "new_received": [15, 3, 0, 0, 1, 2, 21],
        "carried_over": [0, 0, 0, 0, 0, 0, 0],
        "granted": [10, 3, 0, 0, 1, 2, 16],
        "partially_granted": [5, 0, 0, 0, 0, 0, 5],
        "processed_total": [15, 3, 0, 0, 1, 2, 21],
        "carried_forward": [0, 0, 0, 0, 0, 0, 0],
    }
    runs = _runs(rows)
    alone = decode_row(runs["new_received"], ROW)
    assert alone.unique is None
    decoded = decode_rows(runs, ROW, column_identities(OUTCOMES, 7))
    for key, values in rows.items():
        assert decoded[key].unique == tuple(str(v) for v in values), key


def test_rows_the_identities_cannot_separate_stay_ambiguous():
    # Both rows hold the same ambiguous run and nothing else tells which split is which.
    runs = {"new_received": "153001221", "processed_total": "153001221"}
    rule = LinearRule((("new_received", 6, 1), ("processed_total", 6, -1)))
    decoded = decode_rows(runs, ROW, [rule])
    assert decoded["new_received"].unique is None
    assert len(decoded["new_received"].candidates) == 2


def test_the_prose_number_is_an_optional_rule():
    runs = {"new_received": "153001221"}
    stated = LinearRule((("new_received", 0, 1),), constant=15, name="prose")
    decoded = decode_rows(runs, ROW, (), [stated])
    assert decoded["new_received"].unique == ("15", "3", "0", "0", "1", "2", "21")
    # A prose number that contradicts every split is dropped, not believed.
    wrong = LinearRule((("new_received", 0, 1),), constant=99, name="prose")
    assert len(decode_rows(runs, ROW, (), [wrong])["new_received"].candidates) == 2


def test_printed_rows_take_part_as_they_are():
    runs = {"new_received": "153001221"}
    printed = {"processed_total": (15, 3, 0, 0, 1, 2, 21)}
    rule = LinearRule((("new_received", 0, 1), ("processed_total", 0, -1)))
    decoded = decode_rows(runs, ROW, [rule], printed=printed)
    assert decoded["new_received"].unique == ("15", "3", "0", "0", "1", "2", "21")


def test_identities_the_report_breaks_leave_each_row_its_own_candidates():
    candidates = {"a": [(1,), (2,)], "b": [(5,)]}
    rule = LinearRule((("a", 0, 1), ("b", 0, -1)))  # a = b admits nothing
    assert resolve_rows(candidates, [rule]) == {"a": (0, 1), "b": (0,)}
    # A rule naming a row with no candidates (unprinted, undecodable) is not applied.
    assert resolve_rows(
        {"a": [(1,), (2,)], "c": []}, [LinearRule((("a", 0, 1), ("c", 0, -1)))]
    ) == {"a": (0, 1)}


# --- properties --------------------------------------------------------------------------------

_counts = st.integers(min_value=0, max_value=2000)


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(_counts, min_size=6, max_size=6),
    spaces=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_the_printed_row_is_always_a_candidate_and_every_candidate_adds_up(parts, spaces):
    cells = [*parts, sum(parts)]
    run = str(cells[0]) + "".join(
        (" " if space else "") + str(cell) for space, cell in zip(spaces, cells[1:], strict=True)
    )
    decoding = decode_row(run, ROW)
    if decoding.truncated:
        return
    assert tuple(str(c) for c in cells) in decoding.candidates
    for candidate in decoding.candidates:
        values = [int(v) for v in candidate]
        assert sum(values[:6]) == values[6]
        assert "".join(candidate) == run.replace(" ", "")


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.integers(min_value=-50, max_value=500).map(str),
            st.decimals(min_value=0, max_value=999, places=2).map(str),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_signed_and_decimal_cells_round_trip(values):
    kinds = [
        CellKind.AMOUNT if "." in v else (CellKind.SIGNED if v.startswith("-") else CellKind.COUNT)
        for v in values
    ]
    decoding = decode_row("".join(values), free_row(kinds))
    assert decoding.truncated or tuple(values) in decoding.candidates
