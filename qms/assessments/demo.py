"""Demonstration data: the shipped rubrics, Quảng Ninh's own 2026 rubric derived from the Đắk Nông
one with ILLUSTRATIVE rating bands (demo configuration: the bands of Đắk Nông were never
published), and the 2026 self-assessments of several demo agencies.

Created through the services as the demo accounts themselves (the ISO secretary scores, the
leader submits), so the history reads as it would in real use. Idempotent; deterministic.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse

from qms.documents import selectors as document_selectors
from qms.organisations.models import Organisation
from qms.people.models import User

from . import services, services_rubrics
from .models import Assessment, AssessmentKind, AssessmentStatus, Criterion, Rubric, RubricStatus
from .services import ScoreInput

YEAR = 2026
DEMO_RUBRIC = "quangninh-2026"
DEMO_BANDS = [(Decimal(0), "Không đạt"), (Decimal(50), "Trung bình"), (Decimal(75), "Khá"), (Decimal(90), "Tốt")]
DEMO_BANDS_NOTE = (
    "CẤU HÌNH MINH HOẠ của bản trình diễn: các mức ≥ 90 Tốt, ≥ 75 Khá, ≥ 50 Trung bình, dưới 50 Không đạt "
    "do đơn vị chủ trì đặt tạm, không phải thang do UBND tỉnh công bố."
)

# agency code, secretary, leader (None = stays a draft), target total, share of criteria scored
AGENCIES: list[tuple[str, str, str | None, Decimal, float]] = [
    ("22.STP", "stp.thuky", "stp.lanhdao", Decimal("86.5"), 1.0),
    ("22.SKHCN", "sokhcn.thuky", "sokhcn.lanhdao", Decimal("92"), 1.0),
    ("06688", "halong.thuky", None, Decimal("58"), 0.6),
]

# Realistic explanations for points withheld, by criterion.
NOTES = {
    "1.2": "Kế hoạch triển khai năm chưa phân công rõ thời hạn cho từng phòng.",
    "6.9": "Chưa có báo cáo kết quả thực hiện mục tiêu chất lượng quý IV.",
    "7.2.d": "Hai quy trình chưa cập nhật văn bản mới có hiệu lực quá 3 tháng.",
    "8.5": "Một số biểu mẫu tại bộ phận một cửa chưa là bản hiện hành.",
    "9.2.a": "Kế hoạch đào tạo chưa có nội dung đào tạo chuyên gia đánh giá nội bộ.",
    "10.2.b": "Một số bước trong quy trình cấp phiếu lý lịch tư pháp thực hiện chưa đúng thời gian quy định.",
    "12.3": "Kết quả khảo sát chưa được phân tích theo từng lĩnh vực.",
    "13.3": "Đánh giá nội bộ mới thực hiện tại 2/4 phòng.",
    "14.3": "Biên bản xem xét chưa đủ đầu vào về rủi ro và cơ hội.",
    "16.3": "Chưa phân tích nguyên nhân gốc của sự không phù hợp lặp lại.",
}
FULL_NOTES = {
    "1.1": "Kế hoạch xây dựng, áp dụng, duy trì HTQLCL năm 2026 đã được Giám đốc Sở phê duyệt.",
    "5.5": "Chính sách chất lượng niêm yết tại bộ phận một cửa và đăng trên trang thông tin điện tử.",
    "15.1": "Đã công bố lại HTQLCL sau khi điều chỉnh phạm vi áp dụng.",
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _rubric() -> Rubric:
    services_rubrics.rubrics_load_shipped(actor=None)
    existing = Rubric.objects.filter(code=DEMO_RUBRIC).order_by("-version").first()
    if existing is not None:
        return existing
    source = Rubric.objects.get(code="daknong-2020", version=1)
    province = Organisation.objects.filter(code="22").first()
    rubric = services_rubrics.rubric_derive(
        actor=None,
        rubric=source,
        code=DEMO_RUBRIC,
        # The title and the issuer are printed in the plan, the decision and the minutes: official
        # texts carry no demo label. The demo is marked where people read it in the interface
        # (the description and the bands note on the rubric's page).
        title="Bộ tiêu chí đánh giá HTQLCL theo TCVN ISO 9001:2015 năm 2026 áp dụng tại tỉnh Quảng Ninh",
        organisation=province,
        issuer="Kế thừa bộ tiêu chí của Quyết định 1276/QĐ-UBND ngày 25/08/2020 của UBND tỉnh Đắk Nông",
        description="Bản trình diễn: cây tiêu chí 100 điểm giữ nguyên của Đắk Nông 2020; thang xếp loại là cấu hình minh hoạ.",
    )
    rubric, _created = services_rubrics.rubric_set_bands(
        actor=None, rubric=rubric, bands=DEMO_BANDS, bands_note=DEMO_BANDS_NOTE, published=False
    )
    return services_rubrics.rubric_publish(actor=None, rubric=rubric)


def _scores(rubric: Rubric, code: str, target: Decimal, share: float) -> dict[int, ScoreInput]:
    """Every leaf at its maximum, then points withheld (deterministically) down to ``target``;
    with ``share`` < 1 only that share of the criteria (in order) is scored."""
    rng = random.Random(f"{code}-{YEAR}")
    leaves = list(Criterion.objects.filter(rubric=rubric, is_leaf=True).order_by("order"))
    scored = leaves[: max(1, int(len(leaves) * share))]
    values = {c.pk: c.max_points for c in scored}
    scored_max = sum((c.max_points for c in scored), Decimal("0"))
    step = rubric.score_step
    # The criteria scored so far are scored at the target's rate.
    deficit = ((scored_max - scored_max * target / rubric.max_points) / step).to_integral_value() * step
    preferred = [c for c in scored if c.key in NOTES]
    others = [c for c in scored if c.key not in NOTES]
    rng.shuffle(others)
    for c in preferred + others:
        if deficit <= 0:
            break
        cut = min(values[c.pk], deficit, step * rng.choice([1, 1, 2]))
        values[c.pk] -= cut
        deficit -= cut
    out: dict[int, ScoreInput] = {}
    for c in scored:
        note = ""
        note = NOTES.get(c.key, "") if values[c.pk] < c.max_points else FULL_NOTES.get(c.key, "")
        out[c.pk] = ScoreInput(value=values[c.pk], note=note)
    return out


def _evidence(assessment: Assessment, secretary: Any) -> None:
    """Links to the agency's own controlled documents as evidence of a few criteria."""
    if assessment.evidence.exists():
        return
    documents = list(document_selectors.document_list_for_user(secretary, agency=assessment.agency)[:40])
    by_kind: dict[str, Any] = {}
    for item in documents:
        by_kind.setdefault(item.kind, item)
    plan = [
        ("5.5", "policy", "Chính sách chất lượng"),
        ("6.3", "objectives", "Mục tiêu chất lượng năm 2026"),
        ("3.1", "manual", "Sổ tay chất lượng (phạm vi áp dụng)"),
        ("7.1.b", "process", "Quy trình giải quyết thủ tục hành chính"),
    ]
    criteria = {c.key: c for c in Criterion.objects.filter(rubric=assessment.rubric, key__in=[p[0] for p in plan])}
    for key, kind, label in plan:
        document = by_kind.get(kind)
        if document is None or key not in criteria:
            continue
        services.evidence_add(
            actor=secretary,
            assessment=assessment,
            criterion=criteria[key],
            label=f"{label}: {document.code}",
            url=reverse("documents:detail", args=[document.pk]),
        )


@transaction.atomic
def load_demo_assessments() -> int:
    """Load rubrics and the 2026 self-assessments; returns how many assessments were created."""
    rubric = _rubric()
    if rubric.status != RubricStatus.PUBLISHED:
        return 0
    created = 0
    for code, secretary_name, leader_name, target, share in AGENCIES:
        agency = Organisation.objects.filter(code=code).first()
        secretary = _user(secretary_name)
        if agency is None or secretary is None:
            continue
        existing = Assessment.objects.filter(agency=agency, year=YEAR, kind=AssessmentKind.SELF).first()
        if existing is not None:
            continue
        assessment = services.assessment_open(
            actor=secretary, rubric=rubric, agency=agency, year=YEAR, kind=AssessmentKind.SELF
        )
        created += 1
        services.scores_save(
            actor=secretary,
            assessment=assessment,
            entries=_scores(rubric, code, target, share),
            summary=(
                "Cơ quan đã duy trì HTQLCL theo TCVN ISO 9001:2015; còn một số tồn tại về cập nhật văn bản "
                "pháp luật và phạm vi đánh giá nội bộ, đã có kế hoạch khắc phục trong quý II."
            )
            if share >= 1
            else "",
        )
        _evidence(assessment, secretary)
        leader = _user(leader_name) if leader_name else None
        if leader is not None and assessment.status != AssessmentStatus.SUBMITTED:
            services.assessment_submit(actor=leader, assessment=assessment)
    return created
