"""Who decides and signs, by the kind and name of the agency."""

from __future__ import annotations

import pytest

from qms.organisations.models import Organisation, OrganisationKind
from qms.publication.wording import authority_line, head_title


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
