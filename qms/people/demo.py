"""Demonstration data for Quảng Ninh (province code 22), created through the services.

Deterministic: the same organisations, accounts and records every time. The province and its
54 communes are the real ones from vietnam-provinces; the departments are the province's real
departments after the 2025 reorganisation; people and decision numbers are illustrative.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from qms.organisations.models import LineageEvent, Organisation, OrganisationKind, Role
from qms.organisations.services import lineage_add, membership_grant, organisation_create, units_import

from .models import CommitteePosition, TrainingKind, User
from .services import committee_create, committee_member_add, training_create

DEMO_PASSWORD = "iso-demo-2026"
PROVINCE = "22"
HISTORICAL_END = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)
REFORM_BASIS = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã tỉnh Quảng Ninh năm 2025"

DEPARTMENTS = [
    ("22.VPUB", "Văn phòng UBND tỉnh", "VP UBND"),
    ("22.SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("22.SNV", "Sở Nội vụ", "SNV"),
    ("22.STP", "Sở Tư pháp", "STP"),
    ("22.STC", "Sở Tài chính", "STC"),
    ("22.SXD", "Sở Xây dựng", "SXD"),
    ("22.SCT", "Sở Công Thương", "SCT"),
    ("22.SNNMT", "Sở Nông nghiệp và Môi trường", "SNN&MT"),
    ("22.SGDDT", "Sở Giáo dục và Đào tạo", "SGD&ĐT"),
    ("22.SYT", "Sở Y tế", "SYT"),
    ("22.SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTT&DL"),
    ("22.BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "BQL KKT"),
]
SUB_DEPARTMENTS = [
    ("22.SKHCN", "22.SKHCN.TDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    ("22.SNNMT", "22.SNNMT.CCKL", "Chi cục Kiểm lâm"),
    ("22.SNNMT", "22.SNNMT.CCTL", "Chi cục Thủy lợi"),
    ("22.SYT", "22.SYT.CCDS", "Chi cục Dân số"),
]
UNITS = {
    "22.SKHCN": ["Văn phòng Sở", "Phòng Kế hoạch - Tài chính", "Phòng Quản lý chuyên ngành", "Thanh tra Sở"],
    "22.STP": [
        "Văn phòng Sở",
        "Phòng Hành chính tư pháp",
        "Phòng Bổ trợ tư pháp",
        "Phòng Xây dựng và kiểm tra văn bản",
    ],
    "22.STC": ["Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Đăng ký kinh doanh"],
    "06688": [
        "Văn phòng HĐND và UBND",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công",
    ],
    "06994": ["Văn phòng HĐND và UBND", "Trung tâm Phục vụ hành chính công"],
}
# Former districts (abolished 30/6/2025) and the commune-level unit that took over their seat.
HISTORICAL_DISTRICTS = [
    (
        "22.H.VANDON",
        "UBND huyện Vân Đồn",
        "06994",
        [("22.X.DONGXA", "UBND xã Đông Xá"), ("22.X.HALONG-VD", "UBND xã Hạ Long (huyện Vân Đồn)")],
    ),
    ("22.H.COTO", "UBND huyện Cô Tô", "07192", [("22.X.DONGTIEN", "UBND xã Đồng Tiến")]),
    ("22.H.BINHLIEU", "UBND huyện Bình Liêu", "06838", [("22.X.LUCHON-CU", "UBND xã Lục Hồn (cũ)")]),
    ("22.H.TIENYEN", "UBND huyện Tiên Yên", "06862", [("22.X.DONGHAI", "UBND xã Đông Hải")]),
]
DISTRICT_START = dt.date(2014, 1, 1)

# username, full name, home organisation code, [(role, organisation code, position)]
ACCOUNTS = [
    (
        "sokhcn.dieuphoi",
        "Trần Thị Thu Hà",
        "22.SKHCN",
        [(Role.COORDINATOR, "22", "Phó Giám đốc Sở Khoa học và Công nghệ")],
    ),
    ("sokhcn.kiemtra", "Lê Văn Hùng", "22.SKHCN", [(Role.INSPECTOR, "22", "Trưởng phòng Quản lý chuyên ngành")]),
    ("sokhcn.lanhdao", "Đỗ Minh Tuấn", "22.SKHCN", [(Role.LEADER, "22.SKHCN", "Giám đốc Sở")]),
    ("sokhcn.thuky", "Ngô Thị Mai", "22.SKHCN", [(Role.ISO_SECRETARY, "22.SKHCN", "Chuyên viên Văn phòng Sở")]),
    ("stp.lanhdao", "Nguyễn Văn Minh", "22.STP", [(Role.LEADER, "22.STP", "Giám đốc Sở Tư pháp")]),
    ("stp.thuky", "Phạm Thị Lan", "22.STP", [(Role.ISO_SECRETARY, "22.STP", "Chánh Văn phòng Sở")]),
    (
        "stp.danhgia",
        "Hoàng Văn Nam",
        "22.STP",
        [
            (Role.AUDITOR, "22.STP", "Phó Trưởng phòng Hành chính tư pháp"),
            (Role.AUDITOR, "22.STC", "Chuyên gia đánh giá chéo"),
        ],
    ),
    ("stp.canbo", "Vũ Thị Hoa", "22.STP", [(Role.STAFF, "22.STP", "Chuyên viên Phòng Hành chính tư pháp")]),
    ("halong.lanhdao", "Bùi Quang Huy", "06688", [(Role.LEADER, "06688", "Chủ tịch UBND phường")]),
    ("halong.thuky", "Đặng Thu Trang", "06688", [(Role.ISO_SECRETARY, "06688", "Công chức Văn phòng - Thống kê")]),
    (
        "halong.canbo",
        "Lương Văn Khánh",
        "06688",
        [(Role.STAFF, "06688", "Công chức Trung tâm Phục vụ hành chính công")],
    ),
]


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


@transaction.atomic
def load_demo() -> tuple[list[tuple[str, str, str]], bool]:
    """Load the demo once; returns the accounts to print and whether anything was created."""
    accounts = [("quantri", "Quản trị hệ thống", "Quản trị hệ thống (toàn quyền)")]
    accounts += [(u, n, ", ".join(f"{Role(r).label} — {c}" for r, c, _p in roles)) for u, n, _h, roles in ACCOUNTS]
    if User.objects.filter(username="quantri").exists():
        return _with_org_names(accounts), False

    units_import(actor=None, province=PROVINCE)
    province = _org(PROVINCE)
    for code, name, short in DEPARTMENTS:
        organisation_create(
            actor=None, parent=province, kind=OrganisationKind.DEPARTMENT, name=name, code=code, short_name=short
        )
    for parent_code, code, name in SUB_DEPARTMENTS:
        organisation_create(
            actor=None, parent=_org(parent_code), kind=OrganisationKind.SUB_DEPARTMENT, name=name, code=code
        )
    for agency_code, names in UNITS.items():
        agency = _org(agency_code)
        for index, name in enumerate(names, start=1):
            organisation_create(
                actor=None, parent=agency, kind=OrganisationKind.UNIT, name=name, code=f"{agency_code}.P{index:02d}"
            )
    for code, name, successor_code, communes in HISTORICAL_DISTRICTS:
        district = organisation_create(
            actor=None,
            parent=province,
            kind=OrganisationKind.DISTRICT,
            name=name,
            code=code,
            valid_from=DISTRICT_START,
            valid_to=HISTORICAL_END,
        )
        successor = _org(successor_code)
        lineage_add(
            actor=None,
            predecessor=district,
            successor=successor,
            event=LineageEvent.TRANSFER,
            effective_date=REFORM,
            decision=REFORM_BASIS,
        )
        for commune_code, commune_name in communes:
            old = organisation_create(
                actor=None,
                parent=district,
                kind=OrganisationKind.COMMUNE,
                name=commune_name,
                code=commune_code,
                valid_from=DISTRICT_START,
                valid_to=HISTORICAL_END,
            )
            lineage_add(
                actor=None,
                predecessor=old,
                successor=successor,
                event=LineageEvent.MERGE,
                effective_date=REFORM,
                decision=REFORM_BASIS,
            )

    admin = User(
        username="quantri", full_name="Quản trị hệ thống", email="quantri@example.vn", is_staff=True, is_superuser=True
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    users: dict[str, User] = {}
    for username, full_name, home_code, roles in ACCOUNTS:
        user = User(
            username=username, full_name=full_name, email=f"{username}@example.vn", home_organisation=_org(home_code)
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
        for role, org_code, position in roles:
            membership_grant(actor=None, user=user, organisation=_org(org_code), role=role, position=position)

    _demo_committees(users)
    _demo_training(users)
    return _with_org_names(accounts), True


def _with_org_names(accounts: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    names = dict(
        Organisation.objects.filter(code__in=[c for *_x, roles in ACCOUNTS for _r, c, _p in roles]).values_list(
            "code", "name"
        )
    )
    result = []
    for username, full_name, roles in accounts:
        for code, name in sorted(names.items(), key=lambda kv: -len(kv[0])):
            roles = roles.replace(f"— {code}", f"— {name}")
        result.append((username, full_name, roles))
    return result


def _demo_committees(users: dict[str, User]) -> None:
    stp = committee_create(
        actor=None,
        organisation=_org("22.STP"),
        decision_number="45/QĐ-STP",
        decision_date=dt.date(2024, 3, 15),
        signed_by="Nguyễn Văn Minh",
        name="Ban chỉ đạo ISO Sở Tư pháp",
    )
    for user_key, title, position in [
        ("stp.lanhdao", "Giám đốc Sở", CommitteePosition.HEAD),
        (None, "Phó Giám đốc Sở", CommitteePosition.DEPUTY),
        ("stp.danhgia", "Phó Trưởng phòng Hành chính tư pháp", CommitteePosition.MEMBER),
        ("stp.thuky", "Chánh Văn phòng Sở", CommitteePosition.SECRETARY),
    ]:
        user = users.get(user_key) if user_key else None
        committee_member_add(
            actor=None,
            committee=stp,
            user=user,
            full_name=user.full_name if user else "Trịnh Thị Ngọc",
            job_title=title,
            position=position,
        )
    halong = committee_create(
        actor=None,
        organisation=_org("06688"),
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2025, 8, 5),
        signed_by="Bùi Quang Huy",
        name="Ban chỉ đạo ISO phường Hạ Long",
    )
    committee_member_add(
        actor=None,
        committee=halong,
        user=users["halong.lanhdao"],
        full_name="",
        job_title="Chủ tịch UBND phường",
        position=CommitteePosition.HEAD,
    )
    committee_member_add(
        actor=None,
        committee=halong,
        user=users["halong.thuky"],
        full_name="",
        job_title="Công chức Văn phòng - Thống kê",
        position=CommitteePosition.SECRETARY,
    )


def _demo_training(users: dict[str, User]) -> None:
    for key, kind, course, number, start in [
        (
            "stp.danhgia",
            TrainingKind.INTERNAL_AUDITOR,
            "Chuyên gia đánh giá nội bộ TCVN ISO 9001:2015",
            "ĐGNB-2024-0117",
            dt.date(2024, 5, 20),
        ),
        (
            "stp.thuky",
            TrainingKind.INTERNAL_AUDITOR,
            "Chuyên gia đánh giá nội bộ TCVN ISO 9001:2015",
            "ĐGNB-2024-0118",
            dt.date(2024, 5, 20),
        ),
        ("stp.canbo", TrainingKind.AWARENESS, "Nhận thức chung về TCVN ISO 9001:2015", "", dt.date(2024, 4, 8)),
        (
            "halong.thuky",
            TrainingKind.DOCUMENTATION,
            "Xây dựng, áp dụng hệ thống tài liệu theo mô hình khung",
            "",
            dt.date(2025, 9, 10),
        ),
    ]:
        user = users[key]
        training_create(
            actor=None,
            organisation=_org("22.STP") if key.startswith("stp.") else _org("06688"),
            user=user,
            trainee_name=user.full_name,
            kind=kind,
            course=course,
            provider="Chi cục Tiêu chuẩn Đo lường Chất lượng Quảng Ninh",
            start_date=start,
            end_date=start + dt.timedelta(days=2),
            certificate_number=number,
            certificate_date=start + dt.timedelta(days=2) if number else None,
        )
