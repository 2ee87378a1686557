"""Who decides and signs, by the kind and name of the agency."""

from __future__ import annotations

import pytest

from qms.organisations.models import Organisation, OrganisationKind
from qms.publication.wording import authority_line, head_title, proposer


@pytest.mark.parametrize(
    ("name", "kind", "authority", "title"),
    [
        ("Sở Tư pháp", OrganisationKind.DEPARTMENT, "GIÁM ĐỐC SỞ TƯ PHÁP", "Giám đốc"),
        ("Văn phòng UBND tỉnh", OrganisationKind.DEPARTMENT, "CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", "Chánh Văn phòng"),
        (
            "Ban Quản lý Khu kinh tế tỉnh",
            OrganisationKind.DEPARTMENT,
            "TRƯỞNG BAN QUẢN LÝ KHU KINH TẾ TỈNH",
            "Trưởng ban",
        ),
        ("Thanh tra tỉnh", OrganisationKind.DEPARTMENT, "CHÁNH THANH TRA TỈNH", "Chánh Thanh tra"),
        (
            "Chi cục Kiểm lâm",
            OrganisationKind.SUB_DEPARTMENT,
            "CHI CỤC TRƯỞNG CHI CỤC KIỂM LÂM",
            "Chi cục trưởng",
        ),
    ],
)
def test_head_of_agency(name, kind, authority, title):
    agency = Organisation(name=name, kind=kind)
    assert authority_line(agency) == authority
    assert head_title(agency) == title


@pytest.mark.parametrize(
    ("name", "kind", "proposer_text"),
    [
        ("Sở Tư pháp", OrganisationKind.DEPARTMENT, "Chánh Văn phòng Sở"),
        (
            "UBND phường Hạ Long",
            OrganisationKind.COMMUNE,
            "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Hạ Long",
        ),
        ("UBND tỉnh Quảng Ninh", OrganisationKind.PROVINCE, "Chánh Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh"),
        ("Chi cục Kiểm lâm", OrganisationKind.SUB_DEPARTMENT, "Chánh Văn phòng Chi cục"),
        ("Văn phòng UBND tỉnh", OrganisationKind.DEPARTMENT, "Trưởng phòng Hành chính - Tổ chức"),
        ("Thanh tra tỉnh", OrganisationKind.DEPARTMENT, "Chánh Văn phòng Thanh tra"),
    ],
)
def test_the_drafting_office_proposes_never_the_signer(name, kind, proposer_text):
    agency = Organisation(name=name, kind=kind)
    assert proposer(agency) == proposer_text
    assert proposer(agency, "Văn phòng Sở") == "Chánh Văn phòng Sở"
