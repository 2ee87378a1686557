"""Demonstration data: Quảng Ninh's 2026 inspection plan, consistent with the assessments demo.

Six agencies, two of them on site (the one-third rule holds), the DOST's coordinator and
inspector on the teams; the plan approved, self-reports requested, the decision for the on-site
inspections. Every inspection whose dates are past is finished as a real one is: scored and
submitted, its findings recorded and its minutes signed on its last day (an agency counts as
inspected once its minutes are signed). Sở Tư pháp's minutes were signed on 16/09/2026, so its
follow-ups fell due on 16/11/2026: one answered and waiting for review, two left overdue.

Created through the services as the demo accounts themselves. Idempotent; deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qms.assessments import selectors as assessment_selectors
from qms.assessments import services as assessment_services
from qms.assessments.models import AssessmentStatus, Criterion, Rubric
from qms.assessments.services import ScoreInput
from qms.documents import selectors as document_selectors
from qms.organisations.models import Organisation
from qms.people.models import User

from . import services, services_results
from .models import InspectionMode, InspectionPlan, PlanEntry

YEAR = 2026
RUBRIC_CODE = "quangninh-2026"
PLAN_TITLE = "Kế hoạch kiểm tra việc áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 năm 2026"

# agency code, form, start, end, team (leader first)
ENTRIES: list[tuple[str, str, dt.date, dt.date, list[str]]] = [
    (
        "22.STP",
        InspectionMode.ON_SITE,
        dt.date(2026, 9, 15),
        dt.date(2026, 9, 16),
        ["sokhcn.kiemtra", "sokhcn.dieuphoi"],
    ),
    ("06688", InspectionMode.ON_SITE, dt.date(2026, 10, 7), dt.date(2026, 10, 8), ["sokhcn.kiemtra"]),
    ("22.STC", InspectionMode.ON_FILE, dt.date(2026, 10, 20), dt.date(2026, 10, 20), ["sokhcn.kiemtra"]),
    ("22.SXD", InspectionMode.ON_FILE, dt.date(2026, 10, 21), dt.date(2026, 10, 21), ["sokhcn.kiemtra"]),
    ("22.SYT", InspectionMode.ON_FILE, dt.date(2026, 10, 22), dt.date(2026, 10, 22), ["sokhcn.kiemtra"]),
    ("06994", InspectionMode.ON_FILE, dt.date(2026, 10, 23), dt.date(2026, 10, 23), ["sokhcn.kiemtra"]),
]
# Inspection results: agency code → (target total, findings, representative and title, conclusion)
Findings = list[tuple[str, str, str]]
FINDINGS: Findings = [
    ("7.2.d", "major", "Quy trình QT 02/HCTP và QT 05/BTTP chưa cập nhật Nghị định mới có hiệu lực quá 3 tháng."),
    ("13.3", "minor", "Đánh giá nội bộ năm 2026 mới thực hiện tại 2/4 phòng chuyên môn, chưa đạt trên 50% đơn vị."),
    ("12.3", "minor", "Kết quả khảo sát sự hài lòng chưa được phân tích theo từng lĩnh vực thủ tục hành chính."),
    ("", "recommendation", "Nên số hoá toàn bộ hồ sơ lưu trữ tại bộ phận một cửa để tra cứu trên phần mềm."),
]
RESULTS: dict[str, tuple[Decimal, Findings, tuple[str, str], str]] = {
    "22.STP": (
        Decimal("81.5"),
        FINDINGS,
        ("Nguyễn Văn Minh", "Giám đốc Sở Tư pháp"),
        "Sở Tư pháp đã xây dựng, áp dụng, duy trì và cải tiến HTQLCL phù hợp TCVN ISO 9001:2015; "
        "lãnh đạo Sở quan tâm chỉ đạo. Còn một số tồn tại về cập nhật văn bản pháp luật và phạm vi đánh giá nội bộ.",
    ),
    "06688": (
        Decimal("55"),
        [
            (
                "7.2.d",
                "major",
                "Quy trình QT 03/TP chưa cập nhật quy định mới về xác nhận tình trạng hôn nhân điện tử.",
            ),
            ("13.3", "minor", "Chưa thực hiện đánh giá nội bộ năm 2026."),
            ("6.9", "minor", "Chưa có báo cáo kết quả thực hiện mục tiêu chất lượng 6 tháng đầu năm 2026."),
        ],
        ("Bùi Quang Huy", "Chủ tịch UBND phường Hạ Long"),
        "UBND phường Hạ Long đã xây dựng HTQLCL từ tháng 12/2025 cho các TTHC cấp xã; việc áp dụng còn mới, "
        "chưa đánh giá nội bộ và chưa theo dõi mục tiêu chất lượng.",
    ),
    "22.STC": (
        Decimal("72"),
        [("8.5", "minor", "Một số biểu mẫu tại bộ phận một cửa chưa là bản hiện hành.")],
        ("Nguyễn Hữu Thành", "Giám đốc Sở Tài chính"),
        "",
    ),
    "22.SXD": (
        Decimal("78"),
        [("14.3", "minor", "Biên bản xem xét của lãnh đạo chưa đủ đầu vào về rủi ro và cơ hội.")],
        ("Lê Văn Hùng", "Phó Giám đốc Sở Xây dựng"),
        "",
    ),
    "22.SYT": (
        Decimal("84.5"),
        [("", "recommendation", "Nên công khai kết quả khảo sát sự hài lòng trên trang thông tin điện tử của Sở.")],
        ("Vũ Đức Thắng", "Giám đốc Sở Y tế"),
        "",
    ),
    "06994": (
        Decimal("68"),
        [
            ("13.3", "minor", "Đánh giá nội bộ năm 2026 chưa bao quát trên 50% bộ phận."),
            ("16.3", "minor", "Chưa phân tích nguyên nhân gốc của sự không phù hợp lặp lại."),
        ],
        ("Hoàng Minh Đức", "Chủ tịch UBND đặc khu Vân Đồn"),
        "",
    ),
}
ON_FILE_PLACE = "Sở Khoa học và Công nghệ tỉnh Quảng Ninh (kiểm tra qua hồ sơ, báo cáo)"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _inspection_scores(rubric: Rubric, code: str, target: Decimal, findings: Findings) -> dict[int, ScoreInput]:
    """Every leaf at its maximum, then points withheld (deterministically) down to ``target``."""
    rng = random.Random(f"inspection-{code}-{YEAR}")
    leaves = list(Criterion.objects.filter(rubric=rubric, is_leaf=True).order_by("order"))
    values = {c.pk: c.max_points for c in leaves}
    step = rubric.score_step
    deficit = rubric.max_points - target
    preferred = [c for c in leaves if c.key in {k for k, _s, _t in findings}]
    others = [c for c in leaves if c not in preferred]
    rng.shuffle(others)
    while deficit > 0:
        for c in preferred + others:
            if deficit <= 0:
                break
            cut = min(values[c.pk], deficit, step)
            values[c.pk] -= cut
            deficit -= cut
    notes = {key: text for key, _s, text in findings if key}
    return {
        c.pk: ScoreInput(value=values[c.pk], note=notes.get(c.key, "") if values[c.pk] < c.max_points else "")
        for c in leaves
    }


@transaction.atomic
def load_demo_inspections(*, today: dt.date | None = None) -> bool:
    """The 2026 plan of Quảng Ninh and its results so far; False when already there (or when the
    accounts or the rubric it needs are missing)."""
    province = Organisation.objects.filter(code="22").first()
    coordinator, inspector = _user("sokhcn.dieuphoi"), _user("sokhcn.kiemtra")
    try:
        rubric = assessment_selectors.rubric_get(RUBRIC_CODE)
    except Exception:  # Http404: the assessments demo did not run
        return False
    if province is None or coordinator is None or inspector is None:
        return False
    if InspectionPlan.objects.filter(organisation=province, year=YEAR, title=PLAN_TITLE).exists():
        return False
    plan = services.plan_create(
        actor=coordinator,
        organisation=province,
        year=YEAR,
        rubric=rubric,
        title=PLAN_TITLE,
        symbol="KH-SKHCN",
        budget="Kinh phí sự nghiệp khoa học và công nghệ năm 2026 giao Sở Khoa học và Công nghệ (nội dung kiểm tra HTQLCL): 45.000.000 đồng.",
    )
    agencies = {o.code: o for o in Organisation.objects.filter(code__in=[e[0] for e in ENTRIES])}
    for code, mode, starts, ends, _team in ENTRIES:
        if code in agencies:
            services.entries_add(
                actor=coordinator, plan=plan, agencies=[agencies[code]], mode=mode, starts_on=starts, ends_on=ends
            )
    entries = {e.agency.code: e for e in PlanEntry.objects.filter(plan=plan).select_related("agency")}
    for code, mode, starts, ends, team in ENTRIES:
        entry = entries.get(code)
        people = [u for u in (_user(name) for name in team) if u is not None]
        if entry is None or not people:
            continue
        services.entry_update(
            actor=coordinator,
            entry=entry,
            expected_version=None,
            mode=mode,
            starts_on=starts,
            ends_on=ends,
            leader=people[0],
            members=people,
        )
    services.self_reports_request(actor=coordinator, plan=plan, due_on=dt.date(2026, 8, 31), today=dt.date(2026, 8, 3))
    plan.refresh_from_db()
    services.plan_approve(
        actor=coordinator,
        plan=plan,
        expected_version=None,
        approved_on=dt.date(2026, 3, 2),
        number="25",
        signer_title="Giám đốc",
        signer_name="Đỗ Minh Tuấn",
        today=today,
    )
    services.decision_create(
        actor=coordinator,
        plan=plan,
        entry=None,
        number="112",
        symbol="QĐ-SKHCN",
        signed_on=dt.date(2026, 9, 8),
        issuer="Sở Khoa học và Công nghệ",
        issuer_parent="UBND tỉnh Quảng Ninh",
        place="Quảng Ninh",
        proposer="Trưởng phòng Quản lý chuyên ngành",
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Trần Thị Thu Hà",
    )
    today = today or timezone.localdate()
    for code, _mode, _starts, ends, _team in ENTRIES:
        entry = entries.get(code)
        if entry is None or code not in RESULTS or ends > today:
            continue  # an inspection still to come has no results yet
        entry.refresh_from_db()
        _results(entry, rubric, inspector, today=today)
    return True


def _results(entry: PlanEntry, rubric: Rubric, inspector: User, *, today: dt.date) -> None:
    """Scores (submitted), findings and minutes signed on the inspection's last day; for Sở Tư
    pháp also the agency's answer to its first follow-up."""
    target, findings, (rep_name, rep_title), conclusion = RESULTS[entry.agency.code]
    assessment = entry.inspection_assessment
    if assessment is None:
        return
    assessment_services.scores_save(
        actor=inspector, assessment=assessment, entries=_inspection_scores(rubric, entry.agency.code, target, findings)
    )
    if assessment.status != AssessmentStatus.SUBMITTED:
        assessment_services.assessment_submit(actor=inspector, assessment=assessment)
    criteria = {c.key: c for c in Criterion.objects.filter(rubric=rubric)}
    for key, severity, text in findings:
        services_results.finding_create(
            actor=inspector, entry=entry, criterion=criteria.get(key), text=text, severity=severity
        )
    assert entry.starts_on is not None and entry.ends_on is not None
    minutes = services_results.minutes_save(
        actor=inspector,
        entry=entry,
        expected_version=None,
        number=MINUTES_NUMBERS[entry.agency.code],
        place=f"Trụ sở {entry.agency.name} tỉnh Quảng Ninh" if entry.is_on_site else ON_FILE_PLACE,
        held_on=entry.starts_on,
        agency_rep_name=rep_name,
        agency_rep_title=rep_title,
        conclusion=conclusion,
        today=today,
    )
    follow_ups = services_results.minutes_sign(
        actor=inspector, minutes=minutes, signed_on=entry.ends_on, expected_version=None, today=today
    )
    secretary = _user("stp.thuky")
    if entry.agency.code != "22.STP" or not follow_ups or secretary is None:
        return
    documents = list(document_selectors.document_list_for_user(secretary, agency=entry.agency)[:1])
    services_results.followup_answer(
        actor=secretary,
        follow_up=follow_ups[0],
        expected_version=None,
        action_text=(
            "Đã rà soát, sửa đổi và ban hành lại quy trình QT 02/HCTP và QT 05/BTTP theo Nghị định mới; "
            "phân phối bản hiện hành tới các phòng và bộ phận một cửa ngày 05/11/2026."
        ),
        evidence_url=reverse("documents:detail", args=[documents[0].pk]) if documents else "",
    )


MINUTES_NUMBERS = {"22.STP": "07", "06688": "09", "22.STC": "11", "22.SXD": "12", "22.SYT": "13", "06994": "14"}
