"""Rules of DESIGN §6 that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

QMS = Path(__file__).resolve().parents[2]
VIEW_MODULES = sorted(p for name in ("views*.py", "api*.py") for p in QMS.glob(f"*/{name}"))

# Ways of fetching rows that bypass the tenancy selectors.
FORBIDDEN_CALLS = {"get_object_or_404", "get_list_or_404"}
FORBIDDEN_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{path.relative_to(QMS.parent)}:{node.lineno} uses .{node.attr}")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in FORBIDDEN_CALLS:
                found.append(f"{path.relative_to(QMS.parent)}:{node.lineno} calls {name}()")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith(".models"):
            imported = {alias.name for alias in node.names}
            # Choice enums are fine; model classes are not.
            models = {n for n in imported if not n.endswith(("Kind", "Role", "Position", "Event"))}
            if models:
                found.append(f"{path.relative_to(QMS.parent)}:{node.lineno} imports models {sorted(models)}")
    return found


def test_there_are_view_modules_to_check() -> None:
    assert len(VIEW_MODULES) >= 2


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(QMS.parent)))
def test_views_fetch_tenant_data_only_through_selectors(path: Path) -> None:
    assert _violations(path) == []


def test_the_check_catches_a_direct_query(tmp_path: Path) -> None:
    bad = QMS / "core" / "tests" / "_bad_view_sample.py"
    bad.write_text(
        "from django.shortcuts import get_object_or_404\n"
        "from qms.organisations.models import Organisation\n"
        "def view(request, pk):\n"
        "    a = Organisation.objects.get(pk=pk)\n"
        "    return get_object_or_404(Organisation, pk=pk)\n",
        encoding="utf-8",
    )
    try:
        problems = _violations(bad)
    finally:
        bad.unlink()
    assert len(problems) == 3
