"""How audit events read: a label for every verb, object type and change key recorded anywhere in
the code, numbers written the Vietnamese way, one line per event with the details folded, and
never an empty description."""

from __future__ import annotations

import ast
import decimal
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

import qms
from qms.core import audit
from qms.core.models import AuditEvent

QMS_ROOT = Path(qms.__file__).parent
VERB = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _import_every_module() -> None:
    """Services register their verbs when imported: import them all, as a running site does."""
    for module in pkgutil.walk_packages([str(QMS_ROOT)], prefix="qms."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.startswith("qms.demo"):
            continue
        if module.name.rsplit(".", 1)[-1].startswith(("services", "audit_display")):
            importlib.import_module(module.name)


def _source_files() -> list[Path]:
    return [
        path for path in sorted(QMS_ROOT.rglob("*.py")) if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _is_record_call(node: ast.Call) -> bool:
    """``audit.record(...)`` and the apps' thin wrappers around it (``_record(actor, "verb", ...)``)."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name == "record" or name.endswith("_record")


def _strings(node: ast.AST | None) -> list[str]:
    """The string constants an expression can evaluate to (``"a" if x else "b"`` gives both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _recorded() -> tuple[set[str], set[str], set[tuple[str, str, str]]]:
    """(constant verbs, f-string verb patterns, (verb, literal change key, app)) of every record call."""
    verbs: set[str] = set()
    patterns: set[str] = set()
    keys: set[tuple[str, str, str]] = set()
    for path in _source_files():
        app = path.relative_to(QMS_ROOT).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not _is_record_call(node):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            candidates = [keywords.get("verb"), *node.args]
            found = [s for c in candidates for s in _strings(c) if VERB.match(s)]
            for c in candidates:
                if isinstance(c, ast.JoinedStr):
                    patterns.add(
                        "".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z_]+" for v in c.values)
                    )
            verbs.update(found)
            changes = keywords.get("changes")
            if changes is None and len(node.args) >= 4:
                changes = node.args[3]
            for inner in ast.walk(changes) if changes is not None else ():
                if not isinstance(inner, ast.Dict):
                    continue
                for key in inner.keys:
                    if (
                        isinstance(key, ast.Constant)
                        and isinstance(key.value, str)
                        and key.value not in ("before", "after")
                    ):
                        keys.update((verb, key.value, app) for verb in found)
    return verbs, patterns, keys


def test_the_scan_finds_the_record_calls():
    verbs, patterns, keys = _recorded()
    assert {"document.create", "obligation.open_many", "process.register", "assessment.score"} <= verbs
    assert len(verbs) > 90
    assert any(re.fullmatch(p, "legal.replace") for p in patterns)
    assert ("obligation.open_many", "kinds", "obligations") in keys


def test_every_verb_recorded_in_the_code_has_a_vietnamese_label():
    _import_every_module()
    verbs, patterns, _keys = _recorded()
    unlabelled = sorted(v for v in verbs if v not in audit.VERB_LABELS)
    assert unlabelled == []
    for pattern in patterns:
        assert [v for v in audit.VERB_LABELS if re.fullmatch(pattern, v)], pattern
    for verb, label in audit.VERB_LABELS.items():
        assert str(label) and str(label) != verb


def test_the_labels_are_registered_when_django_starts_not_only_once_a_page_imported_the_services():
    """A management command or the shell shows the log too: ``rubric.publish`` used to read raw
    there (the assessments app registered its labels only when its views were imported)."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from qms.core import audit; "
        "print(sorted(v for v in ('rubric.publish', 'assessment.score', 'process.register', 'obligation.open_many') "
        "if v not in audit.VERB_LABELS), 'assessment.score' in audit.CHANGE_SPECS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        cwd=QMS_ROOT.parent,
    )
    assert result.stdout.strip().splitlines()[-1] == "[] True"


def test_every_change_key_recorded_in_the_code_has_a_label():
    """Keys that are not fields of the target model must be labelled by the app (or be neutral
    words known to the core): no "Created: 3" or "Kinds: …" in the log."""
    _import_every_module()
    _verbs, _patterns, keys = _recorded()
    fields_by_app: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model.__module__.startswith("qms."):
            names = {f.name for f in model._meta.get_fields() if getattr(f, "verbose_name", None)}
            fields_by_app.setdefault(model._meta.app_label, set()).update(names)
    missing = []
    for verb, key, app in sorted(keys):
        # Labelled by the app, a neutral word, written in words, or a field of the app's models
        # (shown with the field's label when the event's target is that model).
        if not audit.has_label(verb, key) and key not in fields_by_app.get(app, set()):
            missing.append((verb, key))
    assert missing == []


def test_every_object_type_has_a_vietnamese_name():
    for model in apps.get_models():
        if not model.__module__.startswith("qms."):
            continue
        assert "verbose_name" in model._meta.original_attrs, model._meta.label
        assert str(model._meta.verbose_name) != model._meta.model_name


# --- values and rows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (decimal.Decimal("81.50"), "81,5"),
        ("81.50", "81,5"),
        ("78.00", "78"),
        (0.5, "0,5"),
        (3, "3"),
        (2026, "2026"),
        ("QT 02/CX-HCTP", "QT 02/CX-HCTP"),
        ("2.002206", "2.002206"),  # a national procedure code, not a number
        (["1.001234", "2.002206"], "1.001234, 2.002206"),
        ("2026-11-21", "21/11/2026"),
        ([], "—"),
    ],
)
def test_values_are_written_the_vietnamese_way(value, shown):
    assert audit.format_value(value) == shown


def _event(verb, changes, target=None, **fields):
    from django.contrib.contenttypes.models import ContentType

    return AuditEvent(
        verb=verb,
        changes=changes,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target) if target is not None else "",
        actor_name="Hệ thống",
        **fields,
    )


@pytest.mark.django_db
def test_a_batch_of_obligations_reads_as_a_sentence_without_internal_keys():
    event = _event(
        "obligation.open_many",
        {
            "created": {"before": None, "after": 3},
            "kinds": {"before": None, "after": {"inspection_followup": 3}},
            "keys": {
                "before": None,
                "after": ["inspection-followup:1", "inspection-followup:2", "inspection-followup:3"],
            },
        },
    )
    shown = audit.describe(event)
    assert shown.verb == "Phát sinh các nghĩa vụ"
    assert shown.summary == "3 nghĩa vụ “Khắc phục tồn tại sau kiểm tra”"
    assert shown.line == "Phát sinh các nghĩa vụ: 3 nghĩa vụ “Khắc phục tồn tại sau kiểm tra”"
    text = " ".join(f"{r.field} {r.before} {r.after}" for r in shown.rows)
    assert "inspection" not in text and "Created" not in text and "Kinds" not in text and "Keys" not in text
    assert [r.field for r in shown.rows] == ["Số nghĩa vụ phát sinh", "Loại nghĩa vụ"]
    mixed = _event(
        "obligation.open_many",
        {
            "created": {"before": None, "after": 30},
            "kinds": {"before": None, "after": {"process_for_procedure": 28, "legal_update": 2}},
        },
    )
    assert audit.describe(mixed).summary.startswith("30 nghĩa vụ: Xây dựng, mở rộng quy trình cho TTHC được giao (28)")


@pytest.mark.django_db
def test_an_event_without_object_or_changes_still_says_something():
    shown = audit.describe(_event("obligation.open_many", {}))
    assert shown.line.startswith("Phát sinh các nghĩa vụ: ") and not shown.line.endswith(": ")
    bare = audit.describe(_event("calendar.import", {}))
    assert bare.line == "Nhập lịch nghỉ, làm bù: Không có chi tiết"


@pytest.mark.django_db
def test_a_score_sheet_is_summarised_in_one_line(department):
    changes = {f"{i}.{j}": {"before": "", "after": "0,5"} for i in range(1, 30) for j in range(1, 4)}
    changes["total"] = {"before": "78.00", "after": "81.50"}
    event = _event("assessment.score", changes, target=department)
    shown = audit.describe(event)
    assert shown.summary == "87 tiêu chí; tổng điểm 78 → 81,5"
    assert len(shown.rows) == audit.MAX_ROWS and shown.more == 88 - audit.MAX_ROWS
    assert shown.rows[0].field == "Tiêu chí 1.1"
    assert any(r.field == "Tổng điểm" and r.after == "81,5" for r in audit.change_rows(event))


@pytest.mark.django_db
def test_values_stored_without_before_and_after_are_shown(department):
    """Some services record a plain value (a note, a count): it used to be dropped from the log."""
    event = _event("document.periodic_review", {"note": "Còn phù hợp", "count": 3}, target=department)
    assert [(r.field, r.after, r.is_diff) for r in audit.change_rows(event)] == [
        ("Kết quả xem xét", "Còn phù hợp", False),
        ("Số lượng", "3", False),
    ]


@pytest.mark.django_db
def test_model_fields_keep_their_label_and_choice_labels(department):
    event = _event(
        "organisation.update", {"kind": {"before": "department", "after": "sub_department"}}, target=department
    )
    [row] = audit.change_rows(event)
    assert (row.field, row.before, row.after) == ("Loại", "Sở, ban, ngành", "Chi cục, đơn vị trực thuộc")


# --- the pages -----------------------------------------------------------------------------------


@pytest.fixture
def scoring_events(department):
    from qms.core.tests.factories import UserFactory

    actor = UserFactory(full_name="Nguyễn Văn An")
    for n in range(8):
        changes = {f"{i}.{j}": {"before": "", "after": "0,5"} for i in range(1, 30) for j in range(1, 4)}
        changes["total"] = {"before": None, "after": f"{80 + n}.50"}
        audit.record(
            actor=actor, verb="assessment.score", target=department, scope_path=department.path, changes=changes
        )
    audit.record(
        actor=None,
        verb="obligation.open_many",
        scope_path=department.path,
        changes={
            "created": {"before": None, "after": 3},
            "kinds": {"before": None, "after": {"inspection_followup": 3}},
            "keys": {"before": None, "after": ["inspection-followup:1"]},
        },
    )


@pytest.mark.django_db
def test_the_change_log_shows_one_folded_entry_per_action(client, coordinator, scoring_events):
    client.force_login(coordinator)
    page = client.get(reverse("organisations:audit_log")).content.decode()
    page = page[page.index("<table") : page.index("</table>")]  # the entries, not the verb filter
    assert page.count("<summary>87 tiêu chí; tổng điểm") == 8  # one folded entry per scoring
    assert "<summary>3 nghĩa vụ" in page
    assert "tổng điểm 87,5" in page and "87.50" not in page
    assert "3 nghĩa vụ “Khắc phục tồn tại sau kiểm tra”" in page
    assert "inspection_followup" not in page and "inspection-followup" not in page
    assert "Created" not in page and "Kinds" not in page
    # the rows listed inside each entry are bounded, the rest counted
    assert page.count("Tiêu chí 1.1:") == 8
    assert "… và 48 thay đổi khác" in page


@pytest.mark.django_db
def test_the_coordinators_home_never_shows_an_empty_description(client, coordinator, scoring_events):
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "Hệ thống</strong> — Phát sinh các nghĩa vụ: 3 nghĩa vụ “Khắc phục tồn tại sau kiểm tra”" in page
    assert "Phát sinh các nghĩa vụ: </span>" not in page and "Phát sinh các nghĩa vụ:</span>" not in page
