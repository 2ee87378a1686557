from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from qms.core import docx_template, namefit, officedoc
from qms.core.officedoc import (
    AdministrativeDocument,
    Annex,
    Article,
    BulletList,
    Heading,
    Paragraph,
    Span,
    Table,
    docx_response,
    number_symbol,
    place_date,
    render_docx,
)

SUMMARY = "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015"


def sample(**changes: object) -> AdministrativeDocument:
    """A publication decision of Sở Tư pháp Quảng Ninh (used by the tests and the visual check)."""
    document = AdministrativeDocument(
        issuer_parent="UBND tỉnh Quảng Ninh",
        issuer="Sở Tư pháp",
        number_symbol=number_symbol("125", "QĐ-STP"),
        place="Quảng Ninh",
        date=dt.date(2026, 11, 21),
        kind_title="Quyết định",
        summary=SUMMARY,
        body=[
            Heading("GIÁM ĐỐC SỞ TƯ PHÁP"),
            Paragraph(
                "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ "
                "về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 "
                "vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;",
                italic=True,
            ),
            Paragraph("Theo đề nghị của Chánh Văn phòng Sở.", italic=True),
            Heading("QUYẾT ĐỊNH:"),
            Article(
                1,
                "Công bố Hệ thống quản lý chất lượng của Sở Tư pháp phù hợp Tiêu chuẩn quốc gia "
                "TCVN ISO 9001:2015 đối với các hoạt động xử lý công việc tại Phụ lục kèm theo Quyết định này.",
            ),
            Article(2, "Quyết định này có hiệu lực kể từ ngày ký."),
            Article(
                3,
                "Chánh Văn phòng Sở, Trưởng các phòng và các cá nhân có liên quan chịu trách nhiệm "
                "thi hành Quyết định này.",
            ),
        ],
        recipients=[
            "Như Điều 3",
            "Sở Khoa học và Công nghệ (để b/c)",
            "Giám đốc, các Phó Giám đốc Sở",
            "Lưu: VT, VP",
        ],
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Nguyễn Văn Minh",
        annexes=[
            Annex(
                title="DANH MỤC CÁC QUY TRÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                subtitle="(Kèm theo Quyết định số 125/QĐ-STP ngày 21 tháng 11 năm 2026 của Giám đốc Sở Tư pháp)",
                body=[
                    Table(
                        header=["STT", "Mã thủ tục", "Tên quy trình"],
                        rows=[
                            ["1", "1.001234", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"],
                            ["2", "1.001235", "Đăng ký hành nghề công chứng"],
                            ["3", "1.001236", "Cấp thẻ đấu giá viên"],
                        ],
                        widths_mm=[15, 35, 115],
                        aligns=["center", "center", "left"],
                    ),
                ],
            )
        ],
    )
    for key, value in changes.items():
        setattr(document, key, value)
    return document


def texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text]


@pytest.fixture(scope="module")
def rendered() -> docx.document.Document:
    return docx.Document(BytesIO(render_docx(sample())))


def test_header_issuer_number_motto_and_place_date(rendered):
    header = rendered.tables[0]
    issuer, motto = header.rows[0].cells
    number, date = header.rows[1].cells
    assert texts(issuer.paragraphs) == ["UBND TỈNH QUẢNG NINH", "SỞ TƯ PHÁP"]
    bold = next(p for p in issuer.paragraphs if p.text == "SỞ TƯ PHÁP")
    assert bold.style.font.bold is True
    assert texts(motto.paragraphs) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert texts(number.paragraphs) == ["Số: 125/QĐ-STP"]
    assert texts(date.paragraphs) == ["Quảng Ninh, ngày 21 tháng 11 năm 2026"]
    assert date.paragraphs[0].style.font.italic is True


def test_title_summary_and_articles(rendered):
    body = texts(rendered.paragraphs)
    assert body[:3] == ["QUYẾT ĐỊNH", SUMMARY, "GIÁM ĐỐC SỞ TƯ PHÁP"]
    assert rendered.paragraphs[0].style.name == "QMS Title"
    articles = [t for t in body if t.startswith("Điều ")]
    assert articles[1] == "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."
    assert len(articles) == 3
    first = next(p for p in rendered.paragraphs if p.text.startswith("Điều 1."))
    assert first.runs[0].text == "Điều 1. " and first.runs[0].bold
    assert first.style.name == "QMS Body"
    assert not any("{{" in t or "{%" in t for t in body)


def test_recipients_and_signature(rendered):
    recipients, signer = rendered.tables[1].rows[0].cells
    assert texts(recipients.paragraphs) == [
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Sở Khoa học và Công nghệ (để b/c);",
        "- Giám đốc, các Phó Giám đốc Sở;",
        "- Lưu: VT, VP.",
    ]
    assert texts(signer.paragraphs) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Minh"]


def test_annex_on_a_new_page_with_its_table(rendered):
    label = next(p for p in rendered.paragraphs if p.text == "PHỤ LỤC")
    assert label.paragraph_format.page_break_before is True
    annex = rendered.tables[2]
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows == [
        ["STT", "Mã thủ tục", "Tên quy trình"],
        ["1", "1.001234", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"],
        ["2", "1.001235", "Đăng ký hành nghề công chứng"],
        ["3", "1.001236", "Cấp thẻ đấu giá viên"],
    ]
    assert annex.style.name == "QMS Table"


def test_span_rows_are_one_bold_cell_across_the_table():
    table = Table(
        header=["TT", "Tên thủ tục", "Mã"],
        rows=[Span("I. Lĩnh vực Lý lịch tư pháp"), ["1", "Cấp Phiếu lý lịch tư pháp", "1.001234"]],
        widths_mm=[15, 110, 40],
    )
    result = docx.Document(BytesIO(render_docx(sample(body=[table], annexes=[]))))
    rendered_table = result.tables[1]
    group = rendered_table.rows[1]
    assert len({id(c._tc) for c in group.cells}) == 1  # merged: every column is the same cell
    assert group.cells[0].text == "I. Lĩnh vực Lý lịch tư pháp"
    assert group.cells[0].paragraphs[0].runs[0].bold is True
    assert [c.text for c in rendered_table.rows[2].cells] == ["1", "Cấp Phiếu lý lịch tư pháp", "1.001234"]


def test_page_a4_margins_and_font(rendered):
    section = rendered.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin)]
    assert all(20 <= m <= 25 for m in margins), margins
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20
    normal = rendered.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    assert rendered.styles["QMS Body"].font.name in (None, "Times New Roman")


def test_blank_number_and_date():
    assert number_symbol(None, "QĐ-STP") == "Số:      /QĐ-STP"
    assert number_symbol("", "QĐ-STP") == "Số:      /QĐ-STP"
    assert place_date("Quảng Ninh", None, year=2026) == "Quảng Ninh, ngày     tháng     năm 2026"
    assert place_date("Hà Nội", dt.date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert place_date("Hà Nội", dt.date(2026, 3, 9)) == "Hà Nội, ngày 09 tháng 3 năm 2026"
    result = docx.Document(
        BytesIO(render_docx(sample(number_symbol=number_symbol(None, "QĐ-STP"), date=None, year=2026)))
    )
    header = result.tables[0]
    assert texts(header.rows[1].cells[0].paragraphs) == ["Số:      /QĐ-STP"]
    assert texts(header.rows[1].cells[1].paragraphs) == ["Quảng Ninh, ngày     tháng     năm 2026"]


def test_special_characters_survive():
    tricky = "Về việc \"A & B\" <kiểm tra> 'nội bộ'"
    result = docx.Document(
        BytesIO(
            render_docx(
                sample(
                    summary=tricky,
                    body=[Paragraph("x < y & z > w"), BulletList(["a & b", "<c>"])],
                    recipients=['Phòng "A" & <B>'],
                )
            )
        )
    )
    body = texts(result.paragraphs)
    assert tricky in body
    assert "x < y & z > w" in body
    assert "- a & b" in body and "- <c>" in body
    assert texts(result.tables[1].rows[0].cells[0].paragraphs)[1] == '- Phòng "A" & <B>.'


def test_letter_without_title_puts_summary_under_number_and_skips_empty_parts():
    result = docx.Document(
        BytesIO(
            render_docx(
                sample(
                    kind_title="",
                    summary="V/v thông báo kết quả kiểm tra",
                    issuer_parent="",
                    signer_authority="",
                    signer_title="Giám đốc",
                    annexes=[],
                    body=["Kính gửi: Sở Khoa học và Công nghệ."],
                )
            )
        )
    )
    header = result.tables[0]
    assert texts(header.rows[0].cells[0].paragraphs) == ["SỞ TƯ PHÁP"]
    assert texts(header.rows[1].cells[0].paragraphs) == ["Số: 125/QĐ-STP", "V/v thông báo kết quả kiểm tra"]
    assert texts(result.paragraphs) == ["Kính gửi: Sở Khoa học và Công nghệ."]
    assert texts(result.tables[1].rows[0].cells[1].paragraphs) == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]
    assert len(result.tables) == 2


def test_committed_template_is_up_to_date(tmp_path: Path):
    fresh = docx_template.build_templates(tmp_path)[0]
    committed = officedoc.TEMPLATE_DIR / fresh.name
    parts = ["word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"]
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(committed) as old:
        for part in parts:
            if part in new.namelist():
                assert new.read(part) == old.read(part), f"{part} differs: run python -m qms.core.officedoc"


def test_docx_response_headers():
    response = docx_response(b"PK", "Quyết định công bố.docx")
    assert response["Content-Type"] == officedoc.DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="Quyet dinh cong bo.docx"; '
        "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20c%C3%B4ng%20b%E1%BB%91.docx"
    )
    assert response.content == b"PK"


def test_several_signatures_side_by_side_replace_the_signer_row():
    from qms.core.officedoc import Signature

    minutes = sample(
        kind_title="Biên bản",
        summary="Kiểm tra việc áp dụng, duy trì và cải tiến HTQLCL",
        recipients=[],
        signer_title="",
        signer_name="",
        annexes=[],
        signatures=[
            Signature(title="Đại diện cơ quan được kiểm tra", name="Nguyễn Văn Minh", note="(Ký, ghi rõ họ tên)"),
            Signature(title="Trưởng đoàn kiểm tra", name="Lê Văn Hùng", authority="TM. Đoàn kiểm tra"),
        ],
    )
    result = docx.Document(BytesIO(render_docx(minutes)))
    assert len(result.tables) == 2  # header and the signatures: no recipients | signer table
    titles, names = result.tables[1].rows
    left, right = titles.cells
    assert texts(left.paragraphs) == ["ĐẠI DIỆN CƠ QUAN ĐƯỢC KIỂM TRA", "(Ký, ghi rõ họ tên)"]
    assert texts(right.paragraphs) == ["TM. ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN KIỂM TRA"]
    assert left.paragraphs[1].runs[0].italic is True
    # Names on their own row: aligned whatever the length of the titles above them.
    assert [c.text for c in names.cells] == ["Nguyễn Văn Minh", "Lê Văn Hùng"]
    assert names.cells[1].paragraphs[0].style.name == "QMS Signer Name"
    assert "Nơi nhận:" not in texts(result.paragraphs)
    body = texts(result.paragraphs)
    assert not any("{{" in t or "{%" in t for t in body)


def test_signatures_with_recipients_list_them_below():
    from qms.core.officedoc import Signature

    result = docx.Document(
        BytesIO(
            render_docx(
                sample(
                    annexes=[],
                    recipients=["Sở Tư pháp", "Lưu: VT"],
                    signatures=[Signature(title="Thư ký"), Signature(title="Chủ trì", name="Trần Văn A")],
                )
            )
        )
    )
    body = texts(result.paragraphs)
    assert body[-3:] == ["Nơi nhận:", "- Sở Tư pháp;", "- Lưu: VT."]
    assert texts(result.tables[1].rows[0].cells[0].paragraphs) == ["THƯ KÝ"]
    assert [c.text for c in result.tables[1].rows[1].cells] == ["", "Trần Văn A"]


def test_headings_and_run_in_headings_stay_with_the_next_paragraph():
    result = docx.Document(
        BytesIO(
            render_docx(
                sample(
                    annexes=[],
                    body=[Heading("I. KẾT QUẢ"), Paragraph("1. Điểm", bold=True, keep_with_next=True), "Nội dung."],
                )
            )
        )
    )
    assert result.styles["QMS Heading"].paragraph_format.keep_with_next is True
    run_in = next(p for p in result.paragraphs if p.text == "1. Điểm")
    assert run_in.paragraph_format.keep_with_next is True
    plain = next(p for p in result.paragraphs if p.text == "Nội dung.")
    assert plain.paragraph_format.keep_with_next is None


def test_controlled_template_prints_only_the_body_and_annexes():
    """A process or guide: no motto, number, place and date or signature; its own tables instead."""
    result = docx.Document(
        BytesIO(
            render_docx(
                sample(
                    body=[
                        Table(header=["SỞ TƯ PHÁP", "QUY TRÌNH CẤP PHIẾU", "Mã hiệu: QT 01/HCTP"], rows=[]),
                        Paragraph("1. MỤC ĐÍCH", bold=True, indent=False),
                        "Quy định trình tự cấp Phiếu lý lịch tư pháp.",
                    ],
                    annexes=[],
                ),
                template="controlled.docx",
            )
        )
    )
    body = texts(result.paragraphs)
    assert body == ["1. MỤC ĐÍCH", "Quy định trình tự cấp Phiếu lý lịch tư pháp."]
    assert len(result.tables) == 1
    assert [c.text for c in result.tables[0].rows[0].cells] == [
        "SỞ TƯ PHÁP",
        "QUY TRÌNH CẤP PHIẾU",
        "Mã hiệu: QT 01/HCTP",
    ]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in body
    section = result.sections[0]
    assert (round(section.page_width.mm), round(section.left_margin.mm)) == (210, 30)


def test_every_committed_template_is_up_to_date(tmp_path: Path):
    parts = ["word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"]
    for fresh in docx_template.build_templates(tmp_path):
        committed = officedoc.TEMPLATE_DIR / fresh.name
        with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(committed) as old:
            for part in parts:
                if part in new.namelist():
                    assert new.read(part) == old.read(part), (
                        f"{fresh.name}: {part} differs: run python -m qms.core.officedoc"
                    )


# --- issuing bodies' names are never broken in the middle (item 2) ---------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _issuer_lines(document: docx.document.Document) -> list[tuple[str, float | None]]:
    """(line, size in pt) of the issuer cell, explicit line breaks splitting a paragraph."""
    lines = []
    for p in document.tables[0].rows[0].cells[0].paragraphs:
        if not p.text:
            continue
        size = p.runs[0].font.size.pt if p.runs and p.runs[0].font.size else p.style.font.size.pt
        lines += [(line, size) for line in p.text.split("\n")]
    return lines


def test_long_agency_names_stay_on_one_line_in_a_wide_enough_column():
    document = docx.Document(BytesIO(render_docx(sample(issuer="Sở Khoa học và Công nghệ"))))
    assert [line for line, _size in _issuer_lines(document)] == ["UBND TỈNH QUẢNG NINH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    left, right = docx_template.HEADER_COLUMNS_MM
    assert namefit.text_width_mm("SỞ KHOA HỌC VÀ CÔNG NGHỆ", 13, bold=True) < left
    assert namefit.text_width_mm(docx_template.MOTTO, 12, bold=True) < right
    widths = [int(c.get(f"{W}w")) for c in document.tables[0]._tbl.tblGrid.findall(f"{W}gridCol")]
    assert [round(w * 25.4 / 1440) for w in widths] == [left, right]


def test_a_name_too_long_breaks_only_between_its_parts():
    lines, size = namefit.fit_name("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", 74, size_pt=13, bold=True, min_pt=12)
    assert lines == ["SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"]
    lines, _size = namefit.fit_name("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", 60, size_pt=13, bold=True)
    assert lines == ["ỦY BAN NHÂN DÂN", "TỈNH BÀ RỊA - VŨNG TÀU"]
    # Shrinking comes before breaking; a name that fits is never broken.
    lines, size = namefit.fit_name("UBND TỈNH QUẢNG NINH", 57.5, size_pt=13, bold=True, min_pt=12)
    assert (lines, size) == (["UBND TỈNH QUẢNG NINH"], 12.5)
    document = docx.Document(BytesIO(render_docx(sample(issuer="Sở Nông nghiệp và Phát triển nông thôn"))))
    assert [line for line, _s in _issuer_lines(document)][1:] == ["SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"]


def test_name_cell_fits_each_line_in_a_table_column():
    cell = officedoc.name_cell([("UBND TỈNH QUẢNG NINH", False), ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", True)], 66)
    assert [line.text for line in cell.lines] == ["UBND TỈNH QUẢNG NINH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    room = 66 - 2 * docx_template.TABLE_CELL_MARGIN_MM
    for line in cell.lines:
        assert namefit.text_width_mm(line.text, line.size_pt or 13, bold=bool(line.bold)) < room


# --- table rows never split across pages; header rows repeat (item 3) ------------------------------


def _rows_of(data: bytes) -> list[tuple[bool, list[str]]]:
    """(is a bordered body table, child tags of each row's trPr) for every table row."""
    from lxml import etree

    with zipfile.ZipFile(BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rows = []
    for tbl in root.iter(f"{W}tbl"):
        style = tbl.find(f"{W}tblPr/{W}tblStyle")
        body = style is not None and style.get(f"{W}val") == "QMSTable"
        for i, tr in enumerate(tbl.findall(f"{W}tr")):
            tags = [el.tag.removeprefix(W) for el in (tr.find(f"{W}trPr") if tr.find(f"{W}trPr") is not None else [])]
            rows.append((body and i == 0, tags))
    return rows


def test_every_row_of_every_table_is_kept_whole_and_headers_repeat():
    document = sample(
        body=[*sample().body, Table(header=["TT", "Thời gian"], rows=[["1", "15/09/2026 - 16/09/2026"]])],
        signatures=[officedoc.Signature(title="Đại diện", name="A"), officedoc.Signature(title="Trưởng đoàn")],
    )
    rows = _rows_of(render_docx(document))
    assert len(rows) >= 8
    assert all("cantSplit" in tags for _header, tags in rows)
    headers = [tags for header, tags in rows if header]
    assert len(headers) == 2 and all("tblHeader" in tags for tags in headers)


def test_signature_titles_are_fitted_like_issuers():
    document = sample(
        signatures=[
            officedoc.Signature(title="Đại diện UBND phường Hạ Long", name="Bùi Quang Huy"),
            officedoc.Signature(title="Trưởng đoàn kiểm tra", name="Lê Văn Hùng"),
        ]
    )
    result = docx.Document(BytesIO(render_docx(document)))
    titles = next(t for t in result.tables if "TRƯỞNG ĐOÀN KIỂM TRA" in t.rows[0].cells[1].text)
    title = titles.rows[0].cells[0].paragraphs[0]
    lines, _size = namefit.fit_name("ĐẠI DIỆN UBND PHƯỜNG HẠ LONG", 82.5, size_pt=14, bold=True, min_pt=12)
    assert title.text.split("\n") == lines
    assert "HẠ\nLONG" not in title.text


def test_text_under_a_table_does_not_touch_it():
    document = sample(body=[Table(header=["TT", "Tên"], rows=[["1", "A"]]), Article(2, "Nội dung.")])
    body = docx.Document(BytesIO(render_docx(document))).element.body
    children = [el for el in body if el.tag in (f"{W}tbl", f"{W}p")]
    index = next(i for i, el in enumerate(children) if el.tag == f"{W}tbl" and "Tên" in "".join(el.itertext()))
    gap = children[index + 1]
    assert gap.tag == f"{W}p" and "".join(gap.itertext()) == ""
