"""The legal register of the bench data sets: the real QMS texts (``doc_catalogue.CORE_LEGAL_TEXTS``),
the 91 real texts of ``/work/shared/data/legal-texts-sample.csv`` (effective date estimated as
signing + 45 days: the file has none) and generated ones (~90 per sector nationally, 60 per
province), ~10 % of the generated ones replaced and ~5 % amended by newer texts, some of which take
effect after ``AS_OF``. Also the timeline the documents share (``AS_OF``, ``REFORM``, ``at``).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import doc_catalogue as cat

AS_OF = dt.date(2026, 6, 30)  # the reference day: every generated revision is issued by then
ICT = dt.timezone(dt.timedelta(hours=7))
OLDEST = dt.date(2016, 1, 4)  # the oldest generated revisions and texts
REFORM = dt.date(2025, 7, 1)  # two-tier local government; departments merged around it
LEGAL_SAMPLE = Path("/work/shared/data/legal-texts-sample.csv")
NATIONAL_TEXTS_PER_SECTOR = 90
PROVINCIAL_TEXTS = 60
LAST_SIGNED = dt.date(2026, 9, 30)  # the newest texts in the register (some in force after AS_OF)

KIND_LABEL = {
    "constitution": "Hiến pháp",
    "code": "Bộ luật",
    "law": "Luật",
    "ordinance": "Pháp lệnh",
    "resolution": "Nghị quyết",
    "decree": "Nghị định",
    "decision": "Quyết định",
    "directive": "Chỉ thị",
    "circular": "Thông tư",
    "joint_circular": "Thông tư liên tịch",
    "standard": "Tiêu chuẩn",
    "other": "Văn bản",
}

CSV_KINDS = {
    "Luật": "law",
    "Nghị định": "decree",
    "Pháp lệnh": "ordinance",
    "Quyết định": "decision",
    "Thông tư": "circular",
    "Thông tư liên tịch": "joint_circular",
    "Nghị quyết": "resolution",
}


def day_text(d: dt.date) -> str:
    """22/04/2018"""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def at(d: dt.date, minutes: int) -> dt.datetime:
    """A moment on day ``d`` in office hours (Vietnam time), ``minutes`` after 07:30."""
    return dt.datetime(d.year, d.month, d.day, 7, 30, tzinfo=ICT) + dt.timedelta(minutes=minutes)


def signed(text: Text) -> dt.date:
    return text.signed_on or OLDEST


@dataclass
class Text:
    pk: int
    number: str
    kind: str
    issuer: str
    title: str
    signed_on: dt.date | None
    effective_on: dt.date | None
    sector: str = ""
    province: str = ""
    replaced_by: Text | None = None
    replaces: list[int] = field(default_factory=list)
    amends: list[int] = field(default_factory=list)
    reference: str = ""  # how a process text cites it

    def cite(self) -> str:
        if not self.reference:
            label = KIND_LABEL.get(self.kind, "Văn bản")
            if self.kind == "standard":
                self.reference = f"{self.number} {self.title}"
            elif self.kind == "law":
                when = f" ngày {day_text(self.signed_on)}" if self.signed_on else ""
                self.reference = f"{self.title} số {self.number}{when}"
            else:
                when = f" ngày {day_text(self.signed_on)}" if self.signed_on else ""
                self.reference = f"{label} số {self.number}{when} của {self.issuer} {self.title}"
        return self.reference

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_on is not None and self.effective_on <= day


@dataclass
class Register:
    texts: list[Text] = field(default_factory=list)
    by_number: dict[str, Text] = field(default_factory=dict)
    by_sector: dict[str, list[Text]] = field(default_factory=lambda: defaultdict(list))
    sector_law: dict[str, Text] = field(default_factory=dict)
    by_province: dict[str, list[Text]] = field(default_factory=lambda: defaultdict(list))
    predecessor: dict[int, Text] = field(default_factory=dict)
    next_pk: int = 1
    used_numbers: set[str] = field(default_factory=set)

    def add(self, **values: Any) -> Text:
        text = Text(pk=self.next_pk, **values)
        self.next_pk += 1
        self.texts.append(text)
        self.by_number[text.number] = text
        self.used_numbers.add(text.number)
        return text

    def current(self, text: Text, day: dt.date) -> Text | None:
        """What a document drafted on ``day`` cites for ``text``: the text it replaced if it was not
        signed yet (None if there was none), else the newest replacement in force on that day."""
        while text.signed_on is not None and text.signed_on > day:
            older = self.predecessor.get(text.pk)
            if older is None:
                return None
            text = older
        while text.replaced_by is not None and text.replaced_by.in_force_on(day):
            text = text.replaced_by
        return text


def _parseday_text(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    d, m, y = (int(x) for x in value.split("/"))
    return dt.date(y, m, d)


def build_register(rng: random.Random, province_names: dict[str, str], first_pk: int) -> Register:
    register = Register(next_pk=first_pk)
    for spec in cat.CORE_LEGAL_TEXTS:
        register.add(
            number=str(spec["number"]),
            kind=str(spec["kind"]),
            issuer=str(spec["issuer"]),
            title=str(spec["title"]),
            signed_on=dt.date.fromisoformat(str(spec["signed_on"])),
            effective_on=dt.date.fromisoformat(str(spec["effective_on"])),
        )
    for spec in cat.CORE_LEGAL_TEXTS:
        text = register.by_number[str(spec["number"])]
        if "replaced_by" in spec:
            new = register.by_number[str(spec["replaced_by"])]
            text.replaced_by = new
            new.replaces.append(text.pk)
            register.predecessor.setdefault(new.pk, text)
        if "amends" in spec:
            text.amends.append(register.by_number[str(spec["amends"])].pk)

    with LEGAL_SAMPLE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            number = row["number"].strip()
            if number in register.by_number:
                continue
            signed = _parseday_text(row["signed_on"])
            register.add(
                number=number,
                kind=CSV_KINDS.get(row["type"].strip(), "other"),
                issuer=row["issuer"].strip(),
                title=row["title"].strip()[:1000],
                signed_on=signed,
                effective_on=signed + dt.timedelta(days=45) if signed else None,
                sector="real",
            )

    counters: dict[tuple[int, str], int] = defaultdict(int)

    def number(year: int, symbol: str, start: int) -> str:
        key = (year, symbol)
        counters[key] = max(counters[key], start) + rng.randint(1, 3)
        while True:
            candidate = f"{counters[key]:02d}/{year}/{symbol}"
            if candidate not in register.used_numbers:
                return candidate
            counters[key] += 1

    def signed_between(first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=rng.randrange((last - first).days + 1))

    generated: list[Text] = []
    for key, sector, ministry_code, ministry, law, objects in cat.SECTORS:
        signed = signed_between(dt.date(2012, 1, 1), dt.date(2020, 12, 31))
        session = "QH13" if signed.year < 2016 else "QH14"
        law_text = register.add(
            number=number(signed.year, session, 30),
            kind="law",
            issuer="Quốc hội",
            title=law,
            signed_on=signed,
            effective_on=dt.date(signed.year + 1, 1, 1),
            sector=key,
        )
        register.sector_law[key] = law_text
        for i in range(NATIONAL_TEXTS_PER_SECTOR):
            signed = signed_between(OLDEST, dt.date(2025, 3, 31))
            obj = objects[i % len(objects)]
            roll = rng.random()
            if roll < 0.25:
                kind, symbol, issuer = "decree", "NĐ-CP", "Chính phủ"
                title = rng.choice(
                    (
                        f"quy định chi tiết một số điều và biện pháp thi hành {law}",
                        f"quy định điều kiện, trình tự, thủ tục cấp {obj}",
                        f"quy định xử phạt vi phạm hành chính trong lĩnh vực {sector}",
                    )
                )
                num = number(signed.year, symbol, 10)
            elif roll < 0.8:
                kind, symbol, issuer = "circular", f"TT-{ministry_code}", f"Bộ trưởng {ministry}"
                title = rng.choice(
                    (
                        f"hướng dẫn hồ sơ, thủ tục cấp {obj}",
                        f"quy định mẫu đơn, tờ khai, biểu mẫu trong lĩnh vực {sector}",
                        f"quy định chế độ báo cáo định kỳ trong lĩnh vực {sector}",
                        f"quy định mức thu, chế độ thu, nộp phí thẩm định cấp {obj}",
                    )
                )
                num = number(signed.year, symbol, 1)
            else:
                kind, symbol, issuer = "decision", f"QĐ-{ministry_code}", f"Bộ trưởng {ministry}"
                title = f"về việc công bố thủ tục hành chính mới ban hành, sửa đổi, bổ sung trong lĩnh vực {sector}"
                num = f"{rng.randint(100, 4999)}/{symbol}"
                while num in register.used_numbers:
                    num = f"{rng.randint(100, 4999)}/{symbol}"
            text = register.add(
                number=num,
                kind=kind,
                issuer=issuer,
                title=title,
                signed_on=signed,
                effective_on=signed + dt.timedelta(days=rng.choice((0, 15, 30, 45, 45, 45, 60))),
                sector=key,
            )
            register.by_sector[key].append(text)
            generated.append(text)

    for code, name in sorted(province_names.items()):
        place = re.sub(r"^UBND ", "", name)
        for i in range(PROVINCIAL_TEXTS):
            signed = signed_between(dt.date(2025, 7, 1) if i % 3 else OLDEST, dt.date(2026, 3, 31))
            sector_key, sector = cat.SECTORS[i % len(cat.SECTORS)][:2]
            if i % 4 == 0:
                kind, symbol, issuer = "resolution", "NQ-HĐND", f"Hội đồng nhân dân {place}"
                title = (
                    f"quy định mức thu, miễn, giảm, chế độ thu, nộp phí, lệ phí trong lĩnh vực {sector} trên địa bàn"
                )
            else:
                kind, symbol, issuer = "decision", "QĐ-UBND", f"Ủy ban nhân dân {place}"
                title = rng.choice(
                    (
                        f"ban hành Quy chế phối hợp giải quyết thủ tục hành chính trong lĩnh vực {sector}",
                        f"phê duyệt quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực {sector}",
                        f"quy định phân cấp quản lý nhà nước về {sector} trên địa bàn",
                    )
                )
            text = register.add(
                number=number(signed.year, symbol, 1),
                kind=kind,
                issuer=issuer,
                title=title,
                signed_on=signed,
                effective_on=signed + dt.timedelta(days=10),
                sector=sector_key,
                province=code,
            )
            register.by_province[code].append(text)
            generated.append(text)

    # Newer texts replacing or amending ~10 % / ~5 % of the generated ones; a few take effect after AS_OF.
    for text in list(generated):
        roll = rng.random()
        earliest = max(text.signed_on + dt.timedelta(days=200), dt.date(2023, 1, 1)) if text.signed_on else None
        if roll >= 0.15 or earliest is None or earliest > LAST_SIGNED:
            continue
        signed = signed_between(earliest, LAST_SIGNED)
        effective = signed + dt.timedelta(days=rng.choice((15, 45, 45, 60, 180)))
        symbol = text.number.split("/")[-1]
        new = register.add(
            number=number(signed.year, symbol, 40)
            if text.number.count("/") == 2
            else f"{rng.randint(5000, 9999)}/{symbol}",
            kind=text.kind,
            issuer=text.issuer,
            title=(f"thay thế {KIND_LABEL[text.kind]} số {text.number} " if roll < 0.10 else "sửa đổi, bổ sung ")
            + text.title,
            signed_on=signed,
            effective_on=effective,
            sector=text.sector,
            province=text.province,
        )
        if roll < 0.10:
            text.replaced_by = new
            new.replaces.append(text.pk)
            register.predecessor[new.pk] = text
        else:
            new.amends.append(text.pk)
    return register


def write_register(writer: Any, register: Register, counters: Any) -> None:
    """The legal texts, their replace/amend links and their (public) search entries, as
    ``legal.services`` writes them."""
    from django.db.models import Max

    from qms.legal.models import LegalText
    from qms.legal.services import build_search_text

    now = at(AS_OF, 0)
    writer.write(
        LegalText,
        [
            {
                "id": text.pk,
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "kind": text.kind,
                "number": text.number,
                "issuer": text.issuer,
                "title": text.title,
                "signed_on": text.signed_on,
                "effective_on": text.effective_on,
                "search_text": build_search_text(
                    number=text.number, kind=text.kind, title=text.title, issuer=text.issuer
                ),
            }
            for text in register.texts
        ],
    )
    for through, attr in ((LegalText.replaces.through, "replaces"), (LegalText.amends.through, "amends")):
        pk = (through.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        links = []
        for text in register.texts:
            for old in getattr(text, attr):
                links.append({"id": pk, "from_legaltext_id": text.pk, "to_legaltext_id": old})
                pk += 1
        writer.write(through, links)

    replaced = {old for text in register.texts if text.in_force_on(AS_OF) for old in text.replaces}
    entries = []
    for text in register.texts:
        if text.effective_on and text.effective_on > AS_OF:
            status = "pending"
        elif text.pk in replaced:
            status = "replaced"
        else:
            status = "in_force"
        label = KIND_LABEL.get(text.kind, "")
        entries.append(
            {
                "id": counters.entry,
                "source": "legal",
                "source_id": text.pk,
                "title": text.title,
                "code": text.number,
                "body": " ".join(p for p in (label, text.number, text.issuer, text.title) if p),
                "scope_path": "",
                "agency_id": None,
                "kind": text.kind,
                "status": status,
                "public": True,
                "dated": text.signed_on,
                "url": f"/van-ban-phap-luat/{text.pk}/",
                "organisation_name": "",
            }
        )
        counters.entry += 1
    writer.entries(entries)
