"""Organisation codes are unique whatever the case of Vietnamese letters, and the audit log's
searches fold them, on SQLite as on PostgreSQL (``iexact``/``icontains`` folded ASCII only there)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.core import audit
from qms.core.tests.factories import UserFactory, make_org
from qms.core.tests.pagekit import unchanged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["ĐK-VĐ", "đk-vđ", "Đk-Vđ"])
def test_an_organisation_code_with_vietnamese_letters_is_unique_whatever_the_case(province, code):
    make_org("commune", province, name="UBND đặc khu Vân Đồn", code="ĐK-VĐ")
    with unchanged(), pytest.raises(ValidationError) as exc:
        make_org("commune", province, name="Trùng mã", code=code)
    assert set(exc.value.message_dict) == {"code"}


@pytest.fixture
def events(department):
    actor = UserFactory(full_name="Đỗ Văn Giang", username="giang.dv")
    audit.record(actor=actor, verb="organisation.update", target=department, scope_path=department.path)
    other = UserFactory(full_name="Nguyễn Thị Hoa", username="hoa.nt")
    audit.record(actor=other, verb="organisation.update", target=department, scope_path=department.path)
    return actor, other


@pytest.mark.parametrize("actor", ["ĐỖ", "đỗ văn", "do van"])
def test_the_audit_log_finds_the_actor_whatever_the_case_or_accents(client, coordinator, events, actor):
    client.force_login(coordinator)
    response = client.get(reverse("organisations:audit_log"), {"actor": actor})
    assert response.status_code == 200
    assert {e.actor_name for e in response.context["page_obj"].object_list} == {"Đỗ Văn Giang"}


def test_the_audit_log_finds_the_object_whatever_the_case(client, coordinator, events):
    client.force_login(coordinator)
    response = client.get(reverse("organisations:audit_log"), {"q": "SỞ TƯ PHÁP"})
    assert len(response.context["page_obj"].object_list) >= 2
    assert {e.target_repr for e in response.context["page_obj"].object_list} == {"Sở Tư pháp"}
