"""Structured content for the demonstration processes of ``qms.documents.demo``.

The document demo writes each process of Sở Tư pháp (QT 01/HCTP ... QT 07/XDKT), UBND phường Hạ
Long and Sở KH&CN as text from a compact spec (``key: value`` lines; steps as
``title | responsible | time | work | forms/result``). This module reads the same specs and
registers, as the system, the structured content of every revision of those processes (the revision
as it was issued: revision 2 of QT 01 and QT 02 with their amendments), links each process to the
TTHC the procedures demo published for it (``DEMO_PROCESS_PROCEDURES``), recomputes coverage, then
issues the grouped processes that cover the rest of the demo agencies' catalogue
(``demo_grouped``: a few TTHC stay uncovered on purpose, as an inspection would find them).

Runs after the document demo and the procedures demo; idempotent (revisions that already have
content, and processes already issued, are left alone).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction

from qms.core.text import fold
from qms.documents import demo as documents_demo
from qms.documents import selectors as document_selectors
from qms.documents.models import Document, DocumentKind
from qms.legal import selectors as legal_selectors
from qms.legal.models import LegalTextKind
from qms.organisations.models import Organisation

from . import selectors as procedure_selectors
from .coverage import coverage_recompute
from .demo import DEMO_PROCESS_PROCEDURES
from .demo_grouped import load_grouped_processes
from .models import AdministrativeProcedure, DurationUnit, ProcessContent
from .services_processes import StepData, process_content_register

D = documents_demo
STP_DESK = "Công chức Sở Tư pháp tại Trung tâm Phục vụ hành chính công tỉnh"
HALONG_DESK = "Công chức Tư pháp - Hộ tịch tại Trung tâm Phục vụ hành chính công phường"
HALONG_PLACE = "Trung tâm Phục vụ hành chính công phường Hạ Long; hoặc trực tuyến trên Cổng Dịch vụ công quốc gia."
DOST_DESK = "Công chức Sở Khoa học và Công nghệ tại Trung tâm Phục vụ hành chính công tỉnh"


def _blocks(text: str) -> list[str]:
    return text.split("===")


# agency code, one-stop desk, place of receipt, [spec by revision number]: a revision uses the spec
# of the highest number not above its own. The TTHC each process serves are the ones the procedures
# demo published for it (``DEMO_PROCESS_PROCEDURES``); QT 06 (withdrawn), QT 07 and the internal
# processes (not TTHC) serve none; the grouped processes of ``demo_grouped`` cover most of the rest.
Versions = dict[int, tuple[str, str]]
DEMO: list[tuple[str, str, str, list[Versions]]] = [
    (
        D.STP,
        STP_DESK,
        D.PROVINCE_DESK,
        [
            {1: (D.QT01, ""), 2: (D.QT01, D.QT01_V2)},
            {1: (D.QT02, ""), 2: (D.QT02, D.QT02_V2)},
            {1: (D.QT03, "")},
            {1: (D.QT04, "")},
            {1: (D.QT05, "")},
            {1: (D.QT06, "")},
            {1: (D.QT07, "")},
            *({1: (block, "")} for block in _blocks(D.INTERNAL)),  # QT-KSTL, QT-KSHS, QT-ĐGNB, QT-KPPH
        ],
    ),
    (
        D.HALONG,
        HALONG_DESK,
        HALONG_PLACE,
        [
            {1: (_blocks(D.HALONG_PROCESSES)[0], "")},
            {1: (_blocks(D.HALONG_PROCESSES)[1], "")},
            {1: (_blocks(D.HALONG_PROCESSES)[2], "")},
        ],
    ),
    (
        D.SKHCN,
        DOST_DESK,
        D.PROVINCE_DESK,
        [
            {1: (_blocks(D.DOST_PROCESSES)[0], "")},
            {1: (_blocks(D.DOST_PROCESSES)[1], "")},
        ],
    ),
]

TIME_RE = re.compile(r"^\s*\(?\s*(\d+(?:[.,]\d+)?)\s*(giờ|ngày)", re.IGNORECASE)
ISO_REFERENCE = f"{D.ISO} Hệ thống quản lý chất lượng — Các yêu cầu"


def parse_time(text: str) -> tuple[Decimal, str, str]:
    """ "0,5 ngày làm việc" → (0.5, days, ""); "Theo ngày hẹn ..." → (0, hours, the text)."""
    match = TIME_RE.match(text)
    if match is None:
        return Decimal(0), DurationUnit.DAYS, text.strip()[:200]
    number = Decimal(match.group(1).replace(",", "."))
    unit = DurationUnit.HOURS if fold(match.group(2)) == "gio" else DurationUnit.DAYS
    return number, unit, ""


def _record_columns(cols: list[str]) -> tuple[str, str, str]:
    """``name | keeper | retention``."""
    name, keeper, retention = [*cols, "", "", ""][:3]
    return name, keeper, retention


class _Agency:
    def __init__(self, agency: Organisation, desk: str, place: str):
        self.agency, self.desk, self.place = agency, desk, place
        self.units = document_selectors.units_of(agency)
        self.forms = {d.code: d for d in Document.objects.filter(agency=agency, kind=DocumentKind.FORM)}
        self.assignable = list(procedure_selectors.procedures_assignable_to_process(agency))

    def unit_for(self, who: str) -> Organisation | None:
        folded = fold(who)
        return next((u for u in sorted(self.units, key=lambda u: -len(u.name)) if fold(u.name) in folded), None)

    def step(self, cols: list[str]) -> StepData:
        title, who, time, work, result = [*cols, "", "", "", "", ""][:5]
        duration, unit, note = parse_time(time)
        forms, output = [], []
        for token in (t.strip() for t in re.split(r"[;,]", result)):
            if not token:
                continue
            form = self.forms.get(token.split()[0])
            if form is not None:
                forms.append(form)
            else:
                output.append(token)
        return StepData(
            title=title,
            description=work or title,
            responsible_unit=self.unit_for(who),
            responsible_role=who,
            duration=duration,
            duration_unit=unit,
            time_note=note,
            output="; ".join(output),
            forms=forms,
        )

    def content(
        self, spec: D.Spec, document: Document
    ) -> tuple[dict[str, Any], list[StepData], list[tuple[str, str, str]]]:
        """Sections, steps and records of ``spec`` laid out as the document demo lays out its text."""
        tthc = "dossier" in spec
        cites_standard = any(
            c.legal_text.kind == LegalTextKind.STANDARD for c in legal_selectors.citations_of(document)
        )
        definitions = [
            "TTHC: Thủ tục hành chính; HTQLCL: Hệ thống quản lý chất lượng",
            f"BPTN&TKQ: Bộ phận tiếp nhận và trả kết quả ({self.place.split(';')[0]})",
            "HTTT: Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Quảng Ninh",
            "CV: Chuyên viên, công chức; LĐ: Lãnh đạo",
            *spec.get("def", []),
        ]
        other_forms = [
            line
            for item in spec.get("form", [])
            for line in D._cols(item)
            if line and not line.startswith("(") and line.split()[0] not in self.forms
        ]
        sections = {
            "purpose": "\n".join(spec.get("purpose", [])),
            "scope": "\n".join(spec.get("scope", [])),
            "references": "\n".join([*([] if cites_standard else [ISO_REFERENCE]), *spec.get("ref", [])]),
            "definitions": "\n".join(definitions),
            "requirements": "\n".join(spec.get("general", [])),
            "dossier_components": "\n".join(spec.get("dossier", [])),
            "dossier_count": " ".join(spec.get("copies", ["01 (một) bộ."])) if tthc else "",
            "time_limit_text": " ".join(spec.get("days", [])),
            "place": " ".join(spec.get("place", [self.place])) if tthc else "",
            "fees": " ".join(spec.get("fee", [])),
            "other_forms": "\n".join(other_forms),
        }
        rows = [D._cols(s.replace("{desk}", self.desk)) for s in spec.get("step", [])]
        records = [D._cols(r) for r in spec.get("record", [])]
        if tthc:  # an administrative procedure: the one-stop desk receives and returns
            receive = spec.get("receive", ["0,5 ngày làm việc"])[0]
            rows = [
                D._cols(D.TEXTS["receive"][0].format(desk=self.desk, time=receive)),
                *rows,
                D._cols(D.TEXTS["return"][0].format(self.desk)),
            ]
            records = [*(D._cols(r) for r in D._spec(D.TTHC_RECORDS)["record"]), *records]
        return sections, [self.step(r) for r in rows], [_record_columns(r) for r in records]

    def serving(self, process_code: str) -> list[AdministrativeProcedure]:
        codes = DEMO_PROCESS_PROCEDURES.get(self.agency.code, {}).get(process_code, [])
        return [p for p in self.assignable if p.code in codes]


@transaction.atomic
def load_demo_processes(*, today: dt.date | None = None) -> dict[str, int]:
    """Register the content of the demo processes, recompute the agencies' coverage and issue the
    grouped processes; return what was done (zeros on a second run)."""
    counts = {"contents": 0, "steps": 0, "procedure_links": 0}
    agencies: list[int] = []
    for code, desk, place, processes in DEMO:
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            continue
        agency = _Agency(organisation, desk, place)
        for versions in processes:
            spec_code = D._spec(versions[1][0])["code"][0]
            document = Document.objects.filter(agency=organisation, code=spec_code).first()
            if document is None:
                continue
            procedures = agency.serving(spec_code)
            for revision in document.revisions.order_by("number"):
                if ProcessContent.objects.filter(revision=revision).exists():
                    continue
                number = max(n for n in versions if n <= revision.number)
                base, patch = versions[number]
                sections, steps, records = agency.content(D._spec(base, patch), document)
                revision.document = document
                process_content_register(
                    actor=None,
                    revision=revision,
                    sections=sections,
                    steps=steps,
                    records=records,
                    procedures=procedures,
                )
                counts["contents"] += 1
                counts["steps"] += len(steps)
                counts["procedure_links"] += len(procedures)
                if organisation.pk not in agencies:
                    agencies.append(organisation.pk)
    if agencies:
        coverage_recompute(agency_ids=agencies, today=today)
    return {**counts, **load_grouped_processes(today=today)}
