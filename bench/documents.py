"""Documents, revisions, citations and search entries for the bench sizes (DESIGN §7).

``generate_documents(size, seed)`` runs after ``bench.generate`` made the organisations and users.
For every current agency (historical districts and communes get none) it writes what the QMS of a
Vietnamese agency holds (mô hình khung 101/QĐ-BKHCN):

* the quality manual ``STCL/<A>``, policy ``CSCL/<A>``, objectives ``MTCL/<A>`` and the 7 system
  procedures ``QT 01/<A>`` … ``QT 07/<A>`` (kiểm soát tài liệu, hồ sơ, đánh giá nội bộ, …);
* internal processes (10-20 for a commune, 15-35 otherwise), then one process per administrative
  procedure (TTHC) of its sectors (50-100 for a commune, 45-130 otherwise), e.g. "Quy trình giải
  quyết thủ tục cấp lại giấy phép xây dựng", the real names of ``tthc-catalogue-sample.csv`` among
  them; ``<A>`` is the agency's short code (``STP``, ``UBND-TL``);
* the forms of each process, ``BM.01-QT12`` "Phiếu kiểm soát quá trình giải quyết hồ sơ" (1-4 per
  TTHC process, 0-2 per internal one), and 2-8 guidance documents ``HD 01/<A>``.

About 345 documents per agency: ~38,500 for the province, ~1.5 million for the nation. Each has 1-3
revisions, older ones superseded and the latest effective; 60 % of the documents of agencies older
than the 2025 reorganisation were re-issued after it. ~5 % are drafts (one draft revision, no
current revision), ~2 % were withdrawn (obsolete). Revision texts are Vietnamese, built from the
phrase pools of ``bench/doc_catalogue.py``: purpose, scope, the legal texts it cites, abbreviations,
dossier, time limit, steps ("Bước 1: Tiếp nhận hồ sơ. … Thời gian: 0,5 ngày làm việc. …"), forms,
records kept; ~2.5 KB for a process, ~0.6 KB for a form.

Each process cites 2-5 texts of the register (``bench/legal_register.py``; ~44,000 citations for
the province): those it was based on when its latest revision was drafted, so one issued before a
replacement took effect still cites the old text (61/2018/NĐ-CP, replaced by 118/2025/NĐ-CP on
01/7/2025) and owes a legal-update obligation. No obligations are written:
``legal_obligations_sync`` derives them (~6,000 for province 22).

Every document and legal text gets its search entry, as ``documents.services._reindex`` and
``legal.services._index`` write them. Dates are relative to the fixed ``AS_OF`` day, so the data set
does not depend on the clock. Revision decisions, distributions and change requests are not
generated.

Writing (``bench/loaders.py``): primary keys are allocated here. SQLite: raw ``executemany`` and,
for search entries, ``qms.core.search.bulk_upsert`` (it fills the FTS5 table), in one transaction.
PostgreSQL: ``COPY`` from background connections while the rows are being built, foreign-key
triggers off (``session_replication_role = replica``), secondary indexes dropped and rebuilt, then
``VACUUM (ANALYZE)``. Nation size is PostgreSQL-only: on SQLite it writes nothing and says why.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime as dt
import random
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import doc_catalogue as cat
from .generate import ascii_slug
from .legal_register import (
    AS_OF,
    OLDEST,
    REFORM,
    Register,
    Text,
    at,
    build_register,
    signed,
    write_register,
)
from .loaders import PgLoader, SqliteLoader

TTHC_SAMPLE = Path("/work/shared/data/tthc-catalogue-sample.csv")
CHUNK_DOCUMENTS = 25_000  # rows are flushed per ~this many documents
REISSUE_SHARE = 0.6  # documents of older agencies re-issued since the reform


@dataclass(frozen=True)
class DocProfile:
    internal: tuple[int, int]
    tthc: tuple[int, int]


PROFILES = {
    "commune": DocProfile(internal=(10, 20), tthc=(50, 100)),
    "other": DocProfile(internal=(15, 35), tthc=(45, 130)),
}
FORMS_PER_TTHC = (1, 4)
FORMS_PER_INTERNAL = (0, 2)
GUIDANCE = (2, 8)
DRAFT_SHARE = 0.05
OBSOLETE_SHARE = 0.02


# --- small helpers ------------------------------------------------------------------------------


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last))


def _half_days(n: int) -> str:
    whole, half = divmod(n, 2)
    return f"{whole},5" if half else f"{whole}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s,\-]+", name) if w]
    return "".join(ascii_slug(w)[:1] for w in words).upper()


# --- per-agency plan ----------------------------------------------------------------------------


@dataclass
class Agency:
    pk: int
    path: str
    name: str
    kind: str
    code: str
    short_name: str
    province: str
    sectors: tuple[str, ...]
    valid_from: dt.date
    units: list[tuple[int, str, str]]  # (pk, path, name)
    secretary: int | None
    leader: int | None


def _tthc_pool() -> dict[str, list[str]]:
    """Procedure names by sector: the real catalogue names and generated verb + object ones."""
    from qms.core.text import fold

    pool: dict[str, list[str]] = defaultdict(list)
    with TTHC_SAMPLE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = re.sub(r"^Thủ tục\s+", "", row["name"].strip())
            if not name or len(name) > 300:
                continue
            folded = fold(row["field"])
            sector = next((s for k, s in cat.FIELD_SECTORS.items() if k in folded), None)
            if sector is None and row["level"] == "xã":
                sector = "tuphap"
            if sector is not None and name not in pool[sector]:
                pool[sector].append(_lower_first(name))
    for key, _sector, _m, _ministry, _law, objects in cat.SECTORS:
        for obj in objects:
            for verb in cat.PROCEDURE_VERBS:
                pool[key].append(f"{verb.lower()} {obj}")
    return pool


@dataclass
class Rows:
    documents: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def renew(self) -> None:
        """Fresh lists: the written ones may still be in a loader's queue."""
        self.documents, self.revisions, self.citations, self.entries = [], [], [], []


@dataclass
class Counters:
    document: int
    revision: int
    citation: int
    entry: int
    documents: int = 0
    revisions: int = 0
    citations: int = 0
    drafts: int = 0
    obsolete: int = 0
    content_bytes: int = 0
    per_agency: dict[int, int] = field(default_factory=dict)


class Builder:
    """Generates one agency's documents into ``rows`` (ids from ``counters``)."""

    def __init__(
        self,
        rng: random.Random,
        register: Register,
        counters: Counters,
        rows: Rows,
        document_type_id: int,
        tthc: dict[str, list[str]],
    ) -> None:
        from qms.core.text import fold

        self.rng = rng
        self.register = register
        self.c = counters
        self.rows = rows
        self.document_type_id = document_type_id
        self.tthc = tthc
        self.fold = fold
        self._fold_cache: dict[str, str] = {}

    def folded(self, text: str) -> str:
        cached = self._fold_cache.get(text)
        if cached is None:
            cached = self.fold(text)
            if len(self._fold_cache) < 200_000:
                self._fold_cache[text] = cached
        return cached

    # -- texts ----------------------------------------------------------------------------------

    def _refs(self, texts: Sequence[Text]) -> list[str]:
        return [f"- {t.cite()};" for t in texts]

    def tthc_text(
        self, a: Agency, unit: str, title: str, obj: str, refs: Sequence[Text], forms: Sequence[str], days: int
    ) -> str:
        rng = self.rng
        agency = a.name
        purposes = rng.sample(cat.PURPOSES, 2)
        scopes = rng.sample(cat.SCOPES, 2)
        lines = [
            title.upper(),
            "",
            "1. MỤC ĐÍCH",
            *(p.format(obj=obj, agency=agency) for p in purposes),
            "",
            "2. PHẠM VI ÁP DỤNG",
            *(s.format(obj=obj, agency=agency, unit=unit) for s in scopes),
            "",
            "3. TÀI LIỆU VIỆN DẪN",
            "- Tiêu chuẩn quốc gia TCVN ISO 9001:2015 Hệ thống quản lý chất lượng - Các yêu cầu;",
            *self._refs(refs),
            "",
            "4. ĐỊNH NGHĨA, TỪ VIẾT TẮT",
            *(f"- {x};" for x in rng.sample(cat.ABBREVIATIONS, rng.randint(3, 5))),
            "",
            "5. NỘI DUNG QUY TRÌNH",
            f"5.1. Điều kiện thực hiện: {rng.choice(cat.CONDITIONS)}",
            "5.2. Thành phần hồ sơ:",
            *(f"- {x};" for x in rng.sample(cat.DOSSIER_ITEMS, rng.randint(2, 5))),
            "5.3. Số lượng hồ sơ: 01 (một) bộ.",
            f"5.4. Thời hạn giải quyết: {days:02d} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
            f"5.5. Nơi tiếp nhận và trả kết quả: {rng.choice(cat.PLACES).format(agency=agency)}.",
            f"5.6. Phí, lệ phí: {rng.choice(cat.FEES).format(fee=rng.choice((50, 100, 150, 200, 500)))}.",
            "5.7. Trình tự xử lý công việc:",
        ]
        steps = cat.TTHC_STEPS if days > 3 else [s for s in cat.TTHC_STEPS if s[2] != 1 or s[0] != "Chuyển hồ sơ"]
        fixed = sum(s[2] or 0 for s in steps)
        rest = max(1, days * 2 - fixed)
        for n, (name, who, halves, what) in enumerate(steps, start=1):
            when = "Giờ hành chính theo Giấy hẹn" if halves == 0 else f"{_half_days(halves or rest)} ngày làm việc"
            lines.append(f"Bước {n}: {name}. Trách nhiệm: {who}. Thời gian: {when}. {what}")
        lines += ["", "6. BIỂU MẪU", *(f"- {f};" for f in forms)]
        lines += [
            "",
            "7. HỒ SƠ CẦN LƯU",
            "- Hồ sơ đề nghị của tổ chức, cá nhân và các biểu mẫu nêu tại Mục 6;",
            "- Kết quả giải quyết thủ tục hành chính hoặc văn bản trả lời;",
            f"Thời gian lưu: {rng.choice(cat.RETENTION)}. Hồ sơ được lưu tại {unit}, sau đó chuyển lưu trữ "
            "cơ quan theo quy định.",
        ]
        return "\n".join(lines)

    def internal_text(self, a: Agency, unit: str, title: str, refs: Sequence[Text], forms: Sequence[str]) -> str:
        rng = self.rng
        obj = _lower_first(title.removeprefix("Quy trình ").strip())
        lines = [
            title.upper(),
            "",
            "1. MỤC ĐÍCH",
            *(p.format(obj=obj, agency=a.name) for p in rng.sample(cat.PURPOSES, 2)),
            "",
            "2. PHẠM VI ÁP DỤNG",
            f"Quy trình này áp dụng tại {a.name}. {unit} chủ trì, các phòng, bộ phận có liên quan phối hợp.",
            "",
            "3. TÀI LIỆU VIỆN DẪN",
            *self._refs(refs),
            "",
            "4. ĐỊNH NGHĨA, TỪ VIẾT TẮT",
            *(f"- {x};" for x in rng.sample(cat.ABBREVIATIONS, 3)),
            "",
            "5. NỘI DUNG QUY TRÌNH",
        ]
        for n, (name, what) in enumerate(rng.sample(cat.INTERNAL_STEPS, rng.randint(4, 6)), start=1):
            when = f"{_half_days(rng.choice((1, 2, 2, 4, 6, 10)))} ngày làm việc"
            lines.append(f"Bước {n}: {name}. Trách nhiệm: {unit}. Thời gian: {when}. {what}")
        if forms:
            lines += ["", "6. BIỂU MẪU", *(f"- {f};" for f in forms)]
        lines += ["", "7. HỒ SƠ CẦN LƯU", f"Thời gian lưu: {rng.choice(cat.RETENTION)}."]
        return "\n".join(lines)

    def form_text(self, a: Agency, code: str, title: str, process_code: str) -> str:
        rng = self.rng
        return "\n".join(
            [
                f"{a.name.upper()}",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "",
                title.upper(),
                f"(Mẫu {code} ban hành kèm theo quy trình {process_code})",
                "",
                *rng.sample(cat.FORM_FIELDS, rng.randint(4, 7)),
                "",
                f"{a.name.removeprefix('UBND ')}, ngày ..... tháng ..... năm 20....",
                "NGƯỜI LẬP PHIẾU (Ký, ghi rõ họ tên)",
            ]
        )

    def system_text(self, a: Agency, kind: str, title: str, year: int) -> str:
        rng = self.rng
        if kind == "manual":
            parts = [
                title.upper(),
                "",
                f"Sổ tay chất lượng của {a.name} mô tả hệ thống quản lý chất lượng theo "
                "Tiêu chuẩn quốc gia TCVN ISO 9001:2015 và Mô hình khung ban hành kèm theo Quyết định số "
                "101/QĐ-BKHCN ngày 21/01/2019 của Bộ trưởng Bộ Khoa học và Công nghệ.",
                "",
            ]
            for n, (name, what) in enumerate(cat.MANUAL_CLAUSES, start=4):
                parts += [f"{n}. {name.upper()}", what.format(agency=a.name), ""]
            parts.append(
                f"Phạm vi áp dụng: toàn bộ hoạt động giải quyết thủ tục hành chính và công việc nội bộ của {a.name}."
            )
            return "\n".join(parts)
        if kind == "policy":
            return "\n".join([title.upper(), "", *(s.format(agency=a.name) for s in cat.POLICY_LINES)])
        lines = [title.upper() + f" NĂM {year}", ""]
        for n, line in enumerate(rng.sample(cat.OBJECTIVE_LINES, 5), start=1):
            lines.append(f"{n}. {line.format(n=rng.choice((60, 70, 80, 90, 95)))}.")
        lines.append(f"Các phòng, bộ phận của {a.name} xây dựng kế hoạch thực hiện mục tiêu và báo cáo hằng quý.")
        return "\n".join(lines)

    # -- one document ---------------------------------------------------------------------------

    def document(
        self,
        a: Agency,
        owner: tuple[int, str, str],
        *,
        code: str,
        title: str,
        kind: str,
        texts: Any,  # callable(revision day, all revision days) -> content
        interval: int = 12,
        status: str | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        rng, c = self.rng, self.c
        owner_pk, owner_path, owner_name = owner
        if status is None:
            roll = rng.random()
            status = (
                "draft" if roll < DRAFT_SHARE else "obsolete" if roll < DRAFT_SHARE + OBSOLETE_SHARE else "effective"
            )
        doc_pk = c.document
        c.document += 1
        span = (AS_OF - a.valid_from).days
        # revision days: the first one somewhere in the agency's life, the others 6-30 months apart
        if status == "draft":
            days = [AS_OF - dt.timedelta(days=rng.randrange(1, 120))]
        else:
            first = a.valid_from + dt.timedelta(days=rng.randrange(max(1, span * 3 // 4)))
            days = [first]
            for _ in range(rng.choices((0, 1, 2), weights=(50, 35, 15))[0]):
                nxt = days[-1] + dt.timedelta(days=rng.randrange(180, 900))
                if nxt >= AS_OF - dt.timedelta(days=20):
                    break
                days.append(nxt)
            if a.valid_from < REFORM and days[-1] < REFORM and rng.random() < REISSUE_SHARE:
                # re-issued after the 2025 reorganisation (merged departments, two-tier government)
                reissue = REFORM + dt.timedelta(days=14 + rng.randrange((AS_OF - REFORM).days - 40))
                if len(days) < 3:
                    days.append(reissue)
                else:
                    days[-1] = reissue
        revisions: list[dict[str, Any]] = []
        last = len(days) - 1
        for n, day in enumerate(days):
            rev_pk = c.revision
            c.revision += 1
            if status == "draft":
                rev_status = "draft"
            elif n < last:
                rev_status = "superseded"
            else:
                rev_status = "obsolete" if status == "obsolete" else "effective"
            content = texts(day, days)
            c.content_bytes += len(content)
            created = at(day - dt.timedelta(days=rng.randrange(10, 40)), rng.randrange(480))
            issued = rev_status != "draft"
            ended = at(days[n + 1], 0) if n < last else None
            revisions.append(
                {
                    "id": rev_pk,
                    "created_at": created,
                    "updated_at": at(day, 1) if issued else created,
                    "version": 1,
                    "document_id": doc_pk,
                    "number": n + 1,
                    "status": rev_status,
                    "content": content,
                    "file_id": None,
                    "change_summary": "Ban hành lần đầu" if n == 0 else rng.choice(cat.CHANGE_SUMMARIES),
                    "effective_from": day if issued else None,
                    "drafted_by_id": a.secretary,
                    "reviewer_id": a.leader if issued else None,
                    "submitted_at": created + dt.timedelta(days=3) if issued else None,
                    "approved_at": at(day - dt.timedelta(days=2), 60) if issued else None,
                    "effective_at": at(day, 0) if issued else None,
                    "ended_at": ended,
                }
            )
        withdrawn = None
        if status == "obsolete":
            withdrawn = at(min(AS_OF, days[-1] + dt.timedelta(days=rng.randrange(90, 700))), 120)
            revisions[-1]["ended_at"] = withdrawn
        current = revisions[-1] if status != "draft" else None
        code_folded = self.folded(code).replace(" ", "")
        document = {
            "id": doc_pk,
            "created_at": revisions[0]["created_at"],
            "updated_at": withdrawn or revisions[-1]["updated_at"],
            "version": len(revisions),
            "organisation_id": owner_pk,
            "agency_id": a.pk,
            "scope_path": owner_path,
            "code": code,
            "code_folded": code_folded,
            "title": title,
            "search_text": f"{self.folded(code)} {self.folded(title)}",
            "kind": kind,
            "status": status,
            "review_interval_months": interval,
            "next_review_on": _add_months(days[-1], interval) if status == "effective" and interval else None,
            "current_revision_id": current["id"] if current else None,
            "withdrawn_at": withdrawn,
            "withdrawn_reason": "Không còn phù hợp sau khi sắp xếp tổ chức bộ máy" if withdrawn else "",
            "withdrawn_by_id": a.leader if withdrawn else None,
        }
        self.rows.documents.append(document)
        self.rows.revisions.extend(revisions)
        c.documents += 1
        c.revisions += len(revisions)
        c.drafts += status == "draft"
        c.obsolete += status == "obsolete"
        c.per_agency[a.pk] = c.per_agency.get(a.pk, 0) + 1

        latest = revisions[-1]
        self.rows.entries.append(
            {
                "id": c.entry,
                "source": "document",
                "source_id": doc_pk,
                "title": title,
                "code": code,
                "body": latest["content"],
                "scope_path": owner_path,
                "agency_id": a.pk,
                "kind": kind,
                "status": status,
                "public": False,
                "dated": latest["effective_from"],
                "url": f"/tai-lieu/{doc_pk}/",
                "organisation_name": owner_name,
            }
        )
        c.entry += 1
        return document, latest

    # -- one agency -----------------------------------------------------------------------------

    def agency(self, a: Agency) -> None:
        rng, register = self.rng, self.register
        profile = PROFILES["commune" if a.kind == "commune" else "other"]
        home = (a.pk, a.path, a.name)
        suffix = a.short_name

        def pick_owner() -> tuple[int, str, str]:
            return home if not a.units or rng.random() < 0.5 else rng.choice(a.units)

        # the QMS system documents (only processes cite legal texts)
        for code, kind, title, interval in (
            (f"STCL/{suffix}", "manual", "Sổ tay chất lượng", 24),
            (f"CSCL/{suffix}", "policy", "Chính sách chất lượng", 24),
            (f"MTCL/{suffix}", "objectives", "Mục tiêu chất lượng", 12),
        ):
            self.document(
                a,
                home,
                code=code,
                title=title,
                kind=kind,
                texts=lambda day, _days, kind=kind, title=title: self.system_text(a, kind, title, day.year),
                interval=interval,
                status="effective",
            )

        qms = [register.by_number[n] for n in cat.QMS_BASES]
        office = [register.by_number[n] for n in cat.OFFICE_BASES]
        one_stop = register.by_number[cat.ONE_STOP]
        one_stop_guidance = [register.by_number[n] for n in cat.ONE_STOP_GUIDANCE]
        laws = [register.sector_law[s] for s in a.sectors if s in register.sector_law]
        # sector and provincial texts by signing day: a process only cites texts signed by then
        sector = sorted((t for s in a.sectors for t in register.by_sector.get(s, [])), key=signed)
        sector_days = [signed(t) for t in sector]
        provincial = sorted(register.by_province.get(a.province, []), key=signed)
        provincial_days = [signed(t) for t in provincial]
        number = 0

        def signed_by(texts: list[Text], days: list[dt.date], day: dt.date, k: int) -> list[Text]:
            available = bisect.bisect_right(days, day)
            return rng.sample(texts[:available], min(k, available))

        def tthc_bases(day: dt.date) -> list[Text]:
            bases = [one_stop]
            if laws:
                bases.append(rng.choice(laws))
            bases += signed_by(sector, sector_days, day, rng.randint(0, 3))
            if rng.random() < 0.4:
                bases += signed_by(provincial, provincial_days, day, 1)
            if rng.random() < 0.2:
                bases.append(rng.choice(one_stop_guidance))
            return bases

        def internal_bases(day: dt.date) -> list[Text]:
            return [
                qms[1],
                *rng.sample(office, rng.randint(1, 2)),
                *signed_by(sector, sector_days, day, rng.randint(0, 1)),
            ]

        def process(
            title: str, tthc: bool, choose: Any, forms_pool: Sequence[str] | None = None, obj: str = ""
        ) -> None:
            nonlocal number
            number += 1
            pcode = f"QT {number:02d}/{suffix}"
            owner = pick_owner()
            unit = owner[2] if owner is not home else (a.units[0][2] if a.units else a.name)
            if forms_pool is None:
                pool = cat.ONE_STOP_FORMS + cat.OTHER_FORMS if tthc else cat.INTERNAL_FORMS
                forms_pool = rng.sample(pool, rng.randint(*(FORMS_PER_TTHC if tthc else FORMS_PER_INTERNAL)))
            forms = [(f"BM.{k:02d}-QT{number:02d}", name) for k, name in enumerate(forms_pool, start=1)]
            form_lines = [f"{code} {name}" for code, name in forms]
            limit = rng.choice((3, 5, 7, 10, 10, 15, 15, 20, 25, 30))
            bases: list[Text] = []
            cited: list[Text] = []

            def text(day: dt.date, days: list[dt.date]) -> str:
                if not bases:  # chosen for the latest revision; older ones cite what was in force
                    bases.extend(choose(days[-1]))
                refs = list({t.pk: t for t in (register.current(b, day) for b in bases) if t is not None}.values())
                latest = day == days[-1]
                if latest:
                    cited[:] = refs
                if tthc:
                    days_limit = limit + (0 if latest else rng.randint(1, 5))
                    return self.tthc_text(a, unit, title, obj, refs, form_lines, days_limit)
                return self.internal_text(a, unit, title, refs, form_lines)

            document, latest = self.document(a, owner, code=pcode, title=title, kind="process", texts=text)
            self._cite(document, latest, owner[0], cited)
            for code, name in forms:
                self.document(
                    a,
                    owner,
                    code=code,
                    title=name,
                    kind="form",
                    texts=lambda _day, _days, code=code, name=name: self.form_text(a, code, name, pcode),
                )

        for title, forms in zip(cat.MANDATORY_PROCEDURES, cat.MANDATORY_FORMS, strict=True):
            standard = qms[0] if rng.random() >= 0.15 else register.by_number["TCVN ISO 9001:2008"]
            others = rng.sample(qms[1:], rng.randint(1, 3))
            process(title, False, lambda _day, standard=standard, others=others: [standard, *others], forms)
        n_internal = min(rng.randint(*profile.internal), len(cat.INTERNAL_PROCESSES))
        for title in rng.sample(cat.INTERNAL_PROCESSES, n_internal):
            process(title, False, internal_bases)

        names = list(dict.fromkeys(n for s in a.sectors for n in self.tthc.get(s, [])))
        for name in rng.sample(names, min(rng.randint(*profile.tthc), len(names))):
            title = f"Quy trình giải quyết thủ tục {name}" if rng.random() < 0.6 else f"Quy trình {name}"
            process(title[:500], True, tthc_bases, obj=f"giải quyết thủ tục {name}")

        for k, title in enumerate(rng.sample(cat.GUIDANCE, rng.randint(*GUIDANCE)), start=1):
            self.document(
                a,
                pick_owner(),
                code=f"HD {k:02d}/{suffix}",
                title=title,
                kind="guidance",
                texts=lambda _day, _days, title=title: self.internal_text(a, a.name, title, [], []),
            )

    def _cite(self, document: dict[str, Any], latest: dict[str, Any], owner_pk: int, texts: Sequence[Text]) -> None:
        """Citations of the document's latest revision, made when it was drafted."""
        rng, c = self.rng, self.c
        target_repr = f"{document['code']} — {document['title']}"[:300]
        cited_on = latest["created_at"]
        for text in texts:
            roll = rng.random()
            provision = (
                ""
                if roll < 0.5
                else f"Điều {rng.randint(3, 40)}"
                if roll < 0.8
                else f"Khoản {rng.randint(1, 5)} Điều {rng.randint(3, 40)}"
            )
            self.rows.citations.append(
                {
                    "id": c.citation,
                    "created_at": cited_on,
                    "updated_at": cited_on,
                    "legal_text_id": text.pk,
                    "organisation_id": owner_pk,
                    "target_type_id": self.document_type_id,
                    "target_id": document["id"],
                    "target_repr": target_repr,
                    "provision": provision,
                }
            )
            c.citation += 1
            c.citations += 1


# --- entry point ----------------------------------------------------------------------------------


def _agencies(only_province: str | None) -> list[Agency]:
    from qms.organisations.models import Membership, Organisation, OrganisationKind, Role

    orgs = Organisation.objects.filter(valid_to__isnull=True).order_by("path")
    if only_province is not None:
        root = Organisation.objects.get(kind=OrganisationKind.PROVINCE, code=only_province)
        orgs = orgs.filter(path__startswith=root.path)
    rows = list(
        orgs.values_list("pk", "path", "name", "kind", "code", "short_name", "agency_id", "valid_from", "parent_id")
    )
    by_pk = {r[0]: r for r in rows}
    units: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pk, path, name, kind, _code, _short, agency_id, *_ in rows:
        if kind == OrganisationKind.UNIT:
            units[agency_id].append((pk, path, name))
    provinces = {r[0]: r[4] for r in rows if r[3] == OrganisationKind.PROVINCE}
    people: dict[tuple[int, str], int] = {}
    for user_id, org_id, role in (
        Membership.objects.filter(role__in=[Role.ISO_SECRETARY, Role.LEADER], is_active=True)
        .order_by("pk")
        .values_list("user_id", "organisation_id", "role")
    ):
        people.setdefault((org_id, role), user_id)
    agencies: list[Agency] = []
    used_suffixes: dict[int, set[str]] = defaultdict(set)
    for pk, path, name, kind, code, short, _agency_id, valid_from, parent_id in rows:
        if kind == OrganisationKind.UNIT:
            continue
        province_pk = next((p for p in provinces if path.startswith(by_pk[p][1])), None)
        province_code = provinces.get(province_pk, "") if province_pk else ""
        if kind == OrganisationKind.COMMUNE:
            sectors: tuple[str, ...] = cat.COMMUNE_SECTORS
            suffix = "UBND-" + _initials(re.sub(r"^UBND (xã|phường|đặc khu) ", "", name))
        elif kind == OrganisationKind.PROVINCE:
            sectors = ("dautu", "noivu", "thanhtra")
            suffix = "UBND-" + _initials(re.sub(r"^UBND (tỉnh|thành phố) ", "", name))
        else:
            dept_suffix = code.split(".")[1] if "." in code else ""
            sectors = cat.DEPARTMENT_SECTORS.get(dept_suffix, ("noivu",))
            suffix = short or _initials(name)
            if kind != OrganisationKind.DEPARTMENT:
                parent_short = by_pk.get(parent_id, (None,) * 6)[5] or ""
                suffix = f"{_initials(name)}-{parent_short}" if parent_short else _initials(name)
        root_pk = province_pk or 0
        base, n = suffix[:20], 2
        while suffix in used_suffixes[root_pk]:  # codes read well when unique within the province
            suffix = f"{base}{n}"
            n += 1
        used_suffixes[root_pk].add(suffix)
        agencies.append(
            Agency(
                pk=pk,
                path=path,
                name=name,
                kind=kind,
                code=code,
                short_name=suffix,
                province=province_code,
                sectors=sectors,
                valid_from=max(valid_from or OLDEST, OLDEST),
                units=units.get(pk, []),
                secretary=people.get((pk, Role.ISO_SECRETARY)),
                leader=people.get((pk, Role.LEADER)),
            )
        )
    return agencies


def generate_documents(size: str, seed: int = 2026, *, province: str | None = None) -> dict[str, Any]:
    """Documents, revisions, legal texts, citations and search entries for the organisations in
    the database: province 22 at province size, every province at nation size (or only
    ``province``). The legal register is always whole. Returns counts and seconds per phase; on
    SQLite at nation size it writes nothing and says so under ``skipped``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import Max

    from qms.core.models import SearchEntry
    from qms.documents.models import Document, DocumentRevision
    from qms.legal.models import LegalCitation, LegalText
    from qms.organisations.models import Organisation, OrganisationKind

    from .generate import _reset_sequences

    if size == "nation" and connection.vendor != "postgresql" and province is None:
        return {"skipped": "nation-size documents are generated on PostgreSQL only; none on SQLite"}

    timings: dict[str, float] = {}
    started = time.perf_counter()
    rng = random.Random(seed * 7919 + 17)  # a stream of its own: the organisations' one is untouched
    pg = connection.vendor == "postgresql"
    province_names = dict(
        Organisation.objects.filter(kind=OrganisationKind.PROVINCE, valid_to__isnull=True).values_list("code", "name")
    )

    def first_pk(model: Any) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    big_tables = [m._meta.db_table for m in (Document, DocumentRevision, LegalCitation, SearchEntry)]
    writer: SqliteLoader | PgLoader = PgLoader(big_tables) if pg else SqliteLoader()
    # SQLite: one transaction around everything; PostgreSQL: the loader's connections commit
    with transaction.atomic() if not pg else contextlib.nullcontext(), writer:
        t = time.perf_counter()
        counters = Counters(
            document=first_pk(Document),
            revision=first_pk(DocumentRevision),
            citation=first_pk(LegalCitation),
            entry=first_pk(SearchEntry),
        )
        register = build_register(rng, province_names, first_pk(LegalText))
        write_register(writer, register, counters)
        timings["legal_texts"] = time.perf_counter() - t

        agencies = _agencies("22" if size == "province" and province is None else province)
        rows = Rows()
        document_type = ContentType.objects.get_for_model(Document).pk
        builder = Builder(rng, register, counters, rows, document_type, _tthc_pool())
        timings["build"] = timings["write"] = timings["search_entries"] = 0.0

        def flush() -> None:
            t0 = time.perf_counter()
            writer.write(Document, rows.documents)
            writer.write(DocumentRevision, rows.revisions)
            writer.write(LegalCitation, rows.citations)
            t1 = time.perf_counter()
            writer.entries(rows.entries)  # PostgreSQL: handed to the background connections
            timings["write"] += t1 - t0
            timings["search_entries"] += time.perf_counter() - t1
            rows.renew()

        for agency in agencies:
            t0 = time.perf_counter()
            builder.agency(agency)
            timings["build"] += time.perf_counter() - t0
            if len(rows.documents) >= CHUNK_DOCUMENTS:
                flush()
        flush()
        t = time.perf_counter()
    # PostgreSQL: waiting for the background COPY (mostly the search vectors), then the indexes
    timings["write_wait"] = time.perf_counter() - t - writer.seconds_indexes
    if pg:
        timings["indexes"] = writer.seconds_indexes
    _reset_sequences(
        LegalText,
        LegalText.replaces.through,
        LegalText.amends.through,
        Document,
        DocumentRevision,
        LegalCitation,
        SearchEntry,
    )
    if pg:
        t = time.perf_counter()
        with connection.cursor() as cursor:
            for model in (LegalText, LegalText.replaces.through, LegalText.amends.through):
                big_tables.append(model._meta.db_table)
            for table in big_tables:
                cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        timings["vacuum_analyze"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    return {
        "documents": counters.documents,
        "revisions": counters.revisions,
        "draft_documents": counters.drafts,
        "obsolete_documents": counters.obsolete,
        "legal_texts": len(register.texts),
        "citations": counters.citations,
        "search_entries": counters.documents + len(register.texts),
        "document_agencies": len(agencies),
        "content_mb": round(counters.content_bytes / 1e6),
        "documents_by_agency": counters.per_agency,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
