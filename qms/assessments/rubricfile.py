"""Rubrics as data: the JSON files shipped in ``data/`` (one per rubric and version) and the
tree inferred from the codes of an annex (``I``, ``1``, ``1.1``, ``a``).

Pure: no database. ``services_rubrics`` turns a :class:`RubricSpec` into rows; the Excel form of
a rubric (``rubricxlsx``) reads and writes the same spec.

The file format (UTF-8 JSON, numbers as strings so that ``0.5`` stays exact)::

    {"code": "daknong-2020", "version": 1, "title": "...", "issuer": "...",
     "scoring_mode": "points", "max_points": "100", "score_step": "0.5",
     "bands_published": false, "bands_note": "...", "bands": [{"from": "90", "label": "Tốt"}],
     "criteria": [{"code": "I", "text": "...", "max": "72", "children": [...]}, ...]}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .scoring import fmt, parse_decimal

DATA_DIR = Path(__file__).resolve().parent / "data"
ROMAN_RE = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
NUMBER_RE = re.compile(r"^\d+(\.\d+)*$")
LETTER_RE = re.compile(r"^[a-zđ]$")
CODE_RE = re.compile(r"^[0-9A-Za-zĐđ.\-]{1,20}$")
MODES = ("points", "checklist")


@dataclass
class CriterionSpec:
    code: str
    text: str
    max_points: Decimal = Decimal("0")
    children: list[CriterionSpec] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass
class RubricSpec:
    code: str
    version: int
    title: str
    issuer: str = ""
    description: str = ""
    scoring_mode: str = "points"
    max_points: Decimal = Decimal("0")
    score_step: Decimal = Decimal("0.5")
    bands_published: bool = False
    bands_note: str = ""
    bands: list[tuple[Decimal, str]] = field(default_factory=list)
    criteria: list[CriterionSpec] = field(default_factory=list)
    organisation_code: str = ""


@dataclass(frozen=True)
class FlatRow:
    """A criterion in tree order with its unique key, parent key and depth."""

    code: str
    key: str
    parent_key: str | None
    text: str
    max_points: Decimal
    depth: int
    is_leaf: bool
    order: int


# --- codes and the tree ---------------------------------------------------------------------------


def code_kind(code: str) -> str:
    """``roman`` (a part), ``number`` (``7``, ``7.1``), ``letter`` (``a``, ``đ``) or ``other``."""
    if ROMAN_RE.match(code):
        return "roman"
    if NUMBER_RE.match(code):
        return "number"
    if LETTER_RE.match(code):
        return "letter"
    return "other"


def _rank(code: str) -> int | None:
    """Nesting rank of a code: parts 0, ``7`` 1, ``7.1`` 2 … ; letters attach below (None)."""
    kind = code_kind(code)
    if kind == "roman":
        return 0
    if kind == "number":
        return code.count(".") + 1
    return None


def infer_tree(rows: Sequence[tuple[str, str, Decimal]]) -> list[CriterionSpec]:
    """Build the tree from annex rows ``(code, text, max)`` in order.

    A part (Roman numeral) contains the numbered rows after it; ``7.1`` belongs to ``7``;
    a letter belongs to the nearest numbered row above it (so letters recur under different
    criteria). Raises ValueError naming the row for a code that fits nowhere.
    """
    roots: list[CriterionSpec] = []
    stack: list[tuple[int, CriterionSpec]] = []  # (rank, node) of the open non-letter ancestors
    for index, (code, text, max_points) in enumerate(rows, start=1):
        node = CriterionSpec(code=code, text=text, max_points=max_points)
        rank = _rank(code)
        if rank is None:
            if code_kind(code) != "letter":
                raise ValueError(
                    _("Dòng %(row)s: mã “%(code)s” không đúng dạng (số La Mã, số 1, 1.1 hoặc chữ cái a, b, đ…).")
                    % {"row": index, "code": code}
                )
            if not stack:
                raise ValueError(
                    _("Dòng %(row)s: tiêu chí “%(code)s” không nằm dưới tiêu chí nào.") % {"row": index, "code": code}
                )
            stack[-1][1].children.append(node)
            continue
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if stack:
            stack[-1][1].children.append(node)
        else:
            roots.append(node)
        stack.append((rank, node))
    return roots


def flatten(criteria: Iterable[CriterionSpec]) -> list[FlatRow]:
    rows: list[FlatRow] = []

    def walk(nodes: Iterable[CriterionSpec], parent_key: str | None, depth: int) -> None:
        for node in nodes:
            key = f"{parent_key}.{node.code}" if code_kind(node.code) == "letter" and parent_key else node.code
            rows.append(
                FlatRow(
                    code=node.code,
                    key=key,
                    parent_key=parent_key,
                    text=node.text,
                    max_points=node.max_points,
                    depth=depth,
                    is_leaf=node.is_leaf,
                    order=len(rows) + 1,
                )
            )
            walk(node.children, key, depth + 1)

    walk(criteria, None, 0)
    return rows


def validate(spec: RubricSpec) -> list[str]:
    """Every problem of a rubric, in Vietnamese (empty when valid)."""
    errors: list[str] = []
    if not re.match(r"^[a-z0-9][a-z0-9\-]{1,58}$", spec.code or ""):
        errors.append(_("Mã bộ tiêu chí “%(code)s” chỉ gồm chữ thường không dấu, số và dấu “-”.") % {"code": spec.code})
    if spec.version < 1:
        errors.append(_("Phiên bản phải từ 1 trở lên."))
    if not spec.title.strip():
        errors.append(_("Chưa có tên bộ tiêu chí."))
    if spec.scoring_mode not in MODES:
        errors.append(_("Cách chấm “%(mode)s” không hợp lệ (points hoặc checklist).") % {"mode": spec.scoring_mode})
    if not spec.criteria:
        errors.append(_("Bộ tiêu chí chưa có tiêu chí nào."))
    rows = flatten(spec.criteria)
    seen: set[str] = set()
    for row in rows:
        if not CODE_RE.match(row.code):
            errors.append(_("Mã tiêu chí “%(code)s” không hợp lệ.") % {"code": row.code})
        if row.key in seen:
            errors.append(_("Mã tiêu chí “%(code)s” bị trùng.") % {"code": row.key})
        seen.add(row.key)
        if not row.text.strip():
            errors.append(_("Tiêu chí %(code)s chưa có nội dung.") % {"code": row.key})
    if spec.scoring_mode == "points":
        if spec.score_step <= 0 or spec.score_step > 10:
            errors.append(_("Bước điểm phải lớn hơn 0 và không quá 10."))

        def check(node: CriterionSpec, key: str) -> None:
            if node.max_points <= 0:
                errors.append(_("Tiêu chí %(code)s: điểm tối đa phải lớn hơn 0.") % {"code": key})
            elif spec.score_step > 0 and node.max_points % spec.score_step:
                errors.append(
                    _("Tiêu chí %(code)s: điểm tối đa %(max)s không chia hết cho bước điểm %(step)s.")
                    % {"code": key, "max": fmt(node.max_points), "step": fmt(spec.score_step)}
                )
            if node.children:
                total = sum((c.max_points for c in node.children), Decimal("0"))
                if total != node.max_points:
                    errors.append(
                        _("Tiêu chí %(code)s: điểm tối đa %(max)s khác tổng điểm tối đa các tiêu chí con (%(sum)s).")
                        % {"code": key, "max": fmt(node.max_points), "sum": fmt(total)}
                    )
            for child in node.children:
                ck = f"{key}.{child.code}" if code_kind(child.code) == "letter" else child.code
                check(child, ck)

        for root in spec.criteria:
            check(root, root.code)
        leaves_total = sum((r.max_points for r in rows if r.is_leaf), Decimal("0"))
        if leaves_total != spec.max_points:
            errors.append(
                _("Tổng điểm tối đa của các tiêu chí chấm (%(sum)s) khác điểm tối đa của bộ tiêu chí (%(max)s).")
                % {"sum": fmt(leaves_total), "max": fmt(spec.max_points)}
            )
    errors.extend(validate_bands(spec.bands, spec.max_points if spec.scoring_mode == "points" else None))
    return errors


def validate_bands(bands: Sequence[tuple[Decimal, str]], max_points: Decimal | None) -> list[str]:
    """Bands: lower bounds strictly ascending, within 0..max, labels present and unique."""
    errors: list[str] = []
    if not bands:
        return errors
    if max_points is None:
        return [_("Bộ tiêu chí dạng danh mục không dùng thang xếp loại theo điểm.")]
    labels: set[str] = set()
    previous: Decimal | None = None
    for index, (lower, label) in enumerate(bands, start=1):
        label = (label or "").strip()
        if not label:
            errors.append(_("Mức %(n)s: chưa có tên xếp loại.") % {"n": index})
        elif label.casefold() in labels:
            errors.append(_("Mức %(n)s: tên xếp loại “%(label)s” bị trùng.") % {"n": index, "label": label})
        labels.add(label.casefold())
        if lower < 0 or lower > max_points:
            errors.append(
                _("Mức %(n)s: điểm từ %(lower)s phải trong khoảng 0 đến %(max)s.")
                % {"n": index, "lower": fmt(lower), "max": fmt(max_points)}
            )
        if previous is not None and lower <= previous:
            errors.append(
                _("Mức %(n)s: điểm từ %(lower)s phải lớn hơn mức trước (%(prev)s): xếp các mức tăng dần.")
                % {"n": index, "lower": fmt(lower), "prev": fmt(previous)}
            )
        previous = lower
    if bands and bands[0][0] != 0:
        errors.append(_("Mức thấp nhất phải bắt đầu từ 0 điểm để mọi tổng điểm đều được xếp loại."))
    return errors


# --- JSON ----------------------------------------------------------------------------------------


def _dec(value: Any, what: str) -> Decimal:
    try:
        parsed = parse_decimal(value)
    except ValueError:
        raise ValueError(_("Giá trị “%(v)s” của %(what)s không phải là số.") % {"v": value, "what": what}) from None
    return parsed if parsed is not None else Decimal("0")


def spec_from_dict(data: dict[str, Any]) -> RubricSpec:
    def node(item: dict[str, Any]) -> CriterionSpec:
        code = str(item.get("code", "")).strip()
        return CriterionSpec(
            code=code,
            text=str(item.get("text", "")).strip(),
            max_points=_dec(item.get("max", "0"), code),
            children=[node(c) for c in item.get("children", [])],
        )

    return RubricSpec(
        code=str(data.get("code", "")).strip(),
        version=int(data.get("version", 1)),
        title=str(data.get("title", "")).strip(),
        issuer=str(data.get("issuer", "")).strip(),
        description=str(data.get("description", "")).strip(),
        scoring_mode=str(data.get("scoring_mode", "points")),
        max_points=_dec(data.get("max_points", "0"), "max_points"),
        score_step=_dec(data.get("score_step", "0.5"), "score_step"),
        bands_published=bool(data.get("bands_published", False)),
        bands_note=str(data.get("bands_note", "")).strip(),
        bands=[(_dec(b["from"], "bands"), str(b["label"]).strip()) for b in data.get("bands", [])],
        criteria=[node(c) for c in data.get("criteria", [])],
        organisation_code=str(data.get("organisation", "") or ""),
    )


def spec_to_dict(spec: RubricSpec) -> dict[str, Any]:
    def node(item: CriterionSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"code": item.code, "text": item.text, "max": _num(item.max_points)}
        if item.children:
            out["children"] = [node(c) for c in item.children]
        return out

    data: dict[str, Any] = {
        "code": spec.code,
        "version": spec.version,
        "title": spec.title,
        "issuer": spec.issuer,
        "description": spec.description,
        "scoring_mode": spec.scoring_mode,
        "max_points": _num(spec.max_points),
        "score_step": _num(spec.score_step),
        "bands_published": spec.bands_published,
        "bands_note": spec.bands_note,
        "bands": [{"from": _num(lower), "label": label} for lower, label in spec.bands],
    }
    if spec.organisation_code:
        data["organisation"] = spec.organisation_code
    data["criteria"] = [node(c) for c in spec.criteria]
    return data


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def load_file(path: Path) -> RubricSpec:
    return spec_from_dict(json.loads(path.read_text(encoding="utf-8")))


def dump(spec: RubricSpec) -> str:
    """Readable JSON: the header one key per line, each criterion on one line, children indented."""
    data = spec_to_dict(spec)
    criteria = data.pop("criteria")
    head = [f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}," for k, v in data.items()]
    lines = ["{", *head, ' "criteria": [']

    def emit(items: list[dict[str, Any]], indent: int) -> None:
        for position, item in enumerate(items):
            comma = "," if position < len(items) - 1 else ""
            pad = " " * indent
            own = {k: v for k, v in item.items() if k != "children"}
            text = json.dumps(own, ensure_ascii=False)
            if "children" in item:
                lines.append(f'{pad}{text[:-1]}, "children": [')
                emit(item["children"], indent + 2)
                lines.append(f"{pad}]}}{comma}")
            else:
                lines.append(f"{pad}{text}{comma}")

    emit(criteria, 2)
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


def shipped_files() -> list[Path]:
    """The rubric files shipped with the product, ordered by code then version."""

    def sort_key(p: Path) -> tuple[str, int]:
        stem = p.name.removesuffix(".json")
        code, _sep, version = stem.rpartition(".v")
        return (code, int(version) if version.isdigit() else 0)

    return sorted(DATA_DIR.glob("*.json"), key=sort_key)


def fingerprint(spec: RubricSpec) -> str:
    """What makes two versions the same content (ignores code and version)."""
    data = spec_to_dict(spec)
    data.pop("version", None)
    data.pop("code", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
