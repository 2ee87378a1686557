"""The shape of "số, ký hiệu": every real number of the sample file passes, malformed ones fail."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qms.legal.importing import parse_kind
from qms.legal.numbers import normalise_number, number_error

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "legal-texts.csv"


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_number_of_the_shipped_file_is_valid():
    rows = sample_rows()
    assert len(rows) == 98  # the 91 of the sample and the QMS's own 7 legal bases
    bad = [(r["number"], number_error(parse_kind(r["type"]) or "", normalise_number(r["number"]))) for r in rows]
    assert [b for b in bad if b[1]] == []


@pytest.mark.parametrize(
    "number",
    [
        "19/2014/QĐ-TTg",
        "26/2014/TT-BKHCN",
        "101/QĐ-BKHCN",
        "54/2024/QH15",
        "02/2020/UBTVQH",
        "01/2012/TTLT-BQP-BLĐTBXH-BTC",
        "2077/QĐ-BYT",
        "20/2025/QĐ-UBND",
        "1679/NQ-UBTVQH15",
        "02/2024/TT-BKHĐT",
    ],
)
def test_legal_numbers_pass(number):
    assert number_error("decision", number) == ""


@pytest.mark.parametrize(
    "number",
    [
        "19-2014",
        "abc",
        "19/2014/",
        "/QĐ-TTg",
        "19//QĐ-TTg",
        "19/2014/QĐ-",
        "19/2014/-TTg",
        "QĐ-TTg/19",
        "19/2014/QĐ TTg",
        "19/14/QĐ-TTg",
        "",
    ],
)
def test_malformed_numbers_fail_with_a_vietnamese_message(number):
    message = number_error("decision", normalise_number(number))
    assert message
    assert "không" in message


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("  19 / 2014 / QĐ - TTg ", "19/2014/QĐ-TTg"),
        ("TCVN  ISO 9001 : 2015", "TCVN ISO 9001:2015"),
        ("61/2018/NĐ-CP", "61/2018/NĐ-CP"),
        ("61/2018/N\u0110-CP", "61/2018/NĐ-CP"),
    ],
)
def test_normalisation(raw, normal):
    assert normalise_number(raw) == normal


@pytest.mark.parametrize(
    "number", ["TCVN ISO 9001:2015", "ISO 9001:2015", "ISO/IEC 17025:2017", "QCVN 01:2009/BYT", "TCVN 5603:2008"]
)
def test_standards_pass(number):
    assert number_error("standard", number) == ""


@pytest.mark.parametrize("number", ["9001:2015", "ISO", "19/2014/QĐ-TTg", "Tiêu chuẩn 9001"])
def test_standards_need_a_standard_shape(number):
    assert number_error("standard", number)


def test_a_law_cannot_be_numbered_like_a_standard():
    assert number_error("law", "ISO 9001:2015")
    assert number_error("other", "ISO 9001:2015") == ""
