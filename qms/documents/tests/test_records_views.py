"""Record rule pages, asked by the four kinds of caller: anonymous, another agency, a reader
(staff, a coordinator above the agency) and an ISO secretary. On every denial the database is
compared row by row: nothing may change. List pages keep their query count as data grows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.core.dates import add_months
from qms.core.tests.factories import UserFactory, grant
from qms.core.tests.pagekit import STALE_MESSAGE, audited, fresh, login_redirect, unchanged
from qms.documents import services_records as services
from qms.documents.models import RecordHolding, RecordRule


def today() -> dt.date:
    return timezone.localdate()


def make_rule(organisation, **overrides) -> RecordRule:
    data = {
        "name": "Sổ theo dõi tiếp nhận và trả kết quả hồ sơ TTHC",
        "keeper": "Công chức Bộ phận Một cửa",
        "place": "Tủ hồ sơ Bộ phận Một cửa",
        "retention_months": 60,
        "disposal_method": "shred",
    }
    data.update(overrides)
    return services.record_rule_create(actor=None, organisation=organisation, **data)


def make_holding(rule, label: str, period_end: dt.date) -> RecordHolding:
    return services.record_holding_add(actor=None, rule=rule, label=label, period_end=period_end)


def make_due(rule, label: str = "Hồ sơ năm cũ", days_ago: int = 10) -> RecordHolding:
    holding = make_holding(rule, label, add_months(today() - dt.timedelta(days=days_ago), -rule.retention_months))
    assert holding.dispose_on <= today()
    return holding


# --- fixtures and payloads -------------------------------------------------------------------------


@pytest.fixture
def objects(department, unit, commune, other_province, coordinator, secretary, staff_user, outsider):
    rule = make_rule(department)
    other_rule = make_rule(other_province, name="Hồ sơ của Bắc Ninh")
    return {
        "department": department,
        "unit": unit,
        "commune": commune,
        "rule": rule,
        "kept": make_holding(rule, "Hồ sơ năm 2025", dt.date(2025, 12, 31)),
        "holding": make_due(rule),
        "other_rule": other_rule,
        "other_holding": make_due(other_rule, "Hồ sơ cũ của Bắc Ninh"),
    }


def rule_data(organisation, rule: RecordRule | None = None, **overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": organisation.pk,
        "name": "Hồ sơ giải quyết khiếu nại",
        "document": "",
        "keeper": "Thanh tra Sở",
        "place": "Tủ hồ sơ Thanh tra",
        "retention_value": "5",
        "retention_unit": "years",
        "disposal_method": "burn",
        "note": "",
        "version": "",
    }
    if rule is not None:
        rule = fresh(rule)
        data.update(
            organisation=rule.organisation_id,
            name=rule.name,
            keeper=rule.keeper,
            place=rule.place,
            retention_value=str(rule.retention_months // 12),
            disposal_method=rule.disposal_method,
            version=rule.version,
        )
    data.update(overrides)
    return data


def holding_data(**overrides: Any) -> dict[str, Any]:
    data = {"label": "Hồ sơ năm 2026", "period_end": "2026-12-31", "location": "Tủ 2, ngăn 1"}
    data.update(overrides)
    return data


def dispose_data(**overrides: Any) -> dict[str, Any]:
    data = {"disposed_on": today().isoformat(), "disposal_record": "Biên bản huỷ số 05/BB-STP"}
    data.update(overrides)
    return data


def _url(name: str, objects: dict[str, Any], target: str | None) -> str:
    return reverse(f"documents:{name}", args=[objects[target].pk]) if target else reverse(f"documents:{name}")


def _payload(name: str, objects: dict[str, Any]) -> dict[str, Any]:
    return {
        "record_rule_create": rule_data(objects["department"]),
        "record_rule_edit": rule_data(objects["department"], objects["rule"], keeper="Bị sửa"),
        "record_holding_add": holding_data(),
        "record_holding_dispose": dispose_data(),
    }.get(name, {})


def _call(client, method: str, url: str, payload: dict[str, Any]):
    return client.post(url, payload) if method == "post" else client.get(url)


# --- anonymous -------------------------------------------------------------------------------------

ALL_CASES = [
    ("get", "record_rule_list", None),
    ("get", "record_disposal_due", None),
    ("get", "record_rule_create", None),
    ("post", "record_rule_create", None),
    ("get", "record_rule_detail", "rule"),
    ("get", "record_rule_edit", "rule"),
    ("post", "record_rule_edit", "rule"),
    ("post", "record_rule_delete", "rule"),
    ("post", "record_holding_add", "rule"),
    ("get", "record_holding_dispose", "holding"),
    ("post", "record_holding_dispose", "holding"),
]


@pytest.mark.parametrize(("method", "name", "target"), ALL_CASES)
def test_anonymous_is_sent_to_the_login_page(client, objects, method, name, target):
    url = _url(name, objects, target)

    with unchanged():
        response = _call(client, method, url, _payload(name, objects))

    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)


# --- another agency --------------------------------------------------------------------------------

OBJECT_CASES = [case for case in ALL_CASES if case[2] is not None]


@pytest.mark.parametrize(("method", "name", "target"), OBJECT_CASES)
def test_another_province_gets_404_and_changes_nothing(client, objects, outsider, method, name, target):
    client.force_login(outsider)

    with unchanged():
        response = _call(client, method, _url(name, objects, target), _payload(name, objects))

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name", "target"), OBJECT_CASES)
def test_a_secretary_of_another_agency_gets_404(client, objects, method, name, target):
    other_secretary = UserFactory()
    grant(other_secretary, objects["commune"], "iso_secretary")
    client.force_login(other_secretary)

    with unchanged():
        response = _call(client, method, _url(name, objects, target), _payload(name, objects))

    assert response.status_code == 404


def test_another_province_lists_only_its_own(client, objects, outsider):
    client.force_login(outsider)

    rules = client.get(reverse("documents:record_rule_list"))
    due = client.get(reverse("documents:record_disposal_due"))
    filtered = client.get(reverse("documents:record_rule_list"), {"organisation": objects["department"].pk})

    assert [r.name for r in rules.context["page_obj"]] == ["Hồ sơ của Bắc Ninh"]
    assert [h.label for h in due.context["page_obj"]] == ["Hồ sơ cũ của Bắc Ninh"]
    assert objects["rule"].name not in rules.content.decode() + due.content.decode()
    assert filtered.status_code == 404


def test_a_secretary_of_another_agency_cannot_create_a_rule_in_ours(client, objects):
    other_secretary = UserFactory()
    grant(other_secretary, objects["commune"], "iso_secretary")
    client.force_login(other_secretary)

    with unchanged():
        response = client.post(reverse("documents:record_rule_create"), rule_data(objects["department"]))

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_a_coordinator_of_another_province_may_not_create(client, objects, outsider):
    client.force_login(outsider)

    with unchanged():
        response = client.post(reverse("documents:record_rule_create"), rule_data(objects["department"]))

    assert response.status_code == 403


# --- readers: staff and a coordinator above the agency ---------------------------------------------

READERS = ["staff_user", "coordinator"]
WRITE_CASES = [
    case for case in ALL_CASES if case[1] not in {"record_rule_list", "record_disposal_due", "record_rule_detail"}
]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("method", "name", "target"), WRITE_CASES)
def test_readers_may_not_write(client, objects, request, reader, method, name, target):
    client.force_login(request.getfixturevalue(reader))

    with unchanged():
        response = _call(client, method, _url(name, objects, target), _payload(name, objects))

    assert response.status_code == 403


@pytest.mark.parametrize("reader", READERS)
def test_readers_read_the_list_the_rule_and_the_due_list(client, objects, request, reader):
    client.force_login(request.getfixturevalue(reader))
    rule = objects["rule"]

    listing = client.get(reverse("documents:record_rule_list"))
    detail = client.get(reverse("documents:record_rule_detail", args=[rule.pk]))
    due = client.get(reverse("documents:record_disposal_due"))

    assert [r.name for r in listing.context["page_obj"]] == [rule.name]
    assert listing.context["can_create"] is False
    assert reverse("documents:record_rule_create") not in listing.content.decode()
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False and detail.context["holding_form"] is None
    body = detail.content.decode()
    assert reverse("documents:record_rule_edit", args=[rule.pk]) not in body
    assert reverse("documents:record_holding_add", args=[rule.pk]) not in body
    assert [h.label for h in due.context["page_obj"]] == ["Hồ sơ năm cũ"]
    assert 'name="disposal_record"' not in due.content.decode()


# --- the ISO secretary ----------------------------------------------------------------------------


def test_create_form_offers_the_agency_and_its_units(client, objects, secretary):
    client.force_login(secretary)

    response = client.get(reverse("documents:record_rule_create"), {"organisation": objects["unit"].pk})

    form = response.context["form"]
    assert [pk for pk, _label in form.fields["organisation"].choices] == [objects["department"].pk, objects["unit"].pk]
    assert form.initial["organisation"] == objects["unit"].pk
    assert client.get(reverse("documents:record_rule_create")).context["form"].initial["organisation"] == (
        objects["department"].pk
    )


@pytest.mark.parametrize(
    ("overrides", "months"),
    [
        ({}, 60),
        ({"retention_value": "18", "retention_unit": "months"}, 18),
        ({"retention_value": "", "permanent": "on"}, None),
        ({"retention_value": "3", "permanent": "on"}, None),
    ],
)
def test_secretary_creates_a_rule(client, objects, secretary, overrides, months):
    client.force_login(secretary)

    with audited("record_rule.create"):
        response = client.post(
            reverse("documents:record_rule_create"), rule_data(objects["unit"], **overrides, note="Theo quy trình")
        )

    rule = RecordRule.objects.get(name="Hồ sơ giải quyết khiếu nại")
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:record_rule_detail", args=[rule.pk])
    assert (rule.organisation_id, rule.agency_id, rule.retention_months, rule.disposal_method, rule.note) == (
        objects["unit"].pk,
        objects["department"].pk,
        months,
        "burn",
        "Theo quy trình",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"retention_value": ""}, "retention_value"),
        ({"retention_value": "101"}, "retention_value"),  # 101 years: more than the service allows
        ({"retention_value": "0"}, "retention_value"),
        ({"name": ""}, "name"),
        ({"disposal_method": "flush"}, "disposal_method"),
        ({"document": "987654"}, "document"),
    ],
)
def test_invalid_rule_forms_change_nothing(client, objects, secretary, overrides, field):
    client.force_login(secretary)

    with unchanged():
        response = client.post(reverse("documents:record_rule_create"), rule_data(objects["department"], **overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_secretary_edits_a_rule(client, objects, secretary):
    client.force_login(secretary)
    rule = objects["rule"]
    url = reverse("documents:record_rule_edit", args=[rule.pk])

    form = client.get(url).context["form"]
    assert (form.initial["retention_value"], form.initial["retention_unit"], form.initial["version"]) == (5, "years", 1)

    with audited("record_rule.update"):
        response = client.post(
            url, rule_data(objects["department"], rule, retention_value="18", retention_unit="months")
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("documents:record_rule_detail", args=[rule.pk])
    rule = fresh(rule)
    assert (rule.retention_months, rule.version) == (18, 2)
    assert fresh(objects["kept"]).dispose_on == dt.date(2027, 6, 30)


def test_a_stale_edit_is_refused(client, objects, secretary):
    client.force_login(secretary)
    rule = objects["rule"]
    stale = rule_data(objects["department"], rule, keeper="Người thứ hai")
    services.record_rule_update(
        actor=secretary,
        rule=fresh(rule),
        expected_version=1,
        name=rule.name,
        keeper="Người thứ nhất",
        place=rule.place,
        retention_months=rule.retention_months,
        disposal_method=rule.disposal_method,
    )

    with unchanged():
        response = client.post(reverse("documents:record_rule_edit", args=[rule.pk]), stale)

    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert fresh(rule).keeper == "Người thứ nhất"


def test_a_rule_with_records_kept_is_not_deleted(client, objects, secretary):
    client.force_login(secretary)
    rule = objects["rule"]

    with unchanged():
        response = client.post(reverse("documents:record_rule_delete", args=[rule.pk]), follow=True)

    assert response.redirect_chain == [(reverse("documents:record_rule_detail", args=[rule.pk]), 302)]
    assert "Không xóa được: còn 2 tập hồ sơ đang lưu theo quy định này." in response.content.decode()


def test_secretary_deletes_an_empty_rule(client, objects, secretary):
    client.force_login(secretary)
    rule = make_rule(objects["department"], name="Nhập nhầm")

    with audited("record_rule.delete"):
        response = client.post(reverse("documents:record_rule_delete", args=[rule.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("documents:record_rule_list")
    assert not RecordRule.objects.filter(pk=rule.pk).exists()


def test_secretary_adds_a_holding(client, objects, secretary):
    client.force_login(secretary)
    rule = objects["rule"]

    with audited("record_holding.add"):
        response = client.post(reverse("documents:record_holding_add", args=[rule.pk]), holding_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("documents:record_rule_detail", args=[rule.pk])
    holding = RecordHolding.objects.get(label="Hồ sơ năm 2026")
    assert (holding.rule_id, holding.period_end, holding.dispose_on, holding.location) == (
        rule.pk,
        dt.date(2026, 12, 31),
        dt.date(2031, 12, 31),
        "Tủ 2, ngăn 1",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"label": ""}, "label"), ({"period_end": "31/13/2026"}, "period_end"), ({"label": "hồ sơ NĂM 2025"}, "label")],
)
def test_an_invalid_holding_changes_nothing(client, objects, secretary, overrides, field):
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("documents:record_holding_add", args=[objects["rule"].pk]), holding_data(**overrides)
        )

    assert response.status_code == 200
    assert field in response.context["holding_form"].errors
    assert response.templates[0].name == "documents/records/rule_detail.html"


def test_secretary_records_a_disposal_from_the_due_list(client, objects, secretary):
    client.force_login(secretary)
    holding = objects["holding"]
    due_url = reverse("documents:record_disposal_due")

    page = client.get(due_url)
    assert f'action="{reverse("documents:record_holding_dispose", args=[holding.pk])}"' in page.content.decode()

    with audited("record_holding.dispose"):
        response = client.post(
            reverse("documents:record_holding_dispose", args=[holding.pk]), dispose_data(next=due_url + "?page=1")
        )

    assert response.status_code == 302
    assert response["Location"] == due_url + "?page=1"
    holding = fresh(holding)
    assert (holding.disposed_on, holding.disposed_by, holding.disposal_record) == (
        today(),
        secretary,
        "Biên bản huỷ số 05/BB-STP",
    )
    assert [h.label for h in client.get(due_url).context["page_obj"]] == []


def test_the_dispose_page_shows_a_form_for_a_due_holding_only(client, objects, secretary):
    client.force_login(secretary)

    due = client.get(reverse("documents:record_holding_dispose", args=[objects["holding"].pk]))
    kept = client.get(reverse("documents:record_holding_dispose", args=[objects["kept"].pk]))

    assert due.status_code == kept.status_code == 200
    assert 'name="disposal_record"' in due.content.decode()
    assert "data-confirm=" in due.content.decode()
    assert 'name="disposal_record"' not in kept.content.decode()
    assert "Chưa đến hạn huỷ" in kept.content.decode()


@pytest.mark.parametrize(
    ("target", "overrides", "message"),
    [
        ("kept", {}, "Chưa đến hạn huỷ"),
        ("holding", {"disposal_record": " "}, "Phải ghi số biên bản huỷ"),
        ("holding", {"disposed_on": "2999-01-01"}, "Ngày huỷ không được sau ngày hôm nay."),
    ],
)
def test_a_refused_disposal_changes_nothing(client, objects, secretary, target, overrides, message):
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("documents:record_holding_dispose", args=[objects[target].pk]), dispose_data(**overrides)
        )

    assert response.status_code == 200
    assert message in response.content.decode()


def test_pages_show_retention_nicely_and_highlight_overdue_records(client, objects, secretary):
    client.force_login(secretary)
    make_rule(objects["unit"], name="Sổ công văn đến", retention_months=18)
    make_rule(objects["department"], name="Quyết định thành lập", retention_months=None)
    soon = make_holding(objects["rule"], "Sắp đến hạn", add_months(today() + dt.timedelta(days=20), -60))

    listing = client.get(reverse("documents:record_rule_list"))
    due = client.get(reverse("documents:record_disposal_due"))

    labels = {r.name: (r.retention_label, r.kept_count) for r in listing.context["page_obj"]}
    assert labels == {
        "Quyết định thành lập": ("Vĩnh viễn", 0),
        "Sổ công văn đến": ("18 tháng", 0),
        "Sổ theo dõi tiếp nhận và trả kết quả hồ sơ TTHC": ("5 năm", 3),
    }
    rows = list(due.context["page_obj"])
    assert [h.label for h in rows] == ["Hồ sơ năm cũ", "Sắp đến hạn"]
    assert [(h.days <= 0, h.can_dispose) for h in rows] == [(True, True), (False, False)]
    assert (due.context["due_count"], due.context["upcoming_count"]) == (1, 1)
    body = due.content.decode()
    assert 'class="table-danger"' in body
    assert f"Còn {(soon.dispose_on - today()).days} ngày" in body


def test_detail_page_shows_holdings_and_their_history(client, objects, secretary):
    client.force_login(secretary)
    rule = objects["rule"]

    response = client.get(reverse("documents:record_rule_detail", args=[rule.pk]))

    assert response.status_code == 200
    assert response.context["retention"] == "5 năm"
    assert [h.label for h in response.context["holdings"]] == ["Hồ sơ năm cũ", "Hồ sơ năm 2025"]
    assert [e.verb for e in response.context["events"]] == [
        "record_holding.add",
        "record_holding.add",
        "record_rule.create",
    ]
    body = response.content.decode()
    assert "Thêm tập hồ sơ đang lưu" in body and "Lịch sử thay đổi" in body
    assert ' style="' not in body and " onclick=" not in body


def test_list_search_and_organisation_filter(client, objects, secretary):
    client.force_login(secretary)
    make_rule(objects["unit"], name="Sổ đăng ký văn bản đến", keeper="Văn thư")
    url = reverse("documents:record_rule_list")

    def shown(**params: Any) -> list[str]:
        return [r.name for r in client.get(url, params).context["page_obj"]]

    assert shown(q="văn thư") == ["Sổ đăng ký văn bản đến"]
    assert shown(organisation=objects["unit"].pk) == ["Sổ đăng ký văn bản đến"]
    assert shown(q="không có gì") == []
    assert "Không tìm thấy quy định lưu hồ sơ nào" in client.get(url, {"q": "không có gì"}).content.decode()


# --- query counts ----------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow_rules(department, unit, n: int) -> None:
    for i in range(n):
        rule = make_rule(unit if i % 2 else department, name=f"Hồ sơ số {i:03d}", retention_months=12 + i)
        make_due(rule, f"Tập cũ {i}")
        make_holding(rule, f"Tập mới {i}", today())


@pytest.mark.parametrize("name", ["record_rule_list", "record_disposal_due"])
def test_list_pages_query_count_does_not_grow_with_data(client, objects, secretary, name, django_assert_num_queries):
    client.force_login(secretary)
    url = reverse(f"documents:{name}")
    _grow_rules(objects["department"], objects["unit"], 3)
    client.get(url)  # warm caches (content types, session)
    small = _queries(client, url)

    _grow_rules(objects["department"], objects["unit"], 30)
    with django_assert_num_queries(small):
        response = client.get(url)

    assert len(response.context["page_obj"].object_list) == 25
    assert small <= 12


def test_detail_page_query_count_does_not_grow_with_holdings(client, objects, secretary, django_assert_num_queries):
    client.force_login(secretary)
    rule = objects["rule"]
    url = reverse("documents:record_rule_detail", args=[rule.pk])
    client.get(url)
    small = _queries(client, url)

    for year in range(2000, 2020):
        make_holding(rule, f"Hồ sơ năm {year}", dt.date(year, 12, 31))
    services.record_holding_dispose(
        actor=secretary, holding=fresh(objects["holding"]), disposed_on=today(), disposal_record="BB 01"
    )
    with django_assert_num_queries(small):
        response = client.get(url)

    assert len(response.context["holdings"]) == 22
