"""Uploaded files: checked by content, text extracted for search, kept through Django's storage.

:func:`store_upload` refuses empty, too large, disallowed, mislabelled and corrupt files with a
Vietnamese message naming the file; :func:`file_response` streams a stored file back. Storage is
``default_storage`` (local disk under MEDIA_ROOT, or S3 when configured: see settings); files are
never served by URL, only through a view that has checked access to the file's owner first.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import StoredFile

logger = logging.getLogger(__name__)

TEXT_MAX_CHARS = 1_000_000  # extracted text kept for search
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuses zip bombs dressed as DOCX/XLSX


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extensions: frozenset[str]
    inline: bool = False  # browsers display it themselves (PDF, images)


TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("pdf", "PDF", "application/pdf", frozenset({".pdf"}), inline=True),
        FileType(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            frozenset({".docx"}),
        ),
        FileType(
            "xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", frozenset({".xlsx"})
        ),
        FileType("doc", "DOC", "application/msword", frozenset({".doc"})),
        FileType("xls", "XLS", "application/vnd.ms-excel", frozenset({".xls"})),
        FileType("png", "PNG", "image/png", frozenset({".png"}), inline=True),
        FileType("jpeg", "JPEG", "image/jpeg", frozenset({".jpg", ".jpeg"}), inline=True),
        FileType("tiff", "TIFF", "image/tiff", frozenset({".tif", ".tiff"})),
    )
}
DOCUMENT_TYPES = frozenset(TYPES)
IMAGE_TYPES = frozenset({"png", "jpeg", "tiff"})
# Types whose text cannot be extracted (scans, legacy binary Office): the UI says so.
NO_TEXT_TYPES = frozenset({"doc", "xls", "png", "jpeg", "tiff"})
INLINE_CONTENT_TYPES = frozenset(t.content_type for t in TYPES.values() if t.inline)

_D = str.maketrans({"đ": "d", "Đ": "D"})
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def _sniff(head: bytes) -> str | None:
    """The container a file's first bytes announce: pdf, zip, ole2, png, jpeg, tiff or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    return None


def clean_name(name: str) -> str:
    """The file's own name (no directories, no control characters, NFC, at most 255 characters)."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name or "tep"


def _allowed_labels(allowed: frozenset[str]) -> str:
    return ", ".join(TYPES[k].label for k in TYPES if k in allowed)


def _read_all(f: IO[bytes]) -> bytes:
    f.seek(0)
    return f.read()


def _zip_members(f: IO[bytes], name: str) -> set[str]:
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > ZIP_MAX_UNCOMPRESSED:
                raise ValidationError(
                    _("Tệp “%(name)s” giải nén ra quá lớn, không thể nhận.") % {"name": name}, code="too_large"
                )
            bad = archive.testzip()
            if bad is not None:
                raise zipfile.BadZipFile(bad)
            return {i.filename for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _corrupt(name) from exc


def _corrupt(name: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” bị hỏng hoặc không đọc được. Vui lòng kiểm tra lại tệp rồi tải lên lại.") % {"name": name},
        code="corrupt",
    )


def _detect(f: IO[bytes], name: str) -> str | None:
    """The type key of the file's content, or None when it is none of the known types."""
    f.seek(0)
    head = f.read(2048)
    container = _sniff(head)
    if container == "zip":
        members = _zip_members(f, name)
        if any(m.lower().endswith("vbaproject.bin") for m in members):
            return None  # macro-enabled Office files (.docm/.xlsm renamed) are not accepted
        if "word/document.xml" in members:
            return "docx"
        if "xl/workbook.xml" in members:
            return "xlsx"
        return None
    if container == "ole2":
        data = _read_all(f)
        if _WORD_STREAM in data:
            return "doc"
        if any(stream in data for stream in _EXCEL_STREAMS):
            return "xls"
        return None
    return container


def _cap(parts: list[str]) -> str:
    text = "\n".join(p for p in parts if p and p.strip())
    return text[:TEXT_MAX_CHARS]


def _text_docx(f: IO[bytes], name: str) -> str:
    import docx  # python-docx

    try:
        f.seek(0)
        document = docx.Document(f)
        parts: list[str] = [p.text for p in document.paragraphs]
        size = sum(len(p) for p in parts)
        for table in document.tables:
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    parts.append(cell.text)
                    size += len(cell.text)
            if size > TEXT_MAX_CHARS:
                break
    except ValidationError:
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed parts
        raise _corrupt(name) from exc
    return _cap(parts)


def _text_xlsx(f: IO[bytes], name: str) -> str:
    import openpyxl

    try:
        f.seek(0)
        workbook = openpyxl.load_workbook(f, read_only=True, data_only=True)
        parts: list[str] = []
        size = 0
        try:
            for sheet in workbook.worksheets:
                parts.append(sheet.title)
                for row in sheet.iter_rows(values_only=True):
                    line = " ".join(str(v) for v in row if v is not None and str(v).strip())
                    if line:
                        parts.append(line)
                        size += len(line)
                    if size > TEXT_MAX_CHARS:
                        break
                if size > TEXT_MAX_CHARS:
                    break
        finally:
            workbook.close()
    except Exception as exc:
        raise _corrupt(name) from exc
    return _cap(parts)


def _text_pdf(f: IO[bytes], name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        f.seek(0)
        reader = PdfReader(f, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("Tệp “%(name)s” được đặt mật khẩu: vui lòng tải lên bản không có mật khẩu.") % {"name": name},
                code="encrypted",
            )
        pages = reader.pages
        count = len(pages)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError, ... on broken files
        raise _corrupt(name) from exc
    if count == 0:
        raise _corrupt(name)
    parts: list[str] = []
    size = 0
    for index in range(count):
        try:
            page_text = pages[index].extract_text() or ""
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            logger.info("No text from page %s of %s: %s", index + 1, name, exc)
            continue
        parts.append(page_text)
        size += len(page_text)
        if size > TEXT_MAX_CHARS:
            break
    return _cap(parts)


def extract_text(kind: str, f: IO[bytes], name: str = "") -> str:
    """The searchable text of a file of type ``kind`` ("" for scans and legacy Office files);
    raises ValidationError when the file cannot be parsed."""
    if kind == "docx":
        return _text_docx(f, name)
    if kind == "xlsx":
        return _text_xlsx(f, name)
    if kind == "pdf":
        return _text_pdf(f, name)
    return ""


def _digest(f: IO[bytes]) -> tuple[str, int]:
    f.seek(0)
    h = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: f.read(1024 * 1024), b""):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def store_upload(upload: UploadedFile, *, actor: Any, allowed: frozenset[str] = DOCUMENT_TYPES) -> StoredFile:
    """Check ``upload`` and keep it: returns the saved :class:`StoredFile`.

    Refused with a ``ValidationError`` (Vietnamese message naming the file): an empty file, a file
    over ``settings.QMS_MAX_UPLOAD_BYTES``, content that is not one of ``allowed`` (detected from the
    bytes, never from the browser's content type), a name whose extension disagrees with the content
    (an .exe renamed .pdf, a zip renamed .docx), a corrupt or password-protected file. The file is
    written through ``default_storage`` under a random name; ``text`` holds the extracted text (empty
    for scans and legacy DOC/XLS). The storage write is not undone if the caller's transaction rolls
    back (an orphan file, harmless: nothing refers to it).
    """
    name = clean_name(upload.name or "")
    limit = int(settings.QMS_MAX_UPLOAD_BYTES)
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    f: IO[bytes] = upload.file  # type: ignore[assignment]
    sha256, size = _digest(f)
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng (0 byte).") % {"name": name}, code="empty")
    if size > limit:  # the announced size may differ from what arrived
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = _detect(f, name)
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” không thuộc loại được phép. Chỉ nhận: %(types)s.")
            % {"name": name, "types": _allowed_labels(allowed)},
            code="type",
        )
    file_type = TYPES[kind]
    extension = os.path.splitext(name)[1].lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            _(
                "Tên tệp “%(name)s” không khớp với nội dung (nội dung là tệp %(type)s). "
                "Vui lòng kiểm tra lại tệp, không đổi đuôi tệp."
            )
            % {"name": name, "type": file_type.label},
            code="mismatch",
        )
    text = extract_text(kind, f, name)
    stored = StoredFile(
        original_name=name,
        content_type=file_type.content_type,
        size=size,
        sha256=sha256,
        text=text,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    stored.file.save(name, upload, save=False)
    stored.save()
    return stored


def is_scan(stored: StoredFile) -> bool:
    """True when the file's text could not be extracted by design (image scans, DOC, XLS)."""
    return stored.content_type in {TYPES[k].content_type for k in NO_TEXT_TYPES}


def content_disposition(filename: str, *, inline: bool) -> str:
    """``attachment``/``inline`` with an ASCII fallback name and the RFC 5987 UTF-8 name."""
    decomposed = unicodedata.normalize("NFKD", filename.translate(_D))
    ascii_name = decomposed.encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'[\\"\x00-\x1f\x7f;]', "_", ascii_name).strip() or "tep"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(stored: StoredFile, *, inline: bool = False) -> FileResponse:
    """Stream ``stored`` to the browser under its original name.

    The caller MUST have checked that the user may read the file's owner (document, legal text,
    evidence) first: this function checks nothing. ``inline=True`` lets the browser show PDFs and
    images itself; every other type is always a download. ``X-Content-Type-Options: nosniff`` stops
    a browser from reinterpreting the bytes.
    """
    show_inline = inline and stored.content_type in INLINE_CONTENT_TYPES
    handle = stored.file.open("rb")
    response = FileResponse(handle, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition(stored.original_name, inline=show_inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    if stored.size and "Content-Length" not in response:
        response["Content-Length"] = str(stored.size)
    return response
