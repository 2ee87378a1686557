"""Score arithmetic: totals always equal the sum of the leaves, parents the sum of their children;
rating band selection; parsing of numbers as people write them; step validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qms.assessments import scoring
from qms.assessments.scoring import Node, check_value, compute, fmt, parse_decimal, rating_for

D = Decimal


@st.composite
def trees(draw):
    """A random criteria tree in tree order with random leaf values (or None = unscored)."""
    nodes: list[Node] = []
    values: dict[int, Decimal | None] = {}
    counter = iter(range(1, 10_000))

    def grow(parent: int | None, depth: int) -> None:
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            pk = next(counter)
            leaf = depth >= 3 or draw(st.booleans())
            index = len(nodes)
            nodes.append(Node(pk, parent, str(pk), str(pk), D(0), index, leaf))
            if leaf:
                halves = draw(st.integers(min_value=0, max_value=40))
                values[pk] = None if draw(st.integers(0, 5)) == 0 else D(halves) / 2
                nodes[index] = Node(pk, parent, str(pk), str(pk), D(20), index, True)
            else:
                grow(pk, depth + 1)
                if not any(n.parent_id == pk for n in nodes):
                    nodes[index] = Node(pk, parent, str(pk), str(pk), D(20), index, True)

    grow(None, 0)
    # A node may have ended up with no children only if it was made a leaf above.
    return nodes, values


@settings(max_examples=200, deadline=None)
@given(trees())
def test_total_is_sum_of_leaves_and_parents_sum_of_children(tree):
    nodes, values = tree
    totals = compute(nodes, values)
    leaves = [n for n in nodes if n.is_leaf]
    expected_total = sum((values.get(n.id) or D(0) for n in leaves), D(0))
    assert totals.total == expected_total
    for node in nodes:
        if node.is_leaf:
            assert totals.subtotals[node.id] == (values.get(node.id) or D(0))
        else:
            children = [c for c in nodes if c.parent_id == node.id]
            assert totals.subtotals[node.id] == sum((totals.subtotals[c.id] for c in children), D(0))
    assert totals.leaf_count == len(leaves)
    assert totals.scored_count == sum(1 for n in leaves if values.get(n.id) is not None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=200), min_size=1, max_size=6, unique=True),
    st.integers(min_value=0, max_value=200),
)
def test_rating_is_the_highest_band_reached(bounds, total_halves):
    bounds = sorted(bounds)
    bands = [(D(0), "b0")] + [(D(b) / 2, f"b{b}") for b in bounds]
    total = D(total_halves) / 2
    label = rating_for(total, bands)
    reached = [lower for lower, _l in bands if total >= lower]
    assert label == dict((lower, name) for lower, name in bands)[max(reached)]


def test_rating_examples():
    bands = [(D(0), "Không đạt"), (D(50), "Trung bình"), (D(75), "Khá"), (D(90), "Tốt")]
    assert rating_for(D("78.5"), bands) == "Khá"
    assert rating_for(D("90"), bands) == "Tốt"
    assert rating_for(D("89.5"), bands) == "Khá"
    assert rating_for(D("49.5"), bands) == "Không đạt"
    assert rating_for(D("0"), bands) == "Không đạt"
    assert rating_for(D("80"), []) == ""
    assert rating_for(D("80"), list(reversed(bands))) == "Khá"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("67.5", D("67.5")),
        ("67,5", D("67.5")),
        (" 1 ", D("1")),
        (2, D("2")),
        (0.5, D("0.5")),
        (78.5, D("78.5")),
        ("", None),
        (None, None),
        ("1.234,5", D("1234.5")),
        ("1,234.5", D("1234.5")),
        ("12\u00a0", D("12")),
    ],
)
def test_parse_decimal(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3x", "NaN", "inf", True, "--1"])
def test_parse_decimal_refuses(raw):
    with pytest.raises(ValueError):
        parse_decimal(raw)


def test_check_value():
    assert check_value(D("0.5"), max_points=D(1), step=D("0.5")) is None
    assert check_value(D("0"), max_points=D(1), step=D("0.5")) is None
    assert check_value(D("12"), max_points=D(12), step=D("0.5")) is None
    assert check_value(D("1.5"), max_points=D(1), step=D("0.5")) == "Điểm 1,5 vượt điểm tối đa 1."
    assert check_value(D("0.25"), max_points=D(1), step=D("0.5")) == (
        "Điểm 0,25 không đúng bước chấm 0,5 (ví dụ: 0; 0,5; 1…)."
    )
    assert check_value(D("-0.5"), max_points=D(1), step=D("0.5")) == "Điểm không được âm."


def test_fmt():
    assert fmt(D("78.50")) == "78,5"
    assert fmt(D("100.00")) == "100"
    assert fmt(D("0.50")) == "0,5"
    assert fmt(D("0")) == "0"
    assert fmt(None) == ""
    assert scoring.q2(D("1.005")) == D("1.01")
