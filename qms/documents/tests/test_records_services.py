"""Record rules and holdings (ISO 9001:2015 clause 7.5.3): the services' arithmetic and refusals,
and the selectors' tenancy. Every refusal is checked to write nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from qms.core.dates import add_months
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.core.tests.pagekit import STALE_MESSAGE, audited, fresh, unchanged
from qms.documents import selectors_records as selectors
from qms.documents import services_records as services
from qms.documents.models import Document, RecordHolding, RecordRule
from qms.documents.services_records import dispose_on_for

TODAY = timezone.localdate


def make_rule(organisation, **overrides) -> RecordRule:
    data = {
        "name": "Sổ theo dõi tiếp nhận và trả kết quả hồ sơ TTHC",
        "keeper": "Công chức Bộ phận Một cửa",
        "place": "Tủ hồ sơ Bộ phận Một cửa",
        "retention_months": 60,
        "disposal_method": "shred",
        "note": "",
    }
    data.update(overrides)
    return services.record_rule_create(actor=None, organisation=organisation, **data)


def make_holding(rule, label="Hồ sơ năm 2020", period_end=dt.date(2020, 12, 31), **fields) -> RecordHolding:
    return services.record_holding_add(actor=None, rule=rule, label=label, period_end=period_end, **fields)


def make_document(organisation, *, code="QT-01", kind="process") -> Document:
    agency = organisation.agency or organisation
    return Document.objects.create(
        organisation=organisation,
        agency=agency,
        scope_path=organisation.path,
        code=code,
        code_folded=code.lower(),
        title="Quy trình tiếp nhận hồ sơ",
        kind=kind,
    )


def due_holding(rule, label="Hồ sơ năm cũ") -> RecordHolding:
    """A holding whose disposal date passed 10 days ago (the rule keeps records 60 months)."""
    period_end = add_months(TODAY() - dt.timedelta(days=10), -rule.retention_months)
    holding = make_holding(rule, label=label, period_end=period_end)
    assert holding.dispose_on <= TODAY() - dt.timedelta(days=10)
    return holding


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, "leader")
    return user


@pytest.fixture
def rule(department):
    return make_rule(department)


@pytest.fixture
def unit_rule(unit):
    return make_rule(unit, name="Sổ đăng ký văn bản đến", retention_months=18, disposal_method="burn")


@pytest.fixture
def other_rule(other_province):
    return make_rule(other_province, name="Hồ sơ của Bắc Ninh")


# --- create ----------------------------------------------------------------------------------------


def test_secretary_creates_a_rule_for_the_agency(department, secretary):
    with audited("record_rule.create") as events:
        rule = services.record_rule_create(
            actor=secretary,
            organisation=department,
            name="  Hồ sơ giải quyết TTHC  ",
            keeper="Phòng Hành chính tư pháp",
            place="Kho lưu trữ của Sở",
            retention_months=120,
            disposal_method="archive",
            note="Theo Thông tư 10/2022/TT-BNV",
        )

    rule = fresh(rule)
    assert (rule.organisation_id, rule.agency_id, rule.scope_path) == (department.pk, department.pk, department.path)
    assert (rule.name, rule.keeper, rule.place, rule.retention_months, rule.disposal_method, rule.version) == (
        "Hồ sơ giải quyết TTHC",
        "Phòng Hành chính tư pháp",
        "Kho lưu trữ của Sở",
        120,
        "archive",
        1,
    )
    event = events[0]
    assert (event.actor, event.target_id, event.scope_path) == (secretary, str(rule.pk), department.path)
    assert event.changes["name"] == {"before": None, "after": "Hồ sơ giải quyết TTHC"}
    assert event.changes["retention_months"] == {"before": None, "after": 120}


def test_leader_creates_a_permanent_rule_for_a_unit_linked_to_a_process(department, unit, leader):
    document = make_document(unit, kind="form")

    rule = services.record_rule_create(
        actor=leader,
        organisation=unit,
        name="Sổ đăng ký văn bản đi",
        keeper="Văn thư",
        place="Văn phòng Sở",
        retention_months=None,
        disposal_method="other",
        document=document,
    )

    rule = fresh(rule)
    assert (rule.organisation_id, rule.agency_id, rule.scope_path) == (unit.pk, department.pk, unit.path)
    assert rule.retention_months is None and rule.is_permanent
    assert rule.document_id == document.pk


@pytest.mark.parametrize("who", ["staff_user", "coordinator", "outsider"])
def test_only_agency_document_managers_create_rules(request, department, who):
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        make_rule_as(actor, department)


def make_rule_as(actor, organisation, **overrides):
    data = {
        "name": "Hồ sơ",
        "keeper": "Văn thư",
        "place": "Tủ 1",
        "retention_months": 12,
        "disposal_method": "shred",
    }
    data.update(overrides)
    return services.record_rule_create(actor=actor, organisation=organisation, **data)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "   "}, "name"),
        ({"keeper": ""}, "keeper"),
        ({"place": " "}, "place"),
        ({"retention_months": 0}, "retention_months"),
        ({"retention_months": 1201}, "retention_months"),
        ({"disposal_method": "flush"}, "disposal_method"),
    ],
)
def test_invalid_rules_are_refused_field_by_field(department, secretary, overrides, field):
    with unchanged(), pytest.raises(ValidationError) as exc:
        make_rule_as(secretary, department, **overrides)

    assert list(exc.value.message_dict) == [field]


def test_the_longest_retention_is_a_hundred_years(department, secretary):
    assert make_rule_as(secretary, department, retention_months=1200).retention_months == 1200


def test_a_document_of_another_agency_or_of_the_wrong_kind_is_refused(department, dost, secretary):
    foreign = make_document(dost, code="QT-KHCN")
    policy_doc = make_document(department, code="CS-01", kind="policy")

    with unchanged():
        for document, message in [
            (foreign, "Tài liệu phải thuộc cùng cơ quan với hồ sơ."),
            (policy_doc, "Chỉ gắn được với quy trình, hướng dẫn, biểu mẫu hoặc mẫu hồ sơ."),
        ]:
            with pytest.raises(ValidationError) as exc:
                make_rule_as(secretary, department, document=document)
            assert exc.value.message_dict == {"document": [message]}


def test_an_abolished_unit_gets_no_new_rules(department, secretary):
    old_unit = make_org("unit", department, name="Phòng đã giải thể", valid_to=dt.date(2025, 6, 30))

    with unchanged(), pytest.raises(ValidationError) as exc:
        make_rule_as(secretary, old_unit)

    assert exc.value.message_dict == {"organisation": ["Cơ quan, đơn vị này không còn hoạt động."]}


# --- holdings: the disposal date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retention", "period_end", "expected"),
    [
        (60, dt.date(2020, 12, 31), dt.date(2025, 12, 31)),
        (12, dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # leap day → end of February
        (6, dt.date(2023, 8, 31), dt.date(2024, 2, 29)),  # month end into a leap February
        (6, dt.date(2022, 8, 31), dt.date(2023, 2, 28)),
        (18, dt.date(2024, 6, 30), dt.date(2025, 12, 30)),
        (1, dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
        (None, dt.date(2020, 12, 31), None),
    ],
)
def test_holding_disposal_date_is_period_end_plus_retention(department, secretary, retention, period_end, expected):
    rule = make_rule(department, retention_months=retention)

    with audited("record_holding.add") as events:
        holding = services.record_holding_add(
            actor=secretary, rule=rule, label=" Hồ sơ năm 2020 ", period_end=period_end, location=" Tủ 3, ngăn 2 "
        )

    holding = fresh(holding)
    assert (holding.label, holding.location, holding.period_end, holding.dispose_on) == (
        "Hồ sơ năm 2020",
        "Tủ 3, ngăn 2",
        period_end,
        expected,
    )
    assert holding.disposed_on is None
    assert (events[0].target_id, events[0].scope_path) == (str(holding.pk), department.path)
    if expected is None:  # nothing to record: a permanent holding has no disposal date
        assert "dispose_on" not in events[0].changes
    else:
        assert events[0].changes["dispose_on"] == {"before": None, "after": expected.isoformat()}


def test_dispose_on_for_matches_the_calendar_helper():
    assert dispose_on_for(dt.date(2021, 3, 31), 11) == dt.date(2022, 2, 28)
    assert dispose_on_for(dt.date(2021, 3, 31), None) is None


def test_holding_refusals_write_nothing(rule, secretary, staff_user, coordinator):
    make_holding(rule, label="Hồ sơ năm 2020")

    with unchanged():
        with pytest.raises(ValidationError) as exc:
            services.record_holding_add(actor=secretary, rule=rule, label="  ", period_end=dt.date(2021, 12, 31))
        assert list(exc.value.message_dict) == ["label"]
        with pytest.raises(ValidationError) as exc:
            services.record_holding_add(
                actor=secretary, rule=rule, label="hồ sơ năm 2020", period_end=dt.date(2021, 1, 1)
            )
        assert exc.value.message_dict == {"label": ["Tập hồ sơ “hồ sơ năm 2020” đã có trong danh sách đang lưu."]}
        for actor in (staff_user, coordinator):
            with pytest.raises(PermissionDenied):
                services.record_holding_add(
                    actor=actor, rule=rule, label="Hồ sơ năm 2021", period_end=dt.date(2021, 12, 31)
                )


# --- update ----------------------------------------------------------------------------------------


def update(rule, actor, **overrides):
    rule = fresh(rule)
    data = {
        "expected_version": rule.version,
        "name": rule.name,
        "keeper": rule.keeper,
        "place": rule.place,
        "retention_months": rule.retention_months,
        "disposal_method": rule.disposal_method,
        "document": rule.document,
        "note": rule.note,
    }
    data.update(overrides)
    return services.record_rule_update(actor=actor, rule=rule, **data)


def test_update_changes_fields_bumps_the_version_and_audits_the_difference(rule, secretary):
    with audited("record_rule.update") as events:
        update(rule, secretary, keeper="Văn thư Sở", disposal_method="burn")

    rule = fresh(rule)
    assert (rule.keeper, rule.disposal_method, rule.version) == ("Văn thư Sở", "burn", 2)
    assert events[0].changes == {
        "keeper": {"before": "Công chức Bộ phận Một cửa", "after": "Văn thư Sở"},
        "disposal_method": {"before": "shred", "after": "burn"},
    }


def test_changing_retention_moves_the_disposal_date_of_kept_holdings_only(rule, secretary):
    kept = make_holding(rule, label="Hồ sơ năm 2024", period_end=dt.date(2024, 12, 31))
    disposed = due_holding(rule)
    services.record_holding_dispose(
        actor=secretary, holding=disposed, disposed_on=TODAY(), disposal_record="Biên bản huỷ số 01/BB-STP"
    )
    disposed_before = fresh(disposed).dispose_on

    with audited("record_rule.update") as events:
        update(rule, secretary, retention_months=30)

    assert fresh(kept).dispose_on == dt.date(2027, 6, 30)
    assert fresh(disposed).dispose_on == disposed_before
    assert events[0].changes == {"retention_months": {"before": 60, "after": 30}}

    update(rule, secretary, retention_months=None)
    assert fresh(kept).dispose_on is None

    update(rule, secretary, retention_months=120)
    assert fresh(kept).dispose_on == dt.date(2034, 12, 31)


def test_a_stale_version_is_refused(rule, secretary):
    update(rule, secretary, keeper="Người thứ nhất")

    with unchanged(), pytest.raises(ValidationError) as exc:
        update(rule, secretary, keeper="Người thứ hai", expected_version=1)

    assert STALE_MESSAGE in " ".join(exc.value.messages)
    assert fresh(rule).keeper == "Người thứ nhất"


def test_a_rule_moves_to_a_unit_of_the_same_agency_not_elsewhere(rule, unit, dost, superadmin, secretary):
    update(rule, secretary, organisation=unit)
    moved = fresh(rule)
    assert (moved.organisation_id, moved.agency_id, moved.scope_path) == (unit.pk, rule.agency_id, unit.path)

    with unchanged(), pytest.raises(ValidationError) as exc:
        update(rule, superadmin, organisation=dost)
    assert exc.value.message_dict == {"organisation": ["Chỉ chuyển được sang đơn vị thuộc cùng cơ quan."]}


@pytest.mark.parametrize("who", ["staff_user", "coordinator", "outsider"])
def test_update_is_refused_without_the_permission(request, rule, who):
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        update(rule, actor, keeper="Bị sửa")


def test_update_validates_like_create(rule, secretary):
    with unchanged(), pytest.raises(ValidationError) as exc:
        update(rule, secretary, retention_months=0, name="")

    assert set(exc.value.message_dict) == {"name", "retention_months"}


# --- delete ----------------------------------------------------------------------------------------


def test_a_rule_with_records_still_kept_is_not_deleted(rule, secretary):
    make_holding(rule)
    make_holding(rule, label="Hồ sơ năm 2021", period_end=dt.date(2021, 12, 31))

    with unchanged(), pytest.raises(ValidationError) as exc:
        services.record_rule_delete(actor=secretary, rule=rule)

    assert exc.value.message_dict == {
        NON_FIELD_ERRORS: [
            "Không xóa được: còn 2 tập hồ sơ đang lưu theo quy định này. Hãy huỷ các tập hồ sơ đó (khi đến hạn) trước."
        ]
    }


def test_a_rule_whose_records_were_all_disposed_of_is_deleted(rule, secretary):
    holding = due_holding(rule)
    services.record_holding_dispose(actor=secretary, holding=holding, disposed_on=TODAY(), disposal_record="BB 02")

    with audited("record_rule.delete") as events:
        services.record_rule_delete(actor=secretary, rule=rule)

    assert not RecordRule.objects.filter(pk=rule.pk).exists()
    assert not RecordHolding.objects.filter(pk=holding.pk).exists()
    assert events[0].changes["name"] == {"before": rule.name, "after": None}


@pytest.mark.parametrize("who", ["staff_user", "coordinator", "outsider"])
def test_delete_is_refused_without_the_permission(request, rule, who):
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_rule_delete(actor=actor, rule=rule)


# --- dispose ---------------------------------------------------------------------------------------


def test_secretary_records_the_disposal_of_a_due_holding(rule, secretary):
    holding = due_holding(rule)
    day = TODAY() - dt.timedelta(days=1)

    with audited("record_holding.dispose") as events:
        services.record_holding_dispose(
            actor=secretary, holding=holding, disposed_on=day, disposal_record="  Biên bản huỷ số 03/BB-STP  "
        )

    holding = fresh(holding)
    assert (holding.disposed_on, holding.disposed_by, holding.disposal_record) == (
        day,
        secretary,
        "Biên bản huỷ số 03/BB-STP",
    )
    assert events[0].changes == {
        "disposed_on": {"before": None, "after": day.isoformat()},
        "disposed_by": {"before": None, "after": str(secretary)},
        "disposal_record": {"before": "", "after": "Biên bản huỷ số 03/BB-STP"},
    }
    assert events[0].scope_path == rule.scope_path


def test_a_holding_due_today_may_be_disposed_of_today(rule, secretary):
    holding = make_holding(rule, label="Đến hạn hôm nay", period_end=add_months(TODAY(), -60))
    assert holding.dispose_on == TODAY() or holding.dispose_on < TODAY()  # month-end clamping

    services.record_holding_dispose(actor=secretary, holding=holding, disposed_on=TODAY(), disposal_record="BB 04")

    assert fresh(holding).disposed_on == TODAY()


def test_disposal_refusals_write_nothing(department, rule, secretary):
    due = due_holding(rule)
    not_due = make_holding(rule, label="Hồ sơ năm nay", period_end=TODAY())
    permanent = make_holding(make_rule(department, name="Hồ sơ lưu vĩnh viễn", retention_months=None))
    already = due_holding(rule, label="Đã huỷ rồi")
    services.record_holding_dispose(actor=secretary, holding=already, disposed_on=TODAY(), disposal_record="BB 01")
    today = TODAY()

    cases = [
        (due, today + dt.timedelta(days=1), "BB 05", {"disposed_on": ["Ngày huỷ không được sau ngày hôm nay."]}),
        (
            due,
            due.dispose_on - dt.timedelta(days=1),
            "BB 05",
            {"disposed_on": [f"Ngày huỷ không được trước ngày đến hạn huỷ ({due.dispose_on:%d/%m/%Y})."]},
        ),
        (due, today, "   ", {"disposal_record": ["Phải ghi số biên bản huỷ (ví dụ: Biên bản huỷ số 03/BB-VP)."]}),
        (
            not_due,
            today,
            "BB 05",
            {NON_FIELD_ERRORS: [f"Chưa đến hạn huỷ: tập hồ sơ này được huỷ từ ngày {not_due.dispose_on:%d/%m/%Y}."]},
        ),
        (permanent, today, "BB 05", {NON_FIELD_ERRORS: ["Hồ sơ lưu vĩnh viễn, không được huỷ."]}),
        (already, today, "BB 05", {NON_FIELD_ERRORS: [f"Tập hồ sơ này đã được huỷ ngày {today:%d/%m/%Y}."]}),
    ]
    with unchanged():
        for holding, day, record, errors in cases:
            with pytest.raises(ValidationError) as exc:
                services.record_holding_dispose(
                    actor=secretary, holding=holding, disposed_on=day, disposal_record=record
                )
            assert exc.value.message_dict == errors


def test_a_stale_copy_of_a_disposed_holding_is_not_disposed_twice(rule, secretary, leader):
    holding = due_holding(rule)
    stale_copy = fresh(holding)
    services.record_holding_dispose(actor=secretary, holding=holding, disposed_on=TODAY(), disposal_record="BB 06")

    with unchanged(), pytest.raises(ValidationError):
        services.record_holding_dispose(actor=leader, holding=stale_copy, disposed_on=TODAY(), disposal_record="BB 07")

    assert fresh(holding).disposal_record == "BB 06"


@pytest.mark.parametrize("who", ["staff_user", "coordinator", "outsider"])
def test_dispose_is_refused_without_the_permission(request, rule, who):
    holding = due_holding(rule)
    actor = request.getfixturevalue(who)
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_holding_dispose(actor=actor, holding=holding, disposed_on=TODAY(), disposal_record="BB")


# --- selectors: who sees what ----------------------------------------------------------------------


@pytest.fixture
def rules(department, unit, commune, other_province):
    return {
        "department": make_rule(department, name="Hồ sơ của Sở"),
        "unit": make_rule(unit, name="Hồ sơ của Văn phòng Sở", keeper="Văn thư", place="Kho Văn phòng"),
        "commune": make_rule(commune, name="Hồ sơ của phường"),
        "other": make_rule(other_province, name="Hồ sơ của Bắc Ninh"),
    }


def names(qs) -> set[str]:
    return {r.name for r in qs}


def test_agency_members_see_their_agency_and_its_units(rules, staff_user, secretary):
    for user in (staff_user, secretary):
        assert names(selectors.record_rule_list_for_user(user)) == {"Hồ sơ của Sở", "Hồ sơ của Văn phòng Sở"}


def test_a_unit_member_sees_the_whole_agency(rules, unit):
    member = UserFactory()
    grant(member, unit, "staff")

    assert names(selectors.record_rule_list_for_user(member)) == {"Hồ sơ của Sở", "Hồ sơ của Văn phòng Sở"}


def test_a_coordinator_sees_the_subtree_and_another_province_sees_only_its_own(rules, coordinator, outsider):
    assert names(selectors.record_rule_list_for_user(coordinator)) == {
        "Hồ sơ của Sở",
        "Hồ sơ của Văn phòng Sở",
        "Hồ sơ của phường",
    }
    assert names(selectors.record_rule_list_for_user(outsider)) == {"Hồ sơ của Bắc Ninh"}


def test_someone_without_a_role_sees_nothing_and_the_administrator_everything(rules, superadmin):
    assert names(selectors.record_rule_list_for_user(UserFactory())) == set()
    assert len(selectors.record_rule_list_for_user(superadmin)) == 4


def test_list_filters_by_organisation_subtree_and_search_words(rules, department, unit, coordinator):
    assert names(selectors.record_rule_list_for_user(coordinator, organisation=department)) == {
        "Hồ sơ của Sở",
        "Hồ sơ của Văn phòng Sở",
    }
    assert names(selectors.record_rule_list_for_user(coordinator, organisation=unit)) == {"Hồ sơ của Văn phòng Sở"}
    assert names(selectors.record_rule_list_for_user(coordinator, q="văn thư")) == {"Hồ sơ của Văn phòng Sở"}
    assert names(selectors.record_rule_list_for_user(coordinator, q="Kho  Văn")) == {"Hồ sơ của Văn phòng Sở"}
    assert names(selectors.record_rule_list_for_user(coordinator, q="phường")) == {"Hồ sơ của phường"}
    assert names(selectors.record_rule_list_for_user(coordinator, q="Sở Tư pháp")) == {"Hồ sơ của Sở"}
    assert names(selectors.record_rule_list_for_user(coordinator, q="không có")) == set()


def test_list_counts_the_holdings_still_kept(rules, secretary, staff_user):
    rule = rules["department"]
    make_holding(rule, label="A", period_end=dt.date(2024, 12, 31))
    make_holding(rule, label="B", period_end=dt.date(2025, 12, 31))
    old = due_holding(rule)
    services.record_holding_dispose(actor=secretary, holding=old, disposed_on=TODAY(), disposal_record="BB 01")

    counts = {r.name: r.kept_count for r in selectors.record_rule_list_for_user(staff_user)}

    assert counts == {"Hồ sơ của Sở": 2, "Hồ sơ của Văn phòng Sở": 0}
    assert selectors.record_rule_get_for_user(staff_user, rule.pk).kept_count == 2


def test_get_is_404_for_other_agencies_and_bad_ids(rules, staff_user, coordinator, outsider):
    assert selectors.record_rule_get_for_user(staff_user, rules["unit"].pk) == rules["unit"]
    assert selectors.record_rule_get_for_user(coordinator, str(rules["commune"].pk)) == rules["commune"]
    for user, pk in [
        (staff_user, rules["commune"].pk),
        (staff_user, rules["other"].pk),
        (outsider, rules["department"].pk),
        (staff_user, 987_654),
        (staff_user, "abc"),
        (staff_user, None),
    ]:
        with pytest.raises(Http404):
            selectors.record_rule_get_for_user(user, pk)


def test_holdings_due_are_the_visible_undisposed_ones_by_disposal_date(rules, staff_user, secretary, outsider):
    today = dt.date(2026, 3, 15)
    rule, unit_rule, other = rules["department"], rules["unit"], rules["other"]
    late = make_holding(rule, label="Quá hạn", period_end=dt.date(2020, 12, 31))  # 31/12/2025
    on_day = make_holding(unit_rule, label="Đến hạn đúng ngày", period_end=dt.date(2021, 3, 15))  # 15/03/2026
    soon = make_holding(rule, label="Sắp đến hạn", period_end=dt.date(2021, 4, 14))  # 14/04/2026
    make_holding(rule, label="Còn lâu", period_end=dt.date(2021, 4, 15))  # 15/04/2026: 31 days ahead
    make_holding(make_rule(rules["department"].organisation, name="Vĩnh viễn", retention_months=None))
    gone = make_holding(rule, label="Đã huỷ", period_end=dt.date(2019, 12, 31))
    RecordHolding.objects.filter(pk=gone.pk).update(disposed_on=dt.date(2025, 1, 10), disposal_record="BB")
    foreign = make_holding(other, label="Của Bắc Ninh", period_end=dt.date(2020, 12, 31))

    def labels(user, within_days=0):
        return [h.label for h in selectors.record_holdings_due_for_user(user, today=today, within_days=within_days)]

    assert labels(staff_user) == [late.label, on_day.label]
    assert labels(staff_user, within_days=30) == [late.label, on_day.label, soon.label]
    assert labels(outsider, within_days=30) == [foreign.label]
    assert labels(UserFactory(), within_days=3000) == []


def test_holdings_due_come_with_their_rule_and_organisation(rules, staff_user, django_assert_num_queries):
    for year in (2017, 2018, 2019):
        make_holding(rules["unit"], label=f"Hồ sơ năm {year}", period_end=dt.date(year, 12, 31))

    with django_assert_num_queries(2):  # the user's grants, then the holdings
        rows = [
            (h.rule.name, h.rule.organisation.name)
            for h in selectors.record_holdings_due_for_user(staff_user, today=dt.date(2026, 1, 1))
        ]

    assert rows == [("Hồ sơ của Văn phòng Sở", "Văn phòng Sở")] * 3


def test_holding_get_is_404_outside_the_agency(rules, staff_user, coordinator, outsider):
    holding = make_holding(rules["department"])

    assert selectors.record_holding_get_for_user(staff_user, holding.pk) == holding
    assert selectors.record_holding_get_for_user(coordinator, holding.pk) == holding
    for user, pk in [(outsider, holding.pk), (staff_user, 987_654), (staff_user, "x")]:
        with pytest.raises(Http404):
            selectors.record_holding_get_for_user(user, pk)


def test_holdings_of_a_rule_kept_first_then_disposed(rule, secretary):
    later = make_holding(rule, label="2024", period_end=dt.date(2024, 12, 31))
    earlier = make_holding(rule, label="2023", period_end=dt.date(2023, 12, 31))
    gone = due_holding(rule)
    services.record_holding_dispose(actor=secretary, holding=gone, disposed_on=TODAY(), disposal_record="BB")

    assert list(selectors.record_rule_holdings(rule)) == [earlier, later, gone]


def test_rule_history_includes_its_holdings(rule, secretary):
    holding = make_holding(rule)
    update(rule, secretary, keeper="Văn thư")
    make_rule(rule.organisation, name="Một quy định khác")

    verbs = [e.verb for e in selectors.record_rule_history(rule)]

    assert verbs == ["record_rule.update", "record_holding.add", "record_rule.create"]
    assert holding.pk


def test_organisations_a_user_keeps_rules_for(department, unit, commune, secretary, staff_user, coordinator):
    make_org("unit", department, name="Phòng đã giải thể", valid_to=dt.date(2025, 6, 30))

    assert selectors.record_rule_organisations_for_user(secretary) == [department, unit]
    assert selectors.record_rule_organisations_for_user(secretary, agency_id=commune.pk) == []
    assert selectors.record_rule_organisations_for_user(staff_user) == []
    assert selectors.record_rule_organisations_for_user(coordinator) == []
    assert selectors.can_manage_record_rules(secretary)
    assert selectors.can_manage_record_rules(secretary, unit)
    assert not selectors.can_manage_record_rules(secretary, commune)
    assert not selectors.can_manage_record_rules(staff_user)
    assert not selectors.can_manage_record_rules(coordinator)


def test_documents_a_rule_may_refer_to(department, unit, dost, secretary, staff_user):
    process = make_document(department, code="QT-01")
    form = make_document(unit, code="BM-01", kind="form")
    make_document(department, code="CS-01", kind="policy")
    make_document(dost, code="QT-KHCN")
    withdrawn = make_document(department, code="QT-02")
    Document.objects.filter(pk=withdrawn.pk).update(status="obsolete")

    assert selectors.record_rule_documents_for_user(secretary, [department, unit]) == [form, process]
    assert selectors.record_rule_documents_for_user(staff_user, [department]) == []
