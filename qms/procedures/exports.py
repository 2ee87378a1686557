"""Excel workbooks of the catalogue and of coverage (openpyxl, write-only: fast at nation size)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.core.display import format_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(
    title: str, subtitle: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    sheet.append([subtitle])
    sheet.append([])
    fill = PatternFill("solid", fgColor="DCE6F1")
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([str(v) if isinstance(v, Promise) else v for v in row])
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def catalogue_workbook(catalogue: Any, rows: list[dict[str, Any]]) -> bytes:
    header = [
        _("STT"),
        _("Mã TTHC"),
        _("Tên thủ tục hành chính"),
        _("Lĩnh vực"),
        _("Cấp thực hiện"),
        _("Thời hạn giải quyết"),
        _("Thời hạn (ngày làm việc)"),
        _("Phí, lệ phí"),
        _("Căn cứ pháp lý"),
        _("Quyết định công bố"),
        _("Cơ quan thực hiện"),
        _("Trạng thái"),
    ]

    def lines() -> Iterable[list[Any]]:
        for index, row in enumerate(rows, start=1):
            p = row["procedure"]
            yield [
                index,
                p.code,
                p.name,
                p.field,
                row["level"],
                p.time_limit_text,
                float(p.time_limit_days) if p.time_limit_days is not None else None,
                p.fees,
                p.legal_bases,
                p.decision.number if p.decision else "",
                row["agencies"],
                row["status"],
            ]

    subtitle = _("%(catalogue)s — xuất ngày %(day)s") % {
        "catalogue": catalogue.name,
        "day": format_date(timezone.localdate()),
    }
    return _workbook(
        str(_("Danh mục TTHC")), subtitle, header, lines(), [6, 14, 60, 24, 14, 40, 12, 30, 40, 22, 40, 14]
    )


def coverage_workbook(scope_name: str, summaries: Iterable[Any], totals: Any) -> bytes:
    header = [
        _("STT"),
        _("Mã cơ quan"),
        _("Cơ quan"),
        _("TTHC thuộc thẩm quyền"),
        _("Đã có quy trình"),
        _("Chưa có quy trình"),
        _("Tỷ lệ bao phủ (%)"),
        _("Quy trình vượt thời hạn"),
        _("Đạt yêu cầu 100 %"),
    ]

    def lines() -> Iterable[list[Any]]:
        for index, s in enumerate(summaries, start=1):
            yield [
                index,
                s.agency.code,
                s.agency.name,
                s.assigned,
                s.covered,
                s.assigned - s.covered,
                s.percent,
                s.over_limit,
                _("Đạt") if s.assigned and s.covered == s.assigned else _("Chưa đạt"),
            ]
        yield []
        yield [
            "",
            "",
            ngettext("Tổng cộng (%(n)s cơ quan)", "Tổng cộng (%(n)s cơ quan)", totals.agencies)
            % {"n": totals.agencies},
            totals.assigned,
            totals.covered,
            totals.uncovered,
            totals.percent,
            totals.over_limit,
            _("%(n)s cơ quan đạt") % {"n": totals.complete_agencies},
        ]

    subtitle = _("%(scope)s — số liệu ngày %(day)s") % {
        "scope": scope_name,
        "day": format_date(timezone.localdate()),
    }
    return _workbook(str(_("Độ bao phủ quy trình")), subtitle, header, lines(), [6, 14, 50, 14, 14, 14, 14, 14, 16])


def scope_workbook(agency: Any, rows: list[Any]) -> bytes:
    header = [
        _("STT"),
        _("Mã TTHC"),
        _("Tên thủ tục hành chính"),
        _("Lĩnh vực"),
        _("Thời hạn (ngày làm việc)"),
        _("Quy trình áp dụng"),
        _("Tổng thời gian quy trình (ngày làm việc)"),
        _("Tình trạng"),
    ]

    def lines() -> Iterable[list[Any]]:
        for index, row in enumerate(rows, start=1):
            yield [
                index,
                row.code,
                row.name,
                row.field,
                float(row.time_limit_days) if row.time_limit_days is not None else None,
                "; ".join(p.code for p in row.processes),
                "; ".join(str(p.total_working_days) for p in row.processes),
                (_("Vượt thời hạn") if row.over_limit else _("Đã có quy trình"))
                if row.covered
                else _("Chưa có quy trình"),
            ]

    subtitle = _("%(agency)s — xuất ngày %(day)s") % {
        "agency": agency.name,
        "day": format_date(timezone.localdate()),
    }
    return _workbook(str(_("TTHC thuộc thẩm quyền")), subtitle, header, lines(), [6, 14, 60, 24, 12, 30, 16, 18])
