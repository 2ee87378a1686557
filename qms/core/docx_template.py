"""The Word templates of :mod:`qms.core.officedoc`, built reproducibly: the page (A4, Decree 30
margins, Times New Roman), the named styles, the fixed header and signature tables, and the row
settings every generated table shares. ``python -m qms.core.officedoc`` rewrites docx_templates/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH

TEMPLATE_DIR = Path(__file__).resolve().parent / "docx_templates"
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _row_flag(row: Any, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(f"w:{name}")) is None:
        flag = OxmlElement(f"w:{name}")
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)


def keep_rows_whole(table: Any) -> None:
    """No row of ``table`` breaks across pages (a date range, a name, a step stay on one page)."""
    for row in table.rows:
        _row_flag(row, "cantSplit")


def repeat_header(row: Any) -> None:
    """The header row is repeated at the top of every page the table runs onto."""
    _row_flag(row, "tblHeader")


PAGE_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # Decree 30: 20-25/20-25/30-35/15-20
TEXT_WIDTH_MM = 210 - PAGE_MARGINS_MM["left"] - PAGE_MARGINS_MM["right"]  # A4 is 210 x 297 mm
FONT = "Times New Roman"
# The issuing body's column is wide enough for "SỞ KHOA HỌC VÀ CÔNG NGHỆ" on one line at 13 pt; the
# motto's keeps "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (88 mm at 12 pt bold) on one line.
HEADER_COLUMNS_MM = (74, TEXT_WIDTH_MM - 74)
TABLE_CELL_MARGIN_TWIPS = 85  # left and right padding of body table cells (1.5 mm)
TABLE_CELL_MARGIN_MM = TABLE_CELL_MARGIN_TWIPS * 25.4 / 1440
SIGNATURE_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUBTITLE = "Độc lập - Tự do - Hạnh phúc"

# name: (size pt, bold, italic, align, first-line indent mm, space before pt, space after pt)
_STYLES: dict[str, tuple[float, bool, bool, str, float, float, float]] = {
    "QMS Body": (14, False, False, "justify", 10, 0, 6),
    "QMS Heading": (14, True, False, "center", 0, 6, 6),
    "QMS Issuer Parent": (13, False, False, "center", 0, 0, 0),
    "QMS Issuer": (13, True, False, "center", 0, 0, 0),
    "QMS Number": (13, False, False, "center", 0, 6, 0),
    "QMS Letter Summary": (12, False, False, "center", 0, 6, 12),
    "QMS Motto": (12, True, False, "center", 0, 0, 0),
    "QMS Motto Subtitle": (13, True, False, "center", 0, 0, 0),
    "QMS Place Date": (14, False, True, "center", 0, 6, 0),
    "QMS Title": (14, True, False, "center", 0, 24, 0),
    "QMS Summary": (14, True, False, "center", 0, 0, 0),
    "QMS Rule": (2, False, False, "center", 0, 3, 12),
    "QMS Table Header": (13, True, False, "center", 0, 3, 3),
    "QMS Table Text": (13, False, False, "left", 0, 3, 3),
    "QMS Recipients Title": (12, True, True, "left", 0, 0, 0),
    "QMS Recipients": (11, False, False, "left", 0, 0, 0),
    "QMS Signer Authority": (14, True, False, "center", 0, 0, 0),
    "QMS Signer Title": (14, True, False, "center", 0, 0, 0),
    "QMS Signer Note": (13, False, True, "center", 0, 0, 0),
    "QMS Signer Name": (14, True, False, "center", 0, 84, 0),
    "QMS Annex Label": (14, True, False, "center", 0, 0, 0),
    "QMS Annex Title": (14, True, False, "center", 0, 0, 0),
    "QMS Annex Subtitle": (14, False, True, "center", 0, 0, 0),
    "QMS Page Number": (13, False, False, "center", 0, 0, 0),
}


def _set_fonts(element: Any, name: str = FONT) -> None:
    """All four font slots (ASCII, high ANSI incl. Vietnamese, complex script, East Asian)."""
    from docx.oxml.ns import qn

    r_pr = element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)


def rule_under(paragraph: Any, length_mm: float, width_mm: float) -> Any:
    """Turn ``paragraph`` into a centred solid line ``length_mm`` long in a ``width_mm`` space."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    side = max((width_mm - length_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # pBdr must precede spacing/ind/jc in CT_PPr's sequence.
    anchor = p_pr.find(qn("w:spacing"))
    if anchor is None:
        anchor = p_pr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)
    return paragraph


def borderless(table: Any, widths_mm: Sequence[float]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False  # w:tblLayout fixed
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    # CT_TblPr order: ... tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook.
    layout = tbl_pr.find(qn("w:tblLayout"))
    layout.addprevious(borders)
    layout.addnext(margins)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    keep_rows_whole(table)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # The document defaults too, so runs outside the QMS styles stay in Times New Roman.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr_default = defaults.find(qn("w:rPrDefault"))
        if r_pr_default is not None and r_pr_default.find(qn("w:rPr")) is not None:
            fonts = r_pr_default.find(qn("w:rPr")).get_or_add_rFonts()
            for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(slot), FONT)
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                fonts.attrib.pop(qn(theme), None)
    for name, (size, bold, italic, align, indent, before, after) in _STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[align]
        fmt.first_line_indent = Mm(indent)
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        if name == "QMS Rule":
            fmt.line_spacing = Pt(size)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        if name in {"QMS Recipients Title", "QMS Signer Authority", "QMS Heading"}:
            fmt.keep_with_next = True
        if name.startswith("QMS Table"):
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # A bordered table style for body tables, restylable in Word ("QMS Table").
    table_style = document.styles.add_style("QMS Table", WD_STYLE_TYPE.TABLE)
    table_style.base_style = None
    tbl_pr = OxmlElement("w:tblPr")
    table_style.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(TABLE_CELL_MARGIN_TWIPS))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def _page_number_header(section: Any) -> None:
    """Decree 30: page numbers centred at the top from the second page on."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.style = "QMS Page Number"
    field_el = OxmlElement("w:fldSimple")
    field_el.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field_el.append(run)
    p._p.append(field_el)


def _new_document(title: str) -> Any:
    """An empty A4 document with the QMS styles, Decree 30 margins and page numbers."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    _styles(document)
    core = document.core_properties
    core.author = "ISO điện tử"
    core.title = title
    core.created = core.modified = dt.datetime(2026, 1, 1)
    core.last_modified_by = "ISO điện tử"
    core.revision = 1

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(PAGE_MARGINS_MM["top"])
    section.bottom_margin = Mm(PAGE_MARGINS_MM["bottom"])
    section.left_margin = Mm(PAGE_MARGINS_MM["left"])
    section.right_margin = Mm(PAGE_MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    _page_number_header(section)
    return document


def build_administrative_template() -> Any:
    """The python-docx ``Document`` of ``administrative.docx`` (Jinja tags for docxtpl inside)."""
    document = _new_document("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")

    # Header: issuing body | national motto; number | place and date.
    left_mm, right_mm = HEADER_COLUMNS_MM
    header = document.add_table(rows=2, cols=2)
    borderless(header, HEADER_COLUMNS_MM)
    issuer_cell, motto_cell = header.rows[0].cells
    number_cell, date_cell = header.rows[1].cells

    def cell_lines(cell: Any, lines: list[tuple[str, str]]) -> list[Any]:
        paragraphs = [cell.paragraphs[0]]
        paragraphs += [cell.add_paragraph() for _ in lines[1:]]
        for p, (text, style) in zip(paragraphs, lines, strict=True):
            p.style = document.styles[style]
            if text:
                p.add_run(text)
        return paragraphs

    issuer_lines = cell_lines(
        issuer_cell,
        [
            ("{%p if issuer_parent %}", "QMS Issuer Parent"),
            ("{{r issuer_parent_lines }}", "QMS Issuer Parent"),
            ("{%p endif %}", "QMS Issuer Parent"),
            ("{{r issuer_lines }}", "QMS Issuer"),
            ("", "QMS Rule"),
        ],
    )
    rule_under(issuer_lines[-1], 22, left_mm)
    motto_lines = cell_lines(
        motto_cell,
        [(MOTTO, "QMS Motto"), (MOTTO_SUBTITLE, "QMS Motto Subtitle"), ("", "QMS Rule")],
    )
    rule_under(motto_lines[-1], 57, right_mm)
    cell_lines(
        number_cell,
        [
            ("{{ number_symbol }}", "QMS Number"),
            ("{%p if letter_summary %}", "QMS Letter Summary"),
            ("{{ letter_summary }}", "QMS Letter Summary"),
            ("{%p endif %}", "QMS Letter Summary"),
        ],
    )
    cell_lines(date_cell, [("{{ place_date }}", "QMS Place Date")])

    # Kind and summary (decisions, minutes, notices); a letter has neither.
    document.add_paragraph("{%p if kind_title %}", style="QMS Title")
    document.add_paragraph("{{ kind_title }}", style="QMS Title")
    document.add_paragraph("{{ summary }}", style="QMS Summary")
    rule_under(document.add_paragraph(style="QMS Rule"), 40, TEXT_WIDTH_MM)
    document.add_paragraph("{%p endif %}", style="QMS Title")
    document.add_paragraph("{{p body }}", style="QMS Body")

    document.add_paragraph(style="QMS Rule")  # a gap before the signature (no line: no border)

    # Several signatures side by side (built by render_docx), or recipients | signature.
    document.add_paragraph("{%p if signatures %}", style="QMS Body")
    document.add_paragraph("{{p signatures }}", style="QMS Body")
    document.add_paragraph("{%p else %}", style="QMS Body")
    signature = document.add_table(rows=1, cols=2)
    borderless(signature, SIGNATURE_COLUMNS_MM)
    recipients_cell, signer_cell = signature.rows[0].cells
    cell_lines(
        recipients_cell,
        [
            ("{%p if recipients %}", "QMS Recipients Title"),
            ("Nơi nhận:", "QMS Recipients Title"),
            ("{%p for line in recipients %}", "QMS Recipients"),
            ("{{ line }}", "QMS Recipients"),
            ("{%p endfor %}", "QMS Recipients"),
            ("{%p endif %}", "QMS Recipients"),
        ],
    )
    cell_lines(
        signer_cell,
        [
            ("{%p if signer_authority %}", "QMS Signer Authority"),
            ("{{ signer_authority }}", "QMS Signer Authority"),
            ("{%p endif %}", "QMS Signer Authority"),
            ("{{ signer_title }}", "QMS Signer Title"),
            ("{{ signer_name }}", "QMS Signer Name"),
        ],
    )
    document.add_paragraph("{%p endif %}", style="QMS Body")
    document.add_paragraph("{{p annexes }}", style="QMS Body")
    return document


def build_controlled_template() -> Any:
    """``controlled.docx``: a controlled document of a management system (a process, a guide, a
    manual) in the same page, styles and page numbers, without the Decree 30 header, motto and
    signature: its body carries its own identification and responsibility tables (``Table``
    blocks). Of the :class:`AdministrativeDocument` only ``body`` and ``annexes`` are printed."""
    document = _new_document("Tài liệu hệ thống quản lý chất lượng")
    document.add_paragraph("{{p body }}", style="QMS Body")
    document.add_paragraph("{{p annexes }}", style="QMS Body")
    return document


TEMPLATES = {"administrative.docx": build_administrative_template, "controlled.docx": build_controlled_template}


def build_templates(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every template of :data:`TEMPLATES` into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in TEMPLATES.items():
        path = directory / name
        builder().save(str(path))
        written.append(path)
    return written
