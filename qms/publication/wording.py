"""How a new publication draft is worded before the secretary edits it.

Everything here only proposes text: the draft form shows it and the secretary changes what does
not fit the agency (the authority line, the legal bases, who carries the decision out, ...).
The wording follows Annex I of QĐ 19/2014/QĐ-TTg and Decree 30/2020/NĐ-CP (place names of
commune-level bodies are the commune's own name; abbreviations are fine in the parent line).
"""

from __future__ import annotations

import re

from qms.core.text import fold
from qms.organisations.models import Organisation, OrganisationKind

STANDARD = "TCVN ISO 9001:2015"
SUMMARY = "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015"
NOTICE_SUMMARY = "V/v thông báo công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015"

# The national texts every publication decision cites (QĐ 19 Annex I; TT 26; the framework model).
DEFAULT_LEGAL_BASES = (
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng "
    "Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, "
    "tổ chức thuộc hệ thống hành chính nhà nước;",
    "Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa học và Công nghệ "
    "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg;",
    "Căn cứ Quyết định số 101/QĐ-BKHCN ngày 21 tháng 01 năm 2019 của Bộ trưởng Bộ Khoa học và Công nghệ "
    "về việc công bố mô hình khung hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 "
    "cho các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước tại địa phương;",
)

# Bodies that act as a People's Committee (collective) rather than as a department head.
COMMITTEE_KINDS = frozenset({OrganisationKind.PROVINCE, OrganisationKind.DISTRICT, OrganisationKind.COMMUNE})
_PREFIXES = ("UBND tỉnh ", "UBND thành phố ", "UBND huyện ", "UBND thị xã ", "UBND xã ", "UBND phường ")


def expand(name: str) -> str:
    """``UBND phường Hạ Long`` → ``Ủy ban nhân dân phường Hạ Long`` (titles are printed in full)."""
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", name.strip())


def place_of(agency: Organisation, province: Organisation | None) -> str:
    """The place name printed before the date: the commune's own name for a commune-level body,
    else the province's."""
    source = agency if agency.kind == OrganisationKind.COMMUNE or province is None else province
    name = source.name.strip()
    for prefix in (*_PREFIXES, "UBND đặc khu ", "Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name.removeprefix("UBND ").strip()


def abbreviation(agency: Organisation) -> str:
    """The letters used in document symbols (``QĐ-STP``): UBND for people's committees, else the
    last segment of the agency's code when it is made of letters, else the initials of its name."""
    if agency.kind in COMMITTEE_KINDS:
        return "UBND"
    segment = re.split(r"[.\-_/ ]", agency.code.strip())[-1]
    if segment.isalpha() and segment.upper() == segment:
        return segment
    initials = "".join(word[0] for word in fold(agency.name).split() if word and word[0].isalpha())
    return initials.upper() or "CQ"


def authority_line(agency: Organisation) -> str:
    """The line above the legal bases naming who decides: "GIÁM ĐỐC SỞ TƯ PHÁP"."""
    if agency.kind in COMMITTEE_KINDS:
        return f"CHỦ TỊCH {expand(agency.name).upper()}"
    if agency.kind == OrganisationKind.SUB_DEPARTMENT:
        return f"CHI CỤC TRƯỞNG {agency.name.upper()}"
    if agency.kind == OrganisationKind.MINISTRY:
        return f"BỘ TRƯỞNG {agency.name.upper()}"
    named = _named_head(agency)
    if named is not None:
        title, rest = named
        return f"{title.upper()} {expand(rest).upper()}".strip()
    return f"GIÁM ĐỐC {agency.name.upper()}"


# Agencies whose head is not a "Giám đốc": the title and what follows it in the authority line
# ("Văn phòng UBND tỉnh" → "CHÁNH VĂN PHÒNG UBND TỈNH", "Ban Quản lý…" → "TRƯỞNG BAN QUẢN LÝ…").
NAMED_HEADS = (("van phong ", "Chánh Văn phòng", 10), ("thanh tra ", "Chánh Thanh tra", 10), ("ban ", "Trưởng ban", 4))


def _named_head(agency: Organisation) -> tuple[str, str] | None:
    folded = fold(agency.name)
    for prefix, title, cut in NAMED_HEADS:
        if folded.startswith(prefix):
            return title, agency.name[cut:]
    return None


def head_title(agency: Organisation) -> str:
    if agency.kind in COMMITTEE_KINDS:
        return "Chủ tịch"
    if agency.kind == OrganisationKind.SUB_DEPARTMENT:
        return "Chi cục trưởng"
    if agency.kind == OrganisationKind.MINISTRY:
        return "Bộ trưởng"
    named = _named_head(agency)
    return named[0] if named is not None else "Giám đốc"


def signer_block(agency: Organisation, position: str) -> tuple[str, str]:
    """(authority, title) of the signature block from a leader's position: "Giám đốc Sở Tư pháp"
    → ("", "Giám đốc"); "Phó Giám đốc Sở" → ("KT. GIÁM ĐỐC", "Phó Giám đốc")."""
    title = re.split(r"\s+(?:Sở|UBND|Ủy ban|Uỷ ban|Chi cục|Ban|Bộ)\b", position.strip(), maxsplit=1)[0].strip()
    title = title or head_title(agency)
    authority = ""
    if fold(title).startswith("pho "):
        authority = f"KT. {title[4:].strip().upper()}"
    return authority, title[:1].upper() + title[1:]


def implementers(agency: Organisation) -> str:
    if agency.kind in COMMITTEE_KINDS:
        return (
            "Chánh Văn phòng, Trưởng các phòng, đơn vị thuộc "
            f"{expand(agency.name)} và các cán bộ, công chức có liên quan"
        )
    return f"Chánh Văn phòng, Trưởng các phòng, đơn vị thuộc {agency.name} và các cán bộ, công chức có liên quan"


def proposer(agency: Organisation, office: str = "") -> str:
    """Who proposes the decision: the head of the office that drafts it ("Chánh Văn phòng Sở"),
    never the person who signs it, whoever typed the draft. ``office``: the name of the agency's
    own office (an internal unit "Văn phòng ..."), when it has one."""
    office = " ".join(office.split())
    if office:
        return f"Chánh {office}"
    if agency.kind == OrganisationKind.PROVINCE:
        return f"Chánh Văn phòng {expand(agency.name)}"
    if agency.kind in COMMITTEE_KINDS:
        place = re.sub(r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", agency.name.strip())
        return f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {place}"
    if agency.kind == OrganisationKind.SUB_DEPARTMENT:
        return "Chánh Văn phòng Chi cục"
    if agency.kind == OrganisationKind.MINISTRY:
        return "Chánh Văn phòng Bộ"
    named = _named_head(agency)
    if named is not None:
        title = named[0]
        if title == "Chánh Văn phòng":  # the office itself: its administration unit proposes
            return "Trưởng phòng Hành chính - Tổ chức"
        return "Chánh Văn phòng " + ("Thanh tra" if title == "Chánh Thanh tra" else "Ban")
    return "Chánh Văn phòng Sở"


def proposal(agency: Organisation, office: str = "") -> str:
    return f"Theo đề nghị của {proposer(agency, office)}."


def extra_recipients(agency: Organisation) -> str:
    return "\n".join(["Lãnh đạo cơ quan", "Trang thông tin điện tử của cơ quan (để đăng tải)", "Lưu: VT"])


def notice_recipient_name(dost: Organisation | None, province: Organisation | None) -> str:
    """``Sở Khoa học và Công nghệ tỉnh Quảng Ninh``."""
    name = dost.name if dost is not None else "Sở Khoa học và Công nghệ"
    if province is None or fold(province.name).split()[-1:] == fold(name).split()[-1:]:
        return name
    where = province.name.removeprefix("UBND ").strip()
    return f"{name} {where}"
