"""Demonstration data: the grouped processes that cover the rest of the demo agencies' catalogue.

Real agencies have run ISO 9001 since 2014 and cover nearly all of their TTHC; the gaps an
inspection finds are the procedures newly published and not picked up in time. So every demo
agency with assignments gets, after the July 2025 catalogue, processes written for groups of
similar TTHC (one process may serve several procedures with the same sequence of work), issued
through document control as its people would: the ISO secretary drafts, the head of the agency
approves, on the day the agency issued them (``demo_grouped_specs.PLANS``); the structured content
(sections, steps with their units and forms, records, TTHC) is registered by the system on the
draft, as the process demo does for the document demo's processes. Agencies without demo accounts
have their issued processes entered by the system (the reviewer is the installation's
administrator), as a data take-over would. The effective-revision hook recomputes coverage.

What stays uncovered, on purpose: the lawyers' TTHC of Sở Tư pháp (late-December decision; its
QT 05/BTTP takes effect next week), the electronic certification and household business TTHC of
UBND phường Hạ Long, the archives and labour-rules TTHC of Sở Nội vụ, the new water, dyke and
mineral TTHC of Sở Nông nghiệp và Môi trường, and everything of UBND đặc khu Vân Đồn (formed in July
2025, no process yet).

Runs after the document, procedures and process demos; idempotent (a process whose code the
agency already has is left alone).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.utils import timezone

from qms.core.dates import add_months
from qms.core.text import fold
from qms.documents import demo as documents_demo
from qms.documents import selectors as document_selectors
from qms.documents import services as document_services
from qms.documents.demo_history import backdate_revision
from qms.documents.models import Document, DocumentKind
from qms.legal import selectors as legal_selectors
from qms.organisations.models import Organisation, OrganisationKind
from qms.people.models import User

from . import selectors as procedure_selectors
from .demo_grouped_specs import PLANS, AgencyPlan
from .models import DurationUnit
from .selectors_processes import total_days
from .services_processes import StepData, process_content_register

D = documents_demo
HALF = Decimal("0.5")
ONE = Decimal(1)
RETURN_NOTE = "Theo ngày hẹn trên Phiếu tiếp nhận và hẹn trả kết quả"
RECEIVE_WORK = (
    "Kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hồ sơ đủ thì lập Phiếu tiếp nhận và hẹn trả kết quả, cập nhật vào "
    "HTTT; chưa đủ thì hướng dẫn bổ sung; không thuộc thẩm quyền thì từ chối tiếp nhận"
)
RETURN_WORK = (
    "Thu phí, lệ phí (nếu có); trả kết quả trực tiếp, qua bưu chính công ích hoặc trực tuyến; cập nhật HTTT. "
    "Hồ sơ quá hạn: gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả"
)
# The one-stop forms of Thông tư số 01/2018/TT-VPCP, for agencies that have not issued their own.
VPCP_FORMS = "Mẫu tại Thông tư số 01/2018/TT-VPCP"
OTHER_FORMS = [
    "Phiếu tiếp nhận và hẹn trả kết quả (Mẫu số 01, Thông tư số 01/2018/TT-VPCP)",
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu số 02, Thông tư số 01/2018/TT-VPCP)",
    "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu số 03, Thông tư số 01/2018/TT-VPCP)",
    "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04, Thông tư số 01/2018/TT-VPCP)",
    "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 05, Thông tư số 01/2018/TT-VPCP)",
    "Sổ theo dõi hồ sơ (Mẫu số 06, Thông tư số 01/2018/TT-VPCP)",
]
REVIEW_NOTE = "Xem xét định kỳ: quy trình còn phù hợp với Danh mục TTHC và văn bản pháp luật hiện hành."

# One step: title, who (role), time, unit of time, time note, work, result text, form codes.
Step = tuple[str, str, Decimal, str, str, str, str, tuple[str, ...]]


def _days(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _day_label(value: Decimal) -> str:
    """9.5 → "9,5"; 27.0 → "27"."""
    return f"{value.normalize():f}".replace(".", ",")


class _Agency:
    """One agency's run: its people (or the system), its units and forms, the catalogue it holds."""

    def __init__(self, plan: AgencyPlan, organisation: Organisation, admin: User | None):
        self.plan, self.agency = plan, organisation
        self.secretary = User.objects.filter(username=plan.secretary).first() if plan.secretary else None
        self.leader = User.objects.filter(username=plan.leader).first() if plan.leader else None
        self.reviewer = self.leader or admin
        self.units = document_selectors.units_of(organisation)
        self.forms = {d.code: d for d in Document.objects.filter(agency=organisation, kind=DocumentKind.FORM)}
        self.assignable = {p.code: p for p in procedure_selectors.procedures_assignable_to_process(organisation)}
        self.codes = set(Document.objects.filter(agency=organisation).values_list("code", flat=True))

    @property
    def ready(self) -> bool:
        """Someone can review: the head of the agency, or the administrator for a data take-over."""
        return self.reviewer is not None and (self.plan.leader is None or self.leader is not None)

    def unit(self, name: str) -> Organisation | None:
        folded = fold(name)
        return next((u for u in sorted(self.units, key=lambda u: -len(u.name)) if fold(u.name) in folded), None)

    def has_forms(self) -> bool:
        return "BM.01-QT01" in self.forms

    # --- the steps -------------------------------------------------------------------------------

    def steps(self, spec: D.Spec) -> list[Step]:
        """The sequence of work of ``spec`` (``flow: kind total``), its times adding up to the total."""
        kind, *rest = spec["flow"][0].split()
        total = _days(rest[0]) if rest else Decimal(0)
        unit = spec["unit"][0]
        commune = self.agency.kind == OrganisationKind.COMMUNE
        handler = spec.get("handler", [f"{'Công chức' if commune else 'Chuyên viên'} {unit}"])[0]
        chief = f"Trưởng phòng {unit.removeprefix('Phòng ')}" if unit.startswith("Phòng ") else f"Lãnh đạo {unit}"
        signer = self.plan.signer
        clerk = "Văn thư (Văn phòng HĐND và UBND)" if commune else "Văn thư cơ quan"
        clerk = "Văn thư (Văn phòng Sở)" if self.agency.name.startswith("Sở ") else clerk
        desk = spec.get("desk", [self.plan.desk])[0]
        forms = self.has_forms()
        work = spec.get("work", ["Thẩm định hồ sơ theo quy định"])[0]
        result = spec.get("result", ["Dự thảo kết quả giải quyết"])[0]
        sign = spec.get("sign", ["Xem xét, ký kết quả giải quyết"])[0]
        receive_out = "" if forms else f"Phiếu tiếp nhận và hẹn trả kết quả; Phiếu yêu cầu bổ sung hồ sơ ({VPCP_FORMS})"
        receive_forms = ("BM.01-QT01", "BM.03-QT01", "BM.04-QT01", "BM.06-QT01") if forms else ()
        review_out = result if forms else f"{result}; Phiếu kiểm soát quá trình giải quyết hồ sơ ({VPCP_FORMS})"
        review_forms = ("BM.02-QT01",) if forms else ()
        return_out = (
            "Kết quả giải quyết TTHC" if forms else f"Kết quả giải quyết TTHC; Sổ theo dõi hồ sơ ({VPCP_FORMS})"
        )
        return_forms = ("BM.05-QT01", "BM.06-QT01") if forms else ()
        days, hours = DurationUnit.DAYS, DurationUnit.HOURS
        receive: Step = ("Tiếp nhận, kiểm tra hồ sơ", desk, HALF, days, "", RECEIVE_WORK, receive_out, receive_forms)
        back: Step = ("Trả kết quả", desk, Decimal(0), days, RETURN_NOTE, RETURN_WORK, return_out, return_forms)
        register: Step = (
            "Vào sổ, đóng dấu, chuyển kết quả",
            clerk,
            HALF,
            days,
            "",
            "Vào sổ, đóng dấu, phát hành; chuyển kết quả về BPTN&TKQ, cập nhật HTTT",
            "Kết quả đã đóng dấu",
            (),
        )
        if kind == "hours":  # same-day work, counted in working hours
            return [
                ("Tiếp nhận, kiểm tra hồ sơ", desk, ONE, hours, "", RECEIVE_WORK, receive_out, receive_forms),
                ("Xử lý hồ sơ", handler, Decimal(3), hours, "", work, review_out, review_forms),
                ("Ký, đóng dấu", signer, Decimal(2), hours, "", sign, "Kết quả đã ký, đóng dấu", ()),
                ("Vào sổ, trả kết quả", desk, ONE, hours, "", RETURN_WORK, return_out, return_forms),
            ]
        if kind == "recruit":
            rest_days = total - HALF - Decimal(5) - Decimal(2) - ONE
            return [
                receive,
                (
                    "Kiểm tra điều kiện, tiêu chuẩn dự tuyển",
                    handler,
                    Decimal(5),
                    days,
                    "",
                    work,
                    review_out,
                    review_forms,
                ),
                (
                    "Tổ chức thi tuyển, xét tuyển hoặc tiếp nhận",
                    f"Hội đồng tuyển dụng; {handler}",
                    rest_days,
                    days,
                    "",
                    "Tổ chức kiểm tra, sát hạch, phỏng vấn theo quy định; tổng hợp kết quả",
                    "Biên bản, kết quả thi tuyển, xét tuyển",
                    (),
                ),
                (
                    "Phê duyệt kết quả",
                    signer,
                    Decimal(2),
                    days,
                    "",
                    sign,
                    "Quyết định công nhận kết quả tuyển dụng",
                    (),
                ),
                (
                    "Thông báo kết quả",
                    handler,
                    ONE,
                    days,
                    "",
                    "Thông báo kết quả cho người dự tuyển; niêm yết công khai",
                    "Thông báo kết quả",
                    (),
                ),
                back,
            ]
        check_days = ONE if total >= 8 else HALF
        sign_days = ONE if total >= 8 else HALF
        check: Step = (
            "Kiểm tra, trình ký",
            chief,
            check_days,
            days,
            "",
            "Kiểm tra kết quả thẩm định, ký nháy, trình Lãnh đạo",
            "Phiếu trình",
            (),
        )
        if kind == "province":
            decide = max(Decimal(2), (total * Decimal("0.3") * 2).to_integral_value() / 2)
            review = total - HALF - check_days - sign_days - decide - HALF
            return [
                receive,
                ("Thẩm định hồ sơ", handler, review, days, "", work, review_out, review_forms),
                check,
                (
                    "Trình UBND tỉnh",
                    signer,
                    sign_days,
                    days,
                    "",
                    sign,
                    "Tờ trình UBND tỉnh; kết quả thuộc thẩm quyền của Sở",
                    (),
                ),
                (
                    "Xem xét, quyết định",
                    spec.get("decide", ["Chủ tịch UBND tỉnh"])[0],
                    decide,
                    days,
                    "",
                    "Xem xét, quyết định đối với các nội dung thuộc thẩm quyền của Chủ tịch UBND tỉnh",
                    "Quyết định của Chủ tịch UBND tỉnh",
                    (),
                ),
                register,
                back,
            ]
        review = total - HALF - check_days - sign_days - HALF
        steps = [receive]
        if kind == "council":
            first = review.to_integral_value(rounding=ROUND_FLOOR) / 2  # about half, in half days
            council = spec.get("council", ["Họp Hội đồng thẩm định; kiểm tra thực tế khi cần"])[0]
            steps.append(("Thẩm định hồ sơ", handler, first, days, "", work, review_out, review_forms))
            steps.append(
                (
                    "Hội đồng, kiểm tra thực tế",
                    f"Hội đồng thẩm định, tư vấn; {handler}",
                    review - first,
                    days,
                    "",
                    council,
                    "Biên bản họp, biên bản kiểm tra",
                    (),
                )
            )
        else:
            steps.append(("Thẩm định hồ sơ", handler, review, days, "", work, review_out, review_forms))
        return [
            *steps,
            check,
            ("Ký kết quả", signer, sign_days, days, "", sign, "Kết quả giải quyết đã ký", ()),
            register,
            back,
        ]

    def step_data(self, step: Step) -> StepData:
        title, who, duration, unit, note, work, output, codes = step
        return StepData(
            title=title,
            description=work,
            responsible_unit=self.unit(who),
            responsible_role=who,
            duration=duration,
            duration_unit=unit,
            time_note=note,
            output=output,
            forms=[self.forms[c] for c in codes if c in self.forms],
        )

    # --- the sections ----------------------------------------------------------------------------

    def sections(self, spec: D.Spec, total: Decimal, served: int) -> dict[str, str]:
        name = spec["name"][0]
        what = name.removeprefix("Quy trình ").strip()
        unit = spec["unit"][0]
        place = self.plan.place
        same_day = spec["flow"][0].split()[0] == "hours"
        limit = (
            "Trong ngày làm việc; hồ sơ nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo."
            if same_day
            else f"{_day_label(total)} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."
        )
        limit += " Không vượt thời hạn của từng TTHC theo Danh mục do Chủ tịch UBND tỉnh công bố."
        definitions = [
            "TTHC: Thủ tục hành chính; HTQLCL: Hệ thống quản lý chất lượng",
            f"BPTN&TKQ: Bộ phận tiếp nhận và trả kết quả ({place.split(';')[0]})",
            "HTTT: Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Quảng Ninh",
        ]
        return {
            "purpose": (
                f"Quy định trình tự, trách nhiệm và thời gian {what[0].lower()}{what[1:]} ({served:02d} thủ tục hành "
                "chính có cùng trình tự giải quyết), bảo đảm đúng pháp luật, đúng hạn, công khai, minh bạch."
            ),
            "scope": (
                f"Áp dụng đối với tổ chức, cá nhân có yêu cầu giải quyết các TTHC nêu tại mục 5; {unit} và công chức "
                f"tiếp nhận hồ sơ của {self.agency.name}."
            ),
            "references": "\n".join(
                [
                    f"{D.ISO} Hệ thống quản lý chất lượng — Các yêu cầu",
                    "Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết TTHC",
                    *spec.get("ref", []),
                ]
            ),
            "definitions": "\n".join(definitions),
            "requirements": (
                "Quy trình áp dụng chung cho các TTHC có cùng trình tự, cách thức giải quyết; thành phần hồ sơ, phí, "
                "lệ phí và thời hạn của từng TTHC theo Danh mục do Chủ tịch UBND tỉnh công bố, niêm yết tại nơi tiếp "
                "nhận hồ sơ."
            ),
            "dossier_components": "\n".join(spec.get("dossier", [])),
            "dossier_count": "01 (một) bộ.",
            "time_limit_text": limit,
            "place": place,
            "fees": " ".join(spec.get("fee", [])),
            "other_forms": "" if self.has_forms() else "\n".join(OTHER_FORMS),
        }

    def records(self, spec: D.Spec) -> list[tuple[str, str, str]]:
        keeper = "BPTN&TKQ"
        rows = [
            ("Phiếu tiếp nhận và hẹn trả kết quả, Phiếu kiểm soát quá trình giải quyết hồ sơ", keeper, "12 tháng"),
            ("Sổ theo dõi hồ sơ (điện tử trên HTTT)", keeper, "05 năm"),
        ]
        for line in spec.get("record", []):
            name, who, retention = [*D._cols(line), "", "", ""][:3]
            rows.append((name, who, retention))
        return rows

    # --- issuing ---------------------------------------------------------------------------------

    def issue(self, spec: D.Spec, today: dt.date) -> bool:
        """Draft, register the content, cite, submit, review and approve one grouped process."""
        code = spec["code"][0]
        procedures = [self.assignable[c] for c in spec["tthc"][0].split() if c in self.assignable]
        if code in self.codes or not procedures:
            return False
        owner = self.unit(spec["unit"][0]) or self.agency
        author = self.secretary  # None: the system takes over an issued process
        document = document_services.document_create(
            actor=author,
            organisation=owner,
            code=code,
            title=spec["name"][0],
            kind=DocumentKind.PROCESS,
            distribute_to_units=[owner],
        )
        numbers = [D._cols(b)[0] for b in spec.get("base", [])]
        texts, _missing = legal_selectors.texts_by_numbers(numbers)
        found = {t.number.casefold(): t for t in texts}
        items = [
            (found[n.casefold()], ([*D._cols(b), ""][1]))
            for n, b in zip(numbers, spec.get("base", []), strict=True)
            if n.casefold() in found
        ]
        if items:
            document_services.document_set_legal_bases(actor=author, document=document, items=items)
        steps = self.steps(spec)
        total = total_days([(s[2], s[3]) for s in steps])
        revision = document.revisions.get(number=1)
        revision.document = document
        # The structured content is registered by the system, as the process demo does for the
        # document demo's processes; the secretary then submits the draft and the head approves it.
        process_content_register(
            actor=None,
            revision=revision,
            sections=self.sections(spec, total, len(procedures)),
            steps=[self.step_data(s) for s in steps],
            records=self.records(spec),
            procedures=procedures,
        )
        day = min(self.plan.issued_on, today)
        taken_over = self.leader is None
        note = (
            f"Nhập quy trình đã được {self.plan.signer} ban hành tại {self.plan.decision} vào phần mềm ISO điện tử."
            if taken_over
            else "Kính trình Lãnh đạo xem xét, phê duyệt."
        )
        revision = document_services.revision_submit(
            actor=author, revision=revision, reviewer=self.reviewer, comment=note
        )
        revision = document_services.revision_pass(
            actor=self.leader, revision=revision, comment="" if taken_over else "Nội dung phù hợp, đề nghị ban hành."
        )
        approved = document_services.revision_approve(
            actor=self.leader,
            revision=revision,
            effective_from=day,
            today=day,
            comment=f"Ban hành theo {self.plan.decision}." if taken_over else "Đồng ý ban hành.",
        )
        backdate_revision(approved, day, today=today)
        due = add_months(day, 12)
        if due <= today:  # the yearly review found it still fit
            document.refresh_from_db()
            document_services.document_periodic_review(
                actor=author, document=document, note=REVIEW_NOTE, today=due - dt.timedelta(days=10)
            )
        self.codes.add(code)
        return True


@transaction.atomic
def load_grouped_processes(*, today: dt.date | None = None) -> dict[str, int]:
    """Issue the grouped processes of every demo agency once; returns how many were issued and
    for how many agencies (zeros on a second run)."""
    today = today or timezone.localdate()
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    counts = {"grouped_processes": 0, "grouped_agencies": 0}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=[p.code for p in PLANS])}
    for plan in PLANS:
        organisation = organisations.get(plan.code)
        if organisation is None:
            continue
        agency = _Agency(plan, organisation, admin)
        if not agency.ready or not agency.assignable:
            continue
        issued = sum(agency.issue(D._spec(block), today) for block in plan.specs.split("===") if block.strip())
        counts["grouped_processes"] += issued
        counts["grouped_agencies"] += int(bool(issued))
    return counts


def grouped_codes() -> dict[str, list[str]]:
    """Agency code → the TTHC codes its grouped processes serve (for tests and checks)."""
    result: dict[str, list[str]] = {}
    for plan in PLANS:
        for block in plan.specs.split("==="):
            if block.strip():
                result.setdefault(plan.code, []).extend(D._spec(block)["tthc"][0].split())
    return result
