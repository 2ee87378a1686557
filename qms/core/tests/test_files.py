"""Uploads (qms.core.files): type by content, size limits, corrupt files, text extraction, storage,
and the download response."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from qms.core import files
from qms.core.models import StoredFile
from qms.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- builders ------------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Quy trình tiếp nhận hồ sơ", level=1)
    document.add_paragraph("Bước 1: Công chức kiểm tra tính đầy đủ của hồ sơ.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Trách nhiệm"
    table.cell(0, 1).text = "Bộ phận một cửa"
    table.cell(1, 0).text = "Thời hạn"
    table.cell(1, 1).text = "Đăng ký trong ngày"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Mục tiêu"
    sheet.append(["Mục tiêu chất lượng", "Chỉ tiêu"])
    sheet.append(["Hồ sơ giải quyết đúng hạn", 0.98])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_pdf(text: str = "Quy trinh tiep nhan ho so", pages: int = 1) -> bytes:
    """A small PDF with a real text layer (Helvetica, ASCII), offsets computed."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(pages)]
    font_id = 3 + 2 * pages
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>")
    for i, page_id in enumerate(page_ids):
        stream = f"BT /F1 12 Tf 72 720 Td ({text} {i + 1}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_id + 1} 0 R"
            f" /Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 40
LEGACY_DOC = files.OLE2_MAGIC + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
LEGACY_XLS = files.OLE2_MAGIC + b"\x00" * 500 + "Workbook".encode("utf-16-le") + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    return out.getvalue()


def macro_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source, zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_paths(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def refused(name: str, content: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        files.store_upload(upload(name, content), actor=None, **kwargs)
    assert StoredFile.objects.count() == 0
    return info.value


# --- accepted files ------------------------------------------------------------------------------


def test_docx_is_stored_with_its_text_hash_and_size(media: Path) -> None:
    user = UserFactory()
    content = make_docx()
    stored = files.store_upload(upload("Quy trình tiếp nhận.docx", content, "text/plain"), actor=user)
    stored.refresh_from_db()
    assert stored.original_name == "Quy trình tiếp nhận.docx"
    assert stored.content_type == files.TYPES["docx"].content_type  # from the content, not the browser
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.uploaded_by == user
    for words in ("Quy trình tiếp nhận hồ sơ", "kiểm tra tính đầy đủ", "Bộ phận một cửa", "Đăng ký trong ngày"):
        assert words in stored.text
    # Written through default_storage under a random name, never the user's.
    assert default_storage.exists(stored.file.name)
    assert "Quy" not in stored.file.name and stored.file.name.startswith(f"files/{stored.sha256[:2]}/")
    on_disk = stored_paths(media)
    assert len(on_disk) == 1 and on_disk[0].read_bytes() == content
    assert not files.is_scan(stored)


def test_pdf_text_is_extracted_from_every_page() -> None:
    content = make_pdf(pages=3)
    assert "Quy trinh" in PdfReader(io.BytesIO(content)).pages[0].extract_text()  # the builder is sound
    stored = files.store_upload(upload("quy-trinh.PDF", content), actor=None)
    assert stored.content_type == "application/pdf"
    assert stored.uploaded_by is None
    for page in (1, 2, 3):
        assert f"Quy trinh tiep nhan ho so {page}" in stored.text


def test_extracted_text_is_capped(monkeypatch) -> None:
    monkeypatch.setattr(files, "TEXT_MAX_CHARS", 40)
    stored = files.store_upload(upload("a.pdf", make_pdf(pages=5)), actor=None)
    assert len(stored.text) == 40


def test_xlsx_cells_become_text() -> None:
    stored = files.store_upload(upload("muc-tieu.xlsx", make_xlsx()), actor=None)
    assert "Hồ sơ giải quyết đúng hạn" in stored.text and "Mục tiêu chất lượng" in stored.text


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.png", PNG, "png"),
        ("scan.jpg", JPEG, "jpeg"),
        ("scan.JPEG", JPEG, "jpeg"),
        ("scan.tif", TIFF, "tiff"),
        ("cu.doc", LEGACY_DOC, "doc"),
        ("cu.xls", LEGACY_XLS, "xls"),
    ],
)
def test_scans_and_legacy_office_files_are_kept_without_text(name: str, content: bytes, kind: str) -> None:
    stored = files.store_upload(upload(name, content), actor=None)
    assert stored.content_type == files.TYPES[kind].content_type
    assert stored.text == ""
    assert files.is_scan(stored)


def test_a_path_in_the_name_is_dropped() -> None:
    stored = files.store_upload(upload("C:\\fakepath\\Biểu mẫu\x07 01.pdf", make_pdf()), actor=None)
    assert stored.original_name == "Biểu mẫu 01.pdf"


# --- refused files -------------------------------------------------------------------------------


def test_too_large_a_file_is_refused_naming_it(settings, media: Path) -> None:
    settings.QMS_MAX_UPLOAD_BYTES = 100
    error = refused("Sổ tay.pdf", make_pdf())
    assert "Sổ tay.pdf" in error.messages[0] and "vượt quá giới hạn" in error.messages[0]
    assert error.code == "too_large"
    assert stored_paths(media) == []


def test_the_default_limit_is_25_mb(settings) -> None:
    from django.conf import settings as live

    assert live.QMS_MAX_UPLOAD_BYTES == 25 * 1024 * 1024


def test_empty_file_is_refused() -> None:
    error = refused("rong.pdf", b"")
    assert "rong.pdf" in error.messages[0] and "rỗng" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", EXE),
        ("virus.pdf", EXE),  # an executable renamed .pdf
        ("trang.html", HTML),
        ("trang.pdf", HTML),
        ("nen.zip", plain_zip()),
        ("nen.docx", plain_zip()),  # a zip renamed .docx
        ("ghi-chu.txt", "Quy trình".encode()),
        ("thu.msg", files.OLE2_MAGIC + b"\x00" * 600),  # OLE2 but neither Word nor Excel
        ("macro.docx", macro_docx()),  # a .docm renamed
    ],
)
def test_types_not_allowed_are_refused_by_content(name: str, content: bytes) -> None:
    error = refused(name, content)
    assert error.code == "type"
    assert name in error.messages[0] and "PDF, DOCX" in error.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quy-trinh.docx", make_pdf()),
        ("quy-trinh.pdf", make_docx()),
        ("anh.pdf", PNG),
        ("bang.docx", make_xlsx()),
        ("cu.xls", LEGACY_DOC),
        ("khong-duoi", make_pdf()),
    ],
)
def test_an_extension_that_disagrees_with_the_content_is_refused(name: str, content: bytes) -> None:
    error = refused(name, content)
    assert error.code == "mismatch"
    assert name in error.messages[0]


def test_allowed_types_can_be_narrowed() -> None:
    error = refused("anh.png", PNG, allowed=frozenset({"pdf", "docx"}))
    assert error.code == "type"
    assert "Chỉ nhận: PDF, DOCX." in error.messages[0]


def corrupt_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>not xml at all")
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="matkhau", owner_password="chu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("hong.docx", corrupt_docx(), "corrupt"),
        ("cut.docx", make_docx()[:2000], "corrupt"),  # truncated: no central directory
        ("cut.xlsx", make_xlsx()[:-40], "corrupt"),
        ("hong.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "corrupt"),
        ("mat-khau.pdf", encrypted_pdf(), "encrypted"),
    ],
)
def test_corrupt_and_locked_files_are_refused(name: str, content: bytes, code: str, media: Path) -> None:
    error = refused(name, content)
    assert error.code == code
    assert name in error.messages[0]
    assert stored_paths(media) == []


def test_a_pdf_whose_owner_password_opens_with_an_empty_user_password_is_accepted() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="", owner_password="chu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    stored = files.store_upload(upload("khoa-sua.pdf", out.getvalue()), actor=None)
    assert "Quy trinh" in stored.text


# --- download ------------------------------------------------------------------------------------


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_file_response_is_an_attachment_with_the_vietnamese_name() -> None:
    content = make_docx()
    stored = files.store_upload(upload("Quy trình số 1.docx", content), actor=None)
    response = files.file_response(stored)
    assert response["Content-Type"] == files.TYPES["docx"].content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="Quy trinh so 1.docx"' in disposition
    assert "filename*=UTF-8''Quy%20tr%C3%ACnh%20s%E1%BB%91%201.docx" in disposition
    assert body_of(response) == content
    # inline is only for what browsers display themselves
    assert files.file_response(stored, inline=True)["Content-Disposition"].startswith("attachment; ")


def test_pdf_and_images_may_be_shown_inline() -> None:
    pdf = files.store_upload(upload("a.pdf", make_pdf()), actor=None)
    png = files.store_upload(upload("a.png", PNG), actor=None)
    tif = files.store_upload(upload("a.tif", TIFF), actor=None)
    assert files.file_response(pdf, inline=True)["Content-Disposition"].startswith("inline; ")
    assert files.file_response(png, inline=True)["Content-Disposition"].startswith("inline; ")
    assert files.file_response(tif, inline=True)["Content-Disposition"].startswith("attachment; ")
    assert files.file_response(pdf)["Content-Disposition"].startswith("attachment; ")


def test_content_disposition_escapes_quotes_and_control_characters() -> None:
    header = files.content_disposition('a"b;c\r\n.pdf', inline=False)
    assert "\r" not in header and "\n" not in header
    assert 'filename="a_b_c__.pdf"' in header


# --- storage configuration -----------------------------------------------------------------------


def _storages_with(env: dict[str, str]) -> str:
    code = "import config.settings as s; print(s.STORAGES['default']['BACKEND']); print(s.STORAGES['default'].get('OPTIONS', {}).get('bucket_name'))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("QMS_S3_", "QMS_FILE_STORAGE"))},
            "QMS_TESTING": "1",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    return result.stdout


def test_storage_is_local_disk_by_default_and_s3_when_a_bucket_is_set() -> None:
    env: dict[str, str] = {}
    assert _storages_with(env).startswith("django.core.files.storage.FileSystemStorage")
    pytest.importorskip("storages")
    out = _storages_with({**env, "QMS_S3_BUCKET": "iso-hoso", "QMS_S3_ENDPOINT_URL": "https://s3.example.vn"})
    assert out.splitlines() == ["storages.backends.s3.S3Storage", "iso-hoso"]
