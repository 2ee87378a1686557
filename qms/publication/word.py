"""The publication decision (Annex I of QĐ 19/2014/QĐ-TTg) and the notice to the Department of
Science and Technology, as Word documents in the Decree 30 layout (``qms.core.officedoc``).

Both are built from the publication's own fields and frozen scope only, so a document generated
again later reads exactly as the one issued. A draft prints a blank number and date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from qms.core.officedoc import (
    AdministrativeDocument,
    Annex,
    Article,
    Heading,
    Paragraph,
    Span,
    Table,
    number_symbol,
    render_docx,
)
from qms.core.text import fold

from . import wording
from .models import Publication
from .selectors import group_by_field

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def roman(n: int) -> str:
    """1 → I ... 39 → XXXIX (enough for the fields of any agency)."""
    if n <= len(ROMAN):
        return ROMAN[n - 1]
    return "X" * (n // 10) + (roman(n % 10) if n % 10 else "")


def long_date(day: dt.date | None) -> str:
    """``ngày 05 tháng 3 năm 2026`` (Decree 30: a 0 before days under 10 and months 1-2)."""
    if day is None:
        return "ngày     tháng     năm    "
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _year(publication: Publication) -> int | None:
    return publication.signed_on.year if publication.signed_on else None


def _head(publication: Publication) -> str:
    """``Giám đốc Sở Tư pháp`` for running text, from the authority line (``GIÁM ĐỐC SỞ TƯ PHÁP``)
    and the issuer's name as written."""
    authority = " ".join(publication.authority.split())
    issuer = " ".join(publication.issuer.split())
    if not authority:
        return issuer
    if issuer and authority.endswith(issuer.upper()):
        role = authority[: -len(issuer)].strip().lower()
        return f"{role[:1].upper()}{role[1:]} {issuer}".strip()
    text = authority.lower()
    return text[:1].upper() + text[1:]


def covered_procedures(publication: Publication) -> list[dict[str, Any]]:
    return [p for p in publication.scope if p.get("covered")]


def annex_blocks(publication: Publication) -> list[Any]:
    """The scope annex: A. the TTHC in scope by field, B. other activities, C. the gap."""
    blocks: list[Any] = []
    covered = covered_procedures(publication)
    section = iter("ABC")
    widths = [12, 79, 29, 45]
    if covered:
        blocks.append(Paragraph(f"{next(section)}. THỦ TỤC HÀNH CHÍNH", bold=True, indent=False, align="left"))
        rows: list[Any] = []
        n = 0
        for i, (field_name, items) in enumerate(group_by_field(covered), start=1):
            rows.append(Span(f"{roman(i)}. Lĩnh vực {field_name}" if field_name else f"{roman(i)}. Lĩnh vực khác"))
            for item in items:
                n += 1
                processes = "; ".join(p["code"] for p in item.get("processes", []))
                rows.append([str(n), item["name"], item["code"], processes])
        blocks.append(
            Table(
                header=["TT", "Tên thủ tục hành chính", "Mã TTHC", "Quy trình áp dụng"],
                rows=rows,
                widths_mm=widths,
                aligns=["center", "left", "center", "left"],
            )
        )
    if publication.activities:
        if blocks:
            blocks.append(Paragraph("", indent=False))  # a blank line after the previous table
        blocks.append(
            Paragraph(f"{next(section)}. CÁC HOẠT ĐỘNG XỬ LÝ CÔNG VIỆC KHÁC", bold=True, indent=False, align="left")
        )
        blocks.append(
            Table(
                header=["TT", "Tên hoạt động", "Quy trình áp dụng"],
                rows=[[str(i), a["name"], a.get("process", "")] for i, a in enumerate(publication.activities, 1)],
                widths_mm=[12, 108, 45],
                aligns=["center", "left", "left"],
            )
        )
    if publication.gap:
        if blocks:
            blocks.append(Paragraph("", indent=False))
        blocks.append(
            Paragraph(
                f"{next(section)}. THỦ TỤC HÀNH CHÍNH CHƯA XÂY DỰNG QUY TRÌNH (CHƯA THUỘC PHẠM VI CÔNG BỐ)",
                bold=True,
                indent=False,
                align="left",
            )
        )
        blocks.append(
            Paragraph(
                f"Tại thời điểm công bố, {len(publication.gap)}/{publication.coverage_assigned} thủ tục hành chính "
                f"thuộc thẩm quyền giải quyết chưa có quy trình (tỷ lệ bao phủ {_percent(publication)}, chưa đạt "
                "yêu cầu 100%). Các thủ tục này sẽ được xây dựng quy trình và công bố bổ sung.",
                italic=True,
            )
        )
        rows = []
        for i, item in enumerate(sorted(publication.gap, key=lambda g: (g.get("field", ""), g["code"])), start=1):
            rows.append([str(i), item["name"], item["code"], item.get("field", "")])
        blocks.append(
            Table(
                header=["TT", "Tên thủ tục hành chính", "Mã TTHC", "Lĩnh vực"],
                rows=rows,
                widths_mm=widths,
                aligns=["center", "left", "center", "left"],
            )
        )
    return blocks


def _percent(publication: Publication) -> str:
    value = publication.coverage_percent
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + "%"


def decision_document(publication: Publication) -> AdministrativeDocument:
    covered = covered_procedures(publication)
    fields = {fold(p.get("field") or "") for p in covered}
    scope_parts = []
    if covered:
        scope_parts.append(f"{len(covered)} thủ tục hành chính thuộc {len(fields)} lĩnh vực")
    if publication.activities:
        scope_parts.append(f"{len(publication.activities)} hoạt động xử lý công việc khác")
    scope_text = " và ".join(scope_parts) or "các hoạt động"
    article1 = (
        f"Công bố Hệ thống quản lý chất lượng của {publication.issuer} phù hợp Tiêu chuẩn quốc gia "
        f"{wording.STANDARD} đối với các lĩnh vực hoạt động, thủ tục hành chính ({scope_text}) "
        "tại Phụ lục kèm theo Quyết định này."
    )
    if publication.gap:
        article1 += (
            f"\nĐối với {len(publication.gap)} thủ tục hành chính chưa xây dựng quy trình (Mục "
            f"{'ABC'[(1 if covered else 0) + (1 if publication.activities else 0)]} của Phụ lục), "
            f"{publication.issuer} có trách nhiệm xây dựng, áp dụng và công bố bổ sung theo quy định."
        )
    article2 = "Quyết định này có hiệu lực kể từ ngày ký."
    previous = publication.supersedes
    if previous is not None and previous.signed_on is not None:
        article2 = (
            f"Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số {previous.reference} "
            f"{long_date(previous.signed_on)} của {_head(previous)} về việc công bố Hệ thống quản lý chất lượng "
            f"phù hợp Tiêu chuẩn quốc gia {wording.STANDARD}."
        )
    body: list[Any] = [Heading(publication.authority)]
    body += [Paragraph(line.strip(), italic=True) for line in publication.legal_bases.splitlines() if line.strip()]
    if publication.proposal.strip():
        body.append(Paragraph(publication.proposal.strip(), italic=True))
    body += [
        Heading("QUYẾT ĐỊNH:"),
        Article(1, article1),
        Article(2, article2),
        Article(3, f"{publication.implementers.strip().rstrip('.')} chịu trách nhiệm thi hành Quyết định này./."),
    ]
    recipients = ["Như Điều 3", f"{publication.notice_recipient_name} (để theo dõi)"]
    recipients += [line.strip().rstrip(";.") for line in publication.extra_recipients.splitlines() if line.strip()]
    subtitle = (
        f"(Kèm theo Quyết định số {publication.reference} {long_date(publication.signed_on)} của {_head(publication)})"
    )
    return AdministrativeDocument(
        issuer_parent=publication.issuer_parent,
        issuer=publication.issuer,
        number_symbol=number_symbol(publication.number or None, publication.symbol),
        place=publication.place,
        date=publication.signed_on,
        year=_year(publication),
        kind_title="Quyết định",
        summary=wording.SUMMARY,
        body=body,
        recipients=recipients,
        signer_authority=publication.signer_authority,
        signer_title=publication.signer_title,
        signer_name=publication.signer_name,
        annexes=[
            Annex(
                title=(
                    "DANH MỤC THỦ TỤC HÀNH CHÍNH VÀ HOẠT ĐỘNG XỬ LÝ CÔNG VIỆC ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT "
                    f"LƯỢNG PHÙ HỢP TIÊU CHUẨN QUỐC GIA {wording.STANDARD}"
                ),
                subtitle=subtitle,
                body=annex_blocks(publication),
            )
        ],
    )


def notice_document(publication: Publication, *, changes: dict[str, int] | None = None) -> AdministrativeDocument:
    """The letter to the DOST. ``changes``: counts of TTHC added / removed since the superseded
    publication, stated for a re-publication."""
    covered = covered_procedures(publication)
    fields = {fold(p.get("field") or "") for p in covered}
    paragraphs = [
        Paragraph(f"Kính gửi: {publication.notice_recipient_name}.", align="center", indent=False),
        Paragraph(
            "Thực hiện Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp "
            "dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các "
            "cơ quan, tổ chức thuộc hệ thống hành chính nhà nước và Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 "
            "năm 2014 của Bộ trưởng Bộ Khoa học và Công nghệ, "
            f"{publication.issuer} đã xây dựng và áp dụng Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia "
            f"{wording.STANDARD}."
        ),
    ]
    scope = []
    if covered:
        scope.append(f"{len(covered)} thủ tục hành chính thuộc {len(fields)} lĩnh vực")
    if publication.activities:
        scope.append(f"{len(publication.activities)} hoạt động xử lý công việc khác")
    paragraphs.append(
        Paragraph(
            f"Ngày {long_date(publication.signed_on).removeprefix('ngày ')}, {_head(publication)} đã ban hành "
            f"Quyết định số {publication.reference} về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu "
            f"chuẩn quốc gia {wording.STANDARD} đối với {' và '.join(scope) or 'các hoạt động'} "
            "(Quyết định và Phụ lục kèm theo)."
        )
    )
    previous = publication.supersedes
    if previous is not None:
        text = (
            f"Quyết định này thay thế Quyết định số {previous.reference} {long_date(previous.signed_on)} "
            "do phạm vi áp dụng Hệ thống quản lý chất lượng thay đổi"
        )
        if changes:
            parts = []
            if changes.get("added"):
                parts.append(f"bổ sung {changes['added']} thủ tục hành chính")
            if changes.get("removed"):
                parts.append(f"đưa ra khỏi phạm vi {changes['removed']} thủ tục hành chính không còn thuộc thẩm quyền")
            if parts:
                text += ": " + ", ".join(parts)
        paragraphs.append(Paragraph(text + "."))
    if publication.gap:
        paragraphs.append(
            Paragraph(
                f"Tại thời điểm công bố, còn {len(publication.gap)}/{publication.coverage_assigned} thủ tục hành "
                f"chính chưa được xây dựng quy trình (tỷ lệ bao phủ {_percent(publication)}); "
                f"{publication.issuer} sẽ hoàn thành việc xây dựng quy trình và công bố bổ sung."
            )
        )
    paragraphs.append(
        Paragraph(
            "Quyết định công bố được niêm yết tại trụ sở cơ quan và đăng tải trên trang thông tin điện tử của "
            f"{publication.issuer}" + (f" ({publication.website_url})" if publication.website_url else "") + "."
        )
    )
    paragraphs.append(
        Paragraph(
            f"{publication.issuer} trân trọng thông báo để {publication.notice_recipient_name} biết, theo dõi "
            "và tổng hợp./."
        )
    )
    return AdministrativeDocument(
        issuer_parent=publication.issuer_parent,
        issuer=publication.issuer,
        number_symbol=number_symbol(publication.notice_number or None, publication.notice_symbol),
        place=publication.place,
        date=publication.notice_signed_on,
        year=_year(publication),
        kind_title="",
        summary=wording.NOTICE_SUMMARY,
        body=paragraphs,
        recipients=["Như trên", "Lưu: VT"],
        signer_authority=publication.signer_authority,
        signer_title=publication.signer_title,
        signer_name=publication.signer_name,
    )


def render_decision(publication: Publication) -> bytes:
    return render_docx(decision_document(publication))


def render_notice(publication: Publication, *, changes: dict[str, int] | None = None) -> bytes:
    return render_docx(notice_document(publication, changes=changes))


def decision_filename(publication: Publication) -> str:
    if publication.number:
        return f"Quyết định {publication.number}-{publication.symbol} công bố HTQLCL.docx".replace("/", "-")
    return f"Dự thảo quyết định công bố HTQLCL - {publication.issuer}.docx".replace("/", "-")


def notice_filename(publication: Publication) -> str:
    if publication.notice_number:
        return f"Thông báo {publication.notice_number}-{publication.notice_symbol} công bố HTQLCL.docx".replace(
            "/", "-"
        )
    return f"Dự thảo thông báo công bố HTQLCL - {publication.issuer}.docx".replace("/", "-")
