"""The inspection's Word documents in the Decree 30/2020/NĐ-CP layout (``qms.core.officedoc``):
the plan (Mẫu 19 KHKT), the decision (Mẫu 20 QĐKT), the minutes (Mẫu 21 BBKT) and the November
consolidated report. Every figure comes from the records; nothing is typed twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from qms.assessments import selectors as assessment_selectors
from qms.core.display import format_date
from qms.core.officedoc import (
    AdministrativeDocument,
    Annex,
    Article,
    BulletList,
    Heading,
    Paragraph,
    Signature,
    Table,
    number_symbol,
)
from qms.organisations.models import Organisation

from . import selectors
from .models import FindingSeverity, InspectionDecision, InspectionMode, InspectionPlan, Minutes, PlanEntry
from .rules import followup_due_on
from .selectors_consolidation import INSPECTED_RULE, Consolidation

BASIS_QD19 = (
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng "
    "Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, "
    "tổ chức thuộc hệ thống hành chính nhà nước;"
)
BASIS_TT26 = (
    "Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa học và Công nghệ "
    "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg;"
)
SUBJECT = "việc áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015"
CHECKLIST = [
    "Sự phù hợp của HTQLCL với TCVN ISO 9001:2015: phạm vi áp dụng bao trùm các thủ tục hành chính; tài liệu, "
    "quy trình được phổ biến tới cán bộ, công chức; việc thực hiện các quy trình; đánh giá nội bộ, xem xét của "
    "lãnh đạo, hành động khắc phục; cải tiến HTQLCL.",
    "Việc thực hiện Quyết định số 19/2014/QĐ-TTg: sự tham gia của lãnh đạo, các đơn vị và cá nhân; xác nhận "
    "hiệu lực của HTQLCL; công bố, thông báo và niêm yết; cập nhật khi văn bản quy phạm pháp luật thay đổi; "
    "công bố lại khi điều chỉnh phạm vi áp dụng.",
]
PREFIXES = (
    "Ủy ban nhân dân tỉnh ",
    "Ủy ban nhân dân thành phố ",
    "UBND tỉnh ",
    "UBND thành phố ",
    "Tỉnh ",
    "Thành phố ",
)


def _head_of(issuer: str) -> str:
    """Whose decision it is: "Giám đốc Sở Khoa học và Công nghệ", "Chủ tịch UBND tỉnh ..."."""
    lower = issuer.lower()
    if lower.startswith("sở "):
        return f"Giám đốc {issuer}"
    if lower.startswith(("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân")):
        return f"Chủ tịch {issuer}"
    return issuer


def issued_by_committee(symbol: str) -> bool:
    """Decree 30: the symbol names the issuing body ("KH-UBND": the People's Committee itself)."""
    return "UBND" in symbol.upper().split("-", 1)[-1]


def place_of(organisation: Organisation | None) -> str:
    """The place name printed before the date: "UBND tỉnh Quảng Ninh" → "Quảng Ninh"."""
    if organisation is None:
        return "Hà Nội"
    province = organisation
    name = province.name
    for prefix in PREFIXES:
        if name.lower().startswith(prefix.lower()):
            return name[len(prefix) :]
    return name


def _province_of(organisation: Organisation) -> Organisation:
    top_id = int(organisation.path.split("/")[0], 16)
    if top_id == organisation.pk:
        return organisation
    return Organisation.objects.get(pk=top_id)


def fmt_points(value: Decimal | None) -> str:
    """78.50 → "78,5"; None → "—" (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")
    return text.replace(".", ",")


def _d(value: dt.date | None) -> str:
    return format_date(value, empty="…/…/……")


def _period(entry: PlanEntry) -> str:
    if entry.starts_on and entry.ends_on and entry.starts_on != entry.ends_on:
        return f"{_d(entry.starts_on)} - {_d(entry.ends_on)}"
    return _d(entry.starts_on)


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _team_line(entry: PlanEntry) -> str:
    team = getattr(entry, "team", None) or selectors.decorate_entries([entry])[0].team  # type: ignore[attr-defined]
    if not team:
        return "—"
    leader = entry.leader
    parts = [f"{_name(u)} (Trưởng đoàn)" if leader is not None and u.pk == leader.pk else _name(u) for u in team]
    return "; ".join(parts)


def _run_in(text: str) -> Paragraph:
    """A numbered run-in heading ("1. Kết quả chấm điểm"), kept with what follows."""
    return Paragraph(text, bold=True, indent=False, keep_with_next=True)


def _day_month(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2026" / "ngày 15 tháng 9 năm 2026" (Decree 30: a 0 only before
    days under 10 and months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _mode(entry: PlanEntry) -> str:
    return "Trực tiếp" if entry.mode == InspectionMode.ON_SITE else "Qua hồ sơ"


# --- Mẫu 19 KHKT -----------------------------------------------------------------------------------


def plan_document(plan: InspectionPlan) -> AdministrativeDocument:
    entries = selectors.plan_entries(plan)
    check = selectors.onsite_check(plan)
    rows = [[str(i), e.agency.name, _mode(e), _period(e), _team_line(e)] for i, e in enumerate(entries, start=1)]
    purpose = plan.purpose.strip() or (
        "Đánh giá tình hình xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc "
        "gia TCVN ISO 9001:2015 tại các cơ quan, đơn vị; kịp thời hướng dẫn, khắc phục những tồn tại, hạn chế.\n"
        "Việc kiểm tra bảo đảm khách quan, đúng quy định, không gây cản trở hoạt động bình thường của cơ quan được kiểm tra."
    )
    body: list[Any] = [
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph(purpose),
        Heading("II. NỘI DUNG KIỂM TRA"),
        Paragraph(
            f"Kiểm tra {SUBJECT} theo quy định tại Điều 36 Thông tư số 26/2014/TT-BKHCN, chấm điểm theo "
            f"{plan.rubric.title}:"
        ),
        BulletList(CHECKLIST),
        Heading("III. ĐỐI TƯỢNG, HÌNH THỨC VÀ THỜI GIAN KIỂM TRA"),
        Paragraph(
            f"Kiểm tra {check.total} cơ quan, đơn vị, trong đó {check.on_site} cơ quan kiểm tra trực tiếp "
            f"({check.percent:g}%".replace(".", ",")
            + f"), {check.total - check.on_site} cơ quan kiểm tra qua hồ sơ, báo cáo. "
            "Trước khi kiểm tra, các cơ quan gửi báo cáo tự đánh giá (kèm bảng tự chấm điểm) về đơn vị chủ trì."
        ),
    ]
    if check.is_short and plan.onsite_shortfall_reason:
        body.append(
            Paragraph(f"Số cơ quan kiểm tra trực tiếp chưa đạt 1/3 do: {plan.onsite_shortfall_reason}", italic=True)
        )
    body.append(
        Table(
            header=["STT", "Cơ quan được kiểm tra", "Hình thức", "Thời gian", "Đoàn kiểm tra"],
            rows=rows,
            widths_mm=[12, 52, 24, 32, 45],
            aligns=["center", "left", "center", "center", "left"],
        )
    )
    body += [
        Heading("IV. KINH PHÍ"),
        Paragraph(
            plan.budget.strip()
            or "Kinh phí thực hiện từ nguồn ngân sách sự nghiệp khoa học và công nghệ năm "
            f"{plan.year} giao cho {plan.inspecting_unit}."
        ),
        Heading("V. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            plan.notes.strip()
            or (
                f"{plan.inspecting_unit} chủ trì, thành lập đoàn kiểm tra, thông báo kế hoạch tới các cơ quan được "
                f"kiểm tra và tổng hợp, báo cáo kết quả kiểm tra trước ngày 30 tháng 11 năm {plan.year}.\n"
                "Các cơ quan được kiểm tra chuẩn bị báo cáo tự đánh giá, hồ sơ, tài liệu và bố trí người làm việc với đoàn kiểm tra."
            )
        ),
    ]
    province = _province_of(plan.organisation)
    by_committee = issued_by_committee(plan.symbol)
    return AdministrativeDocument(
        issuer_parent="" if by_committee else plan.organisation.name,
        issuer=plan.organisation.name if by_committee else plan.inspecting_unit,
        number_symbol=number_symbol(plan.number or None, plan.symbol),
        place=place_of(province),
        date=plan.approved_on,
        year=plan.year,
        kind_title="Kế hoạch",
        summary=f"Kiểm tra {SUBJECT} năm {plan.year}",
        body=body,
        recipients=[
            plan.inspecting_unit if by_committee else f"{plan.organisation.name} (để b/c)",
            "Các cơ quan được kiểm tra",
            "Thành viên đoàn kiểm tra",
            "Lưu: VT",
        ],
        signer_authority=plan.signer_authority,
        signer_title=plan.signer_title or ("Chủ tịch" if by_committee else "Giám đốc"),
        signer_name=plan.signer_name,
    )


# --- Mẫu 20 QĐKT -----------------------------------------------------------------------------------


def decision_document(decision: InspectionDecision) -> AdministrativeDocument:
    plan = decision.plan
    entries = selectors.decision_entries(decision)
    people: dict[int, tuple[Any, str]] = {}
    for entry in entries:
        for user in entry.team:  # type: ignore[attr-defined]
            role = "Trưởng đoàn" if entry.leader_id == user.pk else "Thành viên"
            if user.pk not in people or role == "Trưởng đoàn":
                people[user.pk] = (user, role)
    positions = selectors.positions_of([u for u, _r in people.values()], plan.organisation)
    ordered = sorted(people.values(), key=lambda item: (item[1] != "Trưởng đoàn", _name(item[0])))
    member_rows = [[str(i), _name(u), positions.get(u.pk, ""), role] for i, (u, role) in enumerate(ordered, start=1)]
    agency_rows = [[str(i), e.agency.name, _period(e), _mode(e)] for i, e in enumerate(entries, start=1)]
    place = decision.place
    authority = decision.issuer.upper()
    head = f"GIÁM ĐỐC {authority}" if authority.startswith("SỞ ") else f"THỦ TRƯỞNG {authority}"
    plan_ref = f"Căn cứ Kế hoạch số {plan.number}/{plan.symbol}" if plan.number else "Căn cứ Kế hoạch"
    plan_ref += f" ngày {_d(plan.approved_on)}" if plan.approved_on else ""
    plan_ref += f" về kiểm tra {SUBJECT} năm {plan.year};"
    target = entries[0].agency.name if decision.entry_id and entries else "các cơ quan, đơn vị có tên tại Điều 2"
    body: list[Any] = [
        Heading(head),
        Paragraph(BASIS_QD19, italic=True),
        Paragraph(BASIS_TT26, italic=True),
        Paragraph(plan_ref, italic=True),
    ]
    if decision.proposer:
        body.append(Paragraph(f"Theo đề nghị của {decision.proposer}.", italic=True))
    body += [
        Heading("QUYẾT ĐỊNH:"),
        Article(1, f"Thành lập Đoàn kiểm tra {SUBJECT} tại {target} năm {plan.year}, gồm các ông (bà) có tên sau:"),
        Table(
            header=["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ"],
            rows=member_rows or [["", "(chưa phân công)", "", ""]],
            widths_mm=[12, 50, 70, 33],
            aligns=["center", "left", "left", "center"],
        ),
        Article(
            2,
            "Đoàn kiểm tra có nhiệm vụ kiểm tra theo các nội dung quy định tại Điều 36 Thông tư số 26/2014/TT-BKHCN, "
            f"chấm điểm theo {plan.rubric.title}, lập biên bản kiểm tra và báo cáo kết quả tại các cơ quan, đơn vị sau:",
        ),
        Table(
            header=["STT", "Cơ quan được kiểm tra", "Thời gian", "Hình thức"],
            rows=agency_rows,
            widths_mm=[12, 85, 40, 28],
            aligns=["center", "left", "center", "center"],
        ),
        Paragraph("Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ."),
        Article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký.\n"
            f"Chánh Văn phòng {decision.issuer}, các thành viên Đoàn kiểm tra và Thủ trưởng các cơ quan, đơn vị có tên "
            "tại Điều 2 chịu trách nhiệm thi hành Quyết định này.",
        ),
    ]
    return AdministrativeDocument(
        issuer_parent=decision.issuer_parent,
        issuer=decision.issuer,
        number_symbol=number_symbol(decision.number or None, decision.symbol),
        place=place,
        date=decision.signed_on,
        year=plan.year,
        kind_title="Quyết định",
        summary=f"Về việc kiểm tra {SUBJECT} năm {plan.year}",
        body=body,
        recipients=["Như Điều 3", f"{plan.organisation.name} (để b/c)", "Lưu: VT"],
        signer_authority=decision.signer_authority,
        signer_title=decision.signer_title,
        signer_name=decision.signer_name,
    )


# --- Mẫu 21 BBKT -----------------------------------------------------------------------------------


def _score_rows(entry: PlanEntry) -> tuple[list[list[str]], Any, Any]:
    """Rows of the score table (parts and criteria groups), the inspection and the self-assessment."""
    inspection = entry.inspection_assessment
    own = selectors.self_assessment_of(entry)
    if inspection is None:
        return [], None, own
    tree = assessment_selectors.assessment_tree(inspection)
    rows = []
    for row in tree:
        if row.depth > 1:
            continue
        rows.append(
            [
                row.criterion.code,
                row.criterion.text,
                fmt_points(row.max_points),
                fmt_points(row.self_subtotal),
                fmt_points(row.subtotal),
            ]
        )
    rows.append(
        [
            "",
            "TỔNG CỘNG",
            fmt_points(inspection.rubric.max_points),
            fmt_points(own.total) if own is not None else "—",
            fmt_points(inspection.total),
        ]
    )
    return rows, inspection, own


def minutes_document(minutes: Minutes) -> AdministrativeDocument:
    entry = selectors.decorate_entries([minutes.entry])[0]
    plan = entry.plan
    agency = entry.agency
    findings = selectors.findings_of(entry)
    decision = next(
        (d for d in reversed(selectors.decisions_of(plan)) if d.entry_id in (None, entry.pk) and d.number), None
    )
    positions = selectors.positions_of(entry.team, plan.organisation)  # type: ignore[attr-defined]
    province = _province_of(plan.organisation)
    if decision is not None:
        basis = (
            f"Căn cứ Quyết định số {decision.number}/{decision.symbol}"
            + (f" ngày {_d(decision.signed_on)}" if decision.signed_on else "")
            + f" của {_head_of(decision.issuer)} về việc kiểm tra {SUBJECT} năm {plan.year};"
        )
    else:
        basis = (
            f"Căn cứ Kế hoạch kiểm tra {SUBJECT} năm {plan.year}"
            + (f" số {plan.number}/{plan.symbol}" if plan.number else "")
            + ";"
        )
    held = minutes.held_on
    body: list[Any] = [
        Paragraph(basis, italic=True),
        Paragraph(
            f"Hôm nay, {_day_month(held)}, tại {minutes.place}, "
            f"Đoàn kiểm tra đã tiến hành kiểm tra {SUBJECT} tại {agency.name} "
            f"({'kiểm tra trực tiếp' if entry.is_on_site else 'kiểm tra qua hồ sơ, báo cáo'})."
        ),
        Heading("I. THÀNH PHẦN"),
        _run_in("1. Đoàn kiểm tra:"),
        BulletList(
            [
                f"Ông (bà) {_name(u)}"
                + (f", {positions[u.pk]}" if positions.get(u.pk) else "")
                + (" - Trưởng đoàn" if entry.leader_id == u.pk else " - Thành viên")
                for u in entry.team  # type: ignore[attr-defined]
            ]
            or ["(chưa phân công)"]
        ),
        _run_in(f"2. Đại diện {agency.name}:"),
        BulletList([f"Ông (bà) {minutes.agency_rep_name}, {minutes.agency_rep_title}"]),
        Heading("II. NỘI DUNG KIỂM TRA"),
    ]
    if minutes.content.strip():
        body.append(Paragraph(minutes.content.strip()))
    else:
        body += [
            Paragraph(f"Đoàn kiểm tra đã kiểm tra theo Điều 36 Thông tư số 26/2014/TT-BKHCN và {plan.rubric.title}:"),
            BulletList(CHECKLIST),
        ]
    body.append(Heading("III. KẾT QUẢ KIỂM TRA"))
    score_rows, inspection, own = _score_rows(entry)
    total = minutes.score_total if minutes.is_signed else (inspection.total if inspection is not None else None)
    rating = minutes.score_rating if minutes.is_signed else (inspection.rating if inspection is not None else "")
    body.append(_run_in("1. Kết quả chấm điểm"))
    if score_rows:
        body.append(
            Table(
                header=["TT", "Nhóm tiêu chí", "Điểm tối đa", "Cơ quan tự chấm", "Đoàn kiểm tra"],
                rows=score_rows,
                widths_mm=[12, 83, 22, 24, 24],
                aligns=["center", "left", "center", "center", "center"],
            )
        )
    summary = f"Tổng điểm đoàn kiểm tra chấm: {fmt_points(total)}/{fmt_points(plan.rubric.max_points)} điểm"
    summary += f"; xếp loại: {rating}." if rating else "."
    if own is not None:
        summary += f" Điểm cơ quan tự chấm: {fmt_points(own.total)} điểm."
    body.append(Paragraph(summary))
    shortcomings = [f for f in findings if f.severity != FindingSeverity.RECOMMENDATION]
    recommendations = [f for f in findings if f.severity == FindingSeverity.RECOMMENDATION]
    body.append(_run_in("2. Những tồn tại, hạn chế"))
    if shortcomings:
        body.append(
            Table(
                header=["STT", "Tiêu chí", "Nội dung tồn tại, hạn chế", "Mức độ"],
                rows=[
                    [str(i), f.criterion.key if f.criterion else "—", f.text, f.get_severity_display()]
                    for i, f in enumerate(shortcomings, start=1)
                ],
                widths_mm=[12, 20, 100, 33],
                aligns=["center", "center", "left", "center"],
            )
        )
    else:
        body.append(Paragraph("Đoàn kiểm tra không phát hiện tồn tại, hạn chế."))
    if recommendations:
        body.append(_run_in("3. Khuyến nghị"))
        body.append(BulletList([f.text for f in recommendations]))
    body.append(Heading("IV. KẾT LUẬN"))
    body.append(
        Paragraph(
            minutes.conclusion.strip()
            or f"{agency.name} đã áp dụng, duy trì Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015"
            + (f", đạt {fmt_points(total)} điểm, xếp loại {rating}." if rating else ".")
        )
    )
    body.append(Heading("V. KIẾN NGHỊ, YÊU CẦU"))
    if shortcomings:
        deadline = (
            f"chậm nhất ngày {_d(followup_due_on(minutes.signed_on))}"
            if minutes.signed_on
            else "kể từ ngày ký Biên bản này"
        )
        body.append(
            Paragraph(
                f"1. Trong thời hạn 02 tháng kể từ ngày ký Biên bản ({deadline}), {agency.name} khắc phục các tồn tại, "
                f"hạn chế nêu tại Mục III.2 và báo cáo kết quả khắc phục bằng văn bản, kèm minh chứng, về {plan.inspecting_unit} "
                "(qua phần mềm ISO điện tử)."
            )
        )
    if minutes.requests.strip():
        body.append(Paragraph(("2. " if shortcomings else "") + minutes.requests.strip()))
    body.append(
        Paragraph(
            "Biên bản được lập thành 02 bản có giá trị pháp lý như nhau, cơ quan được kiểm tra giữ 01 bản, Đoàn kiểm tra "
            "giữ 01 bản; đã được đọc lại cho các thành phần tham dự cùng nghe và thống nhất ký tên dưới đây."
        )
    )
    return AdministrativeDocument(
        issuer_parent=plan.inspecting_unit,
        issuer="Đoàn kiểm tra",
        number_symbol=number_symbol(minutes.number or None, minutes.symbol),
        place=place_of(province),
        date=minutes.signed_on or minutes.held_on,
        year=plan.year,
        kind_title="Biên bản",
        summary=f"Kiểm tra {SUBJECT} tại {agency.name}",
        body=body,
        signatures=[
            Signature(title=f"Đại diện {agency.name}", name=minutes.agency_rep_name, note=minutes.agency_rep_title),
            Signature(title="Trưởng đoàn kiểm tra", name=minutes.leader_name or _name(entry.leader)),
        ],
    )


# --- the November consolidated report --------------------------------------------------------------


def report_document(
    consolidation: Consolidation,
    *,
    issuer: str,
    issuer_parent: str,
    number: str = "",
    symbol: str = "BC-SKHCN",
    date: dt.date | None = None,
    signer_authority: str = "",
    signer_title: str = "Giám đốc",
    signer_name: str = "",
    proposals: str = "",
) -> AdministrativeDocument:
    c = consolidation
    year = c.year
    scope = c.root.name if c.root is not None else "toàn quốc"
    check = c.on_site_check

    def pct(value: float) -> str:
        return f"{value:g}".replace(".", ",")

    body: list[Any] = [
        Paragraph(
            f"Kính gửi: {c.root.name if c.root is not None else 'Bộ Khoa học và Công nghệ'}.",
            align="center",
            indent=False,
        ),
        Heading("I. TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KIỂM TRA"),
        Paragraph(
            f"Năm {year}, kế hoạch kiểm tra {SUBJECT} tại {scope} gồm {c.planned} cơ quan, đơn vị "
            f"(trên tổng số {c.agencies_in_scope} cơ quan, đơn vị thuộc phạm vi). Đến ngày {_d(c.today)}, "
            f"đã kiểm tra(*) {c.inspected}/{c.planned} cơ quan, đơn vị ({pct(c.inspected_percent)}%), trong đó "
            f"{c.on_site_inspected} cơ quan kiểm tra trực tiếp; theo kế hoạch có {c.on_site_planned}/{c.planned} cơ quan "
            f"kiểm tra trực tiếp ({pct(check.percent)}%, yêu cầu tối thiểu 1/3)."
        ),
    ]
    if check.is_short:
        body.append(
            Paragraph(
                f"Số cơ quan kiểm tra trực tiếp còn thiếu {check.short_by} so với yêu cầu tối thiểu 1/3.", italic=True
            )
        )
    pending = c.not_inspected
    if pending:
        names = ", ".join(r.name for r in pending[:30]) + ("..." if len(pending) > 30 else "")
        body.append(Paragraph(f"Các cơ quan chưa được kiểm tra ({len(pending)}): {names}."))
    with translation.override(settings.LANGUAGE_CODE):  # an official text: the installation's language
        rule = str(INSPECTED_RULE)
    body.append(Paragraph(f"(*) {rule}", italic=True))
    body.append(Heading("II. KẾT QUẢ KIỂM TRA"))
    body.append(_run_in("1. Kết quả chấm điểm, xếp loại"))
    distribution = c.rating_distribution
    if distribution:
        body.append(
            Table(
                header=["Xếp loại", "Số cơ quan", "Tỷ lệ (%)"],
                rows=[[label, str(n), pct(share)] for label, n, share in distribution],
                widths_mm=[75, 45, 45],
                aligns=["left", "center", "center"],
            )
        )
        body.append(
            Paragraph(
                f"Điểm kiểm tra bình quân: {fmt_points(c.average_inspection)} điểm; điểm tự đánh giá bình quân: "
                f"{fmt_points(c.average_self)} điểm; chênh lệch bình quân (kiểm tra - tự chấm): {fmt_points(c.average_delta)} điểm. "
                "Chi tiết tại Phụ lục kèm theo."
            )
        )
    else:
        body.append(Paragraph("Chưa có cơ quan nào hoàn thành kiểm tra."))
    body.append(_run_in("2. Những tồn tại, hạn chế phổ biến"))
    if c.shortcomings:
        body.append(
            Table(
                header=["STT", "Tiêu chí", "Nội dung", "Số cơ quan"],
                rows=[
                    [
                        str(i),
                        s.key or "—",
                        s.text + (("\n- " + "\n- ".join(s.examples)) if s.examples else ""),
                        str(s.agencies),
                    ]
                    for i, s in enumerate(c.shortcomings, start=1)
                ],
                widths_mm=[12, 20, 108, 25],
                aligns=["center", "center", "left", "center"],
            )
        )
    else:
        body.append(Paragraph("Chưa ghi nhận tồn tại, hạn chế."))
    counts = c.followup_counts
    total_follow = sum(counts.values())
    body.append(_run_in("3. Việc khắc phục sau kiểm tra"))
    parts = [
        f"{counts[key]} {label}"
        for key, label in (
            ("accepted", "nội dung đã được chấp nhận kết quả khắc phục"),
            ("answered", "nội dung đã báo cáo, đang chờ đánh giá"),
            ("not_accepted", "nội dung không được chấp nhận, phải khắc phục lại"),
            ("open", "nội dung chưa báo cáo"),
        )
        if counts.get(key)
    ]
    if total_follow:
        sentence = f"Có {total_follow} nội dung phải khắc phục trong 02 tháng kể từ ngày ký biên bản: " + "; ".join(
            parts
        )
        sentence += (
            f". Trong đó {c.overdue_total} nội dung đã quá hạn."
            if c.overdue_total
            else ". Chưa có nội dung nào quá hạn."
        )
    else:
        sentence = "Chưa có nội dung nào phải khắc phục sau kiểm tra."
    body.append(Paragraph(sentence))
    if c.overdue_followups:
        body.append(
            BulletList([f"{f.agency.name}: {f.finding.text} (hạn {_d(f.due_on)})" for f in c.overdue_followups[:10]])
        )
    body.append(Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"))
    body.append(
        Paragraph(
            proposals.strip()
            or (
                "Đề nghị các cơ quan, đơn vị khắc phục dứt điểm các tồn tại, hạn chế đã nêu; thường xuyên cập nhật quy trình "
                "khi văn bản quy phạm pháp luật thay đổi; thực hiện đầy đủ đánh giá nội bộ và xem xét của lãnh đạo.\n"
                "Đề nghị người đứng đầu các cơ quan, đơn vị trực tiếp chỉ đạo việc duy trì, cải tiến Hệ thống quản lý chất lượng, "
                "không để việc áp dụng mang tính hình thức."
            )
        )
    )
    rows_sorted = sorted(c.rows, key=lambda r: (r.province_sort, r.sort_name))
    annex_rows = [
        [
            str(i),
            r.name + (f" ({r.province})" if c.root is None and r.province else ""),
            "Trực tiếp" if r.on_site else "Hồ sơ",
            fmt_points(r.self_total),
            fmt_points(r.inspection_total) if r.inspected else "—",
            (r.inspection_rating or "—") if r.inspected else "Chưa kiểm tra",
        ]
        for i, r in enumerate(rows_sorted, start=1)
    ]
    return AdministrativeDocument(
        issuer_parent=issuer_parent,
        issuer=issuer,
        number_symbol=number_symbol(number or None, symbol),
        place=place_of(c.root),
        date=date,
        year=year,
        kind_title="Báo cáo",
        summary=f"Kết quả kiểm tra {SUBJECT} năm {year}",
        body=body,
        recipients=[
            f"{c.root.name} (để b/c)" if c.root is not None else "Bộ Khoa học và Công nghệ (để b/c)",
            "Bộ Khoa học và Công nghệ (để b/c)" if c.root is not None else "Các tỉnh, thành phố",
            "Lưu: VT",
        ],
        signer_authority=signer_authority,
        signer_title=signer_title,
        signer_name=signer_name,
        annexes=[
            Annex(
                title=f"BẢNG TỔNG HỢP KẾT QUẢ KIỂM TRA NĂM {year}",
                subtitle=(
                    f"(Kèm theo Báo cáo số {number}/{symbol} ngày {_d(date)} của {issuer})"
                    if number
                    else f"(Kèm theo Báo cáo kết quả kiểm tra năm {year} của {issuer})"
                ),
                body=[
                    Table(
                        header=["STT", "Cơ quan, đơn vị", "Hình thức", "Tự chấm", "Kiểm tra", "Xếp loại"],
                        rows=annex_rows or [["", "(không có)", "", "", "", ""]],
                        widths_mm=[12, 60, 20, 18, 20, 35],
                        aligns=["center", "left", "center", "center", "center", "center"],
                    )
                ],
            )
        ],
    )
