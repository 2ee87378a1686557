"""A process (quy trình) as a Word file in the standard layout of the framework model, built with
the product's document component (``qms.core.officedoc``, template ``controlled.docx``):

identification table (agency | QUY TRÌNH ... | code, revision, effective date), responsibility
block (drafted / reviewed / approved by, from the decision snapshots), the amendment log, sections
1 to 5, the steps table, the forms (section 6) and the records to keep (section 7).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from qms.core.display import format_date
from qms.core.officedoc import (
    AdministrativeDocument,
    BulletList,
    Cell,
    Line,
    Paragraph,
    Table,
    name_cell,
    render_docx,
)

from .selectors_processes import (
    ProcessPage,
    format_days,
    responsible_label,
    step_result_label,
    step_time_label,
)

# Column widths (mm) inside the 165 mm of text width of an A4 page with Decree 30 margins.
# The issuing bodies' column fits "UBND TỈNH QUẢNG NINH" and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" each on one
# line (names are never broken in the middle: ``officedoc.name_cell``).
HEADER_WIDTHS = (66, 52, 47)
META_PT = 12
SIGN_WIDTHS = (30, 45, 45, 45)
LOG_WIDTHS = (12, 28, 95, 30)
STEP_WIDTHS = (15, 60, 36, 24, 30)
FORM_WIDTHS = (12, 38, 115)
RECORD_WIDTHS = (12, 73, 45, 35)


def _date(value: Any) -> str:
    """A date, or an aware datetime (a decision's time) on its day in Vietnam."""
    return format_date(value)


def _title_without_kind(title: str) -> str:
    """ "Quy trình cấp Phiếu ..." → "CẤP PHIẾU ..." (the header already says QUY TRÌNH)."""
    return re.sub(r"^\s*quy\s+trình\s*", "", title, flags=re.IGNORECASE).upper() or title.upper()


def _heading(text: str) -> Paragraph:
    return Paragraph(text, bold=True, indent=False, align="left")


GAP = Paragraph("", indent=False)  # an empty line after a table, before the next heading


def _identification(page: ProcessPage) -> list[Any]:
    document, revision = page.document, page.revision
    agency = document.agency
    parent = agency.parent.name if agency.parent_id and agency.parent is not None else ""
    issuer = name_cell([(parent.upper(), False), (agency.name.upper(), True)], HEADER_WIDTHS[0])
    meta = Cell(
        [
            Line(f"{_('Mã hiệu')}: {document.code}", size_pt=META_PT, bold=False),
            Line(f"{_('Lần ban hành')}: {revision.number:02d}", size_pt=META_PT, bold=False),
            Line(f"{_('Ngày hiệu lực')}: {_date(revision.effective_from) or '…/…/……'}", size_pt=META_PT, bold=False),
        ]
    )
    blocks: list[Any] = []
    if revision.status != "effective":
        blocks.append(
            Paragraph(
                _("DỰ THẢO — lần ban hành %(n)s (%(status)s)")
                % {"n": revision.number, "status": revision.get_status_display()},
                bold=True,
                align="right",
                indent=False,
            )
        )
    blocks.append(
        Table(
            header=[issuer, f"{_('QUY TRÌNH')}\n{_title_without_kind(document.title)}", meta],
            rows=[],
            widths_mm=HEADER_WIDTHS,
        )
    )
    return blocks


def _responsibility(page: ProcessPage) -> list[Any]:
    header = page.header
    people = [header.drafted, header.reviewed, header.approved]
    return [
        GAP,
        Table(
            header=["", _("Người soạn thảo"), _("Người xem xét"), _("Người phê duyệt")],
            rows=[
                [_("Họ và tên"), *[p.name if p else "" for p in people]],
                [_("Chức vụ"), *[p.title if p else "" for p in people]],
                [_("Chữ ký"), "\n\n", "", ""],
                [_("Ngày"), *[_date(p.at) if p else "" for p in people]],
            ],
            widths_mm=SIGN_WIDTHS,
            aligns=["left", "center", "center", "center"],
        ),
        GAP,
    ]


def _amendments(page: ProcessPage) -> list[Any]:
    """The amendment log (theo dõi sửa đổi): the revisions up to the one printed."""
    earlier = sorted(
        (r for r in page.revisions if 1 < r.number <= page.revision.number and r.change_summary.strip()),
        key=lambda r: r.number,
    )
    if not earlier:
        return []
    rows = [
        [str(n), _date(r.effective_from), r.change_summary.strip(), f"{r.number:02d}"]
        for n, r in enumerate(earlier, start=1)
    ]
    return [
        _heading(_("THEO DÕI SỬA ĐỔI TÀI LIỆU")),
        Table(
            header=[_("TT"), _("Ngày sửa đổi"), _("Nội dung sửa đổi"), _("Lần ban hành")],
            rows=rows,
            widths_mm=LOG_WIDTHS,
            aligns=["center", "center", "left", "center"],
        ),
        GAP,
    ]


def _sections(page: ProcessPage) -> list[Any]:
    blocks: list[Any] = []
    for section in page.sections[:-1]:
        if section.number == "5.1":
            blocks.append(_heading(f"5. {_('NỘI DUNG QUY TRÌNH')}"))
        blocks.append(_heading(f"{section.number}. {section.title}"))
        if not section.lines:
            blocks.append(Paragraph(_("Không có."), italic=True))
        elif section.bullets:
            blocks.append(BulletList(section.lines))
        else:
            blocks.append(Paragraph("\n".join(section.lines)))
    if not any(s.number == "5.1" for s in page.sections[:-1]):
        blocks.append(_heading(f"5. {_('NỘI DUNG QUY TRÌNH')}"))
    return blocks


def _steps(page: ProcessPage) -> list[Any]:
    last = page.sections[-1]
    rows = []
    for step in page.steps:
        work = f"{step.title}\n{step.description}" if step.title else step.description
        rows.append(
            [
                f"{_('B')}{step.order}",
                work,
                responsible_label(step),
                step_time_label(step),
                step_result_label(step),
            ]
        )
    blocks: list[Any] = [_heading(f"{last.number}. {last.title}")]
    if not rows:
        return [*blocks, Paragraph(_("Chưa có bước xử lý."), italic=True)]
    blocks.append(
        Table(
            header=[_("Bước"), _("Nội dung công việc"), _("Trách nhiệm"), _("Thời gian"), _("Biểu mẫu/Kết quả")],
            rows=rows,
            widths_mm=STEP_WIDTHS,
            aligns=["center", "left", "left", "center", "left"],
        )
    )
    total = page.checks.total_days if page.checks is not None else None
    limits = [
        f"{c.procedure.code}: {c.limit_label} {_('ngày làm việc')}"
        for c in (page.checks.procedures if page.checks else [])
    ]
    line = _("Tổng thời gian giải quyết theo quy trình: %(days)s ngày làm việc.") % {"days": format_days(total)}
    if limits:
        line += " " + _("Thời hạn theo quy định: %(limits)s.") % {"limits": "; ".join(limits)}
    blocks.append(Paragraph(line, italic=True))
    return blocks


def _forms(page: ProcessPage) -> list[Any]:
    blocks: list[Any] = [_heading(f"6. {_('BIỂU MẪU')}")]
    if not page.forms:
        return [*blocks, Paragraph(_("Không có."), italic=True)]
    rows = [[str(n), item.code, item.title] for n, item in enumerate(page.forms, start=1)]
    blocks.append(
        Table(
            header=[_("TT"), _("Mã hiệu"), _("Tên biểu mẫu")],
            rows=rows,
            widths_mm=FORM_WIDTHS,
            aligns=["center", "left", "left"],
        )
    )
    blocks.append(GAP)
    return blocks


def _records(page: ProcessPage) -> list[Any]:
    blocks: list[Any] = [_heading(f"7. {_('HỒ SƠ CẦN LƯU')}")]
    if not page.records:
        return [*blocks, Paragraph(_("Không có."), italic=True)]
    rows = [[str(n), r.name, r.keeper, r.retention] for n, r in enumerate(page.records, start=1)]
    blocks.append(
        Table(
            header=[_("TT"), _("Tên hồ sơ"), _("Bộ phận lưu"), _("Thời gian lưu")],
            rows=rows,
            widths_mm=RECORD_WIDTHS,
            aligns=["center", "left", "left", "center"],
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Hồ sơ được lưu giữ tại bộ phận lưu trong thời gian nêu trên; hết thời hạn, chuyển Lưu trữ cơ quan "
                "hoặc tiêu huỷ theo quy định về lưu trữ."
            ),
            italic=True,
        )
    )
    return blocks


def process_document(page: ProcessPage) -> AdministrativeDocument:
    """The Word document of ``page`` (a revision with structured content, or its plain text)."""
    document = page.document
    body: list[Any] = [*_identification(page), *_responsibility(page), *_amendments(page)]
    if page.content is None:
        body += [Paragraph(line) for line in page.revision.content.splitlines() if line.strip()]
    else:
        body += [*_sections(page), *_steps(page), *_forms(page), *_records(page)]
    return AdministrativeDocument(
        issuer=document.agency.name,
        number_symbol=document.code,
        place="",
        date=page.revision.effective_from,
        summary=document.title,
        body=body,
    )


def render_process(page: ProcessPage) -> bytes:
    """The ``.docx`` bytes, worded in the installation's language (an official document), whatever
    the reader's interface language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_docx(process_document(page), template="controlled.docx")


def filename(page: ProcessPage) -> str:
    code = re.sub(r"[\\/:*?\"<>|]+", "-", page.document.code)
    return f"{code} - lần ban hành {page.revision.number}.docx"
