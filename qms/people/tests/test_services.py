"""Writes to accounts, steering committees and training records: permissions, validation,
atomicity (nothing half-written) and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.models import AuditEvent
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.organisations.models import Membership, Role
from qms.people import services
from qms.people.models import CommitteeMember, SteeringCommittee, TrainingRecord, User

from .conftest import STRONG_PASSWORD


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Membership.objects.count(),
        SteeringCommittee.objects.count(),
        CommitteeMember.objects.count(),
        TrainingRecord.objects.count(),
        AuditEvent.objects.count(),
    )


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def fresh(obj: Any) -> Any:
    return type(obj).objects.get(pk=obj.pk)


def create_user(actor: Any, organisation: Any, **overrides: Any) -> User:
    data = {
        "username": "nguyenthilan",
        "full_name": "  Nguyễn Thị Lan ",
        "email": "lan@quangninh.gov.vn",
        "password": STRONG_PASSWORD,
        "organisation": organisation,
        "role": Role.STAFF,
        "position": "Chuyên viên",
        "phone": " 0912 345 678 ",
    }
    data.update(overrides)
    return services.user_create(actor=actor, **data)


def training_kwargs(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "trainee_name": "Lý Thị Nga",
        "kind": "internal_auditor",
        "course": "Chuyên gia đánh giá nội bộ TCVN ISO 9001:2015",
        "provider": "Trung tâm Năng suất Việt Nam",
        "start_date": dt.date(2025, 9, 8),
        "end_date": dt.date(2025, 9, 10),
        "certificate_number": "CG-2025-0142",
        "certificate_date": dt.date(2025, 9, 12),
    }
    data.update(overrides)
    return data


# --- user_create ---------------------------------------------------------------------------------


def test_user_create_makes_the_account_and_its_first_role(secretary, department):
    since = last_event_id()

    user = create_user(secretary, department)

    assert (user.username, user.full_name, user.phone, user.home_organisation_id) == (
        "nguyenthilan",
        "Nguyễn Thị Lan",
        "0912 345 678",
        department.pk,
    )
    assert user.check_password(STRONG_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.organisation_id, membership.role, membership.position, membership.is_active) == (
        department.pk,
        "staff",
        "Chuyên viên",
        True,
    )
    events = new_events(since)
    assert [e.verb for e in events] == ["user.create", "membership.grant"]
    assert all(e.actor == secretary and e.scope_path == department.path for e in events)
    assert events[0].changes["username"] == {"before": None, "after": "nguyenthilan"}
    assert "password" not in events[0].changes


def test_user_create_with_a_role_the_actor_may_not_grant_creates_nothing(secretary, department):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        create_user(secretary, department, role=Role.LEADER)

    assert "role" in caught.value.message_dict
    assert counts() == before
    assert not User.objects.filter(username="nguyenthilan").exists()


def test_user_create_with_a_role_the_unit_cannot_hold_creates_nothing(coordinator, unit):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        create_user(coordinator, unit, role=Role.COORDINATOR)

    assert "role" in caught.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("actor_fixture", ["staff_user", "outsider"])
def test_user_create_needs_people_management_at_the_organisation(request, department, actor_fixture):
    actor = request.getfixturevalue(actor_fixture)
    before = counts()

    with pytest.raises(PermissionDenied):
        create_user(actor, department)

    assert counts() == before


def test_user_create_refuses_a_username_taken_in_another_case(secretary, department, colleague):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        create_user(secretary, department, username=" TranVanBao ", email="other@quangninh.gov.vn")

    assert list(caught.value.message_dict) == ["username"]
    assert "TranVanBao" in caught.value.message_dict["username"][0]
    assert counts() == before


def test_user_create_refuses_an_email_taken_in_another_case(secretary, department, colleague):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        create_user(secretary, department, email="BAO.STP@quangninh.gov.vn")

    assert list(caught.value.message_dict) == ["email"]
    assert counts() == before


def test_user_create_refuses_a_blank_username(secretary, department):
    with pytest.raises(ValidationError) as caught:
        create_user(secretary, department, username="   ")

    assert list(caught.value.message_dict) == ["username"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "Mật khẩu này hoàn toàn là số."),
        pytest.param(
            "abc",
            "Mật khẩu này quá ngắn. Nó phải chứa ít nhất 8 ký tự.",
        ),
        ("password", "Mật khẩu này quá phổ biến."),
    ],
)
def test_user_create_refuses_a_weak_password_on_the_password_field(secretary, department, password, message):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        create_user(secretary, department, password=password)

    assert list(caught.value.message_dict) == ["password"]
    assert message in caught.value.message_dict["password"]
    assert counts() == before


def test_user_create_refuses_a_password_like_the_username(secretary, department):
    with pytest.raises(ValidationError) as caught:
        create_user(secretary, department, username="nguyenthilan2026", password="nguyenthilan2026")

    assert list(caught.value.message_dict) == ["password"]


# --- user_update / user_set_password ------------------------------------------------------------


def test_user_update_changes_the_account_and_is_audited(secretary, colleague):
    since = last_event_id()

    services.user_update(
        actor=secretary, user=colleague, full_name=" Trần Văn Bảo Anh ", email="bao@quangninh.gov.vn", phone="0203"
    )

    stored = fresh(colleague)
    assert (stored.full_name, stored.email, stored.phone, stored.is_active) == (
        "Trần Văn Bảo Anh",
        "bao@quangninh.gov.vn",
        "0203",
        True,
    )
    events = new_events(since)
    assert [e.verb for e in events] == ["user.update"]
    assert events[0].changes == {
        "full_name": {"before": "Trần Văn Bảo", "after": "Trần Văn Bảo Anh"},
        "email": {"before": "bao.stp@quangninh.gov.vn", "after": "bao@quangninh.gov.vn"},
        "phone": {"before": "", "after": "0203"},
    }


@pytest.mark.parametrize("actor_fixture", ["staff_user", "outsider"])
def test_user_update_and_password_need_people_management(request, colleague, actor_fixture):
    actor = request.getfixturevalue(actor_fixture)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.user_update(actor=actor, user=colleague, full_name="X", email="")
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=actor, user=colleague, password="Cay-Tre-Xanh-2027")

    assert counts() == before
    assert fresh(colleague).check_password(STRONG_PASSWORD)


def test_account_without_a_home_organisation_is_managed_only_by_the_superadmin(secretary, staff_user, superadmin):
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=secretary, user=staff_user, password="Cay-Tre-Xanh-2027")

    services.user_set_password(actor=superadmin, user=staff_user, password="Cay-Tre-Xanh-2027")
    assert fresh(staff_user).check_password("Cay-Tre-Xanh-2027")


def test_superadmin_account_is_out_of_reach_of_coordinators(coordinator, superadmin, province):
    superadmin.home_organisation = province
    superadmin.save(update_fields=["home_organisation"])

    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=coordinator, user=superadmin, password="Cay-Tre-Xanh-2027")


def test_secretary_cannot_take_over_an_account_holding_a_higher_role(secretary, leader):
    """Resetting the leader's password would give the secretary the leader's role."""
    before = counts()

    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=secretary, user=leader, password="Cay-Tre-Xanh-2027")
    with pytest.raises(PermissionDenied):
        services.user_update(actor=secretary, user=leader, full_name=leader.full_name, email="", is_active=False)

    assert counts() == before
    assert fresh(leader).is_active is True


def test_coordinator_cannot_take_over_an_account_with_a_role_in_another_province(
    coordinator, colleague, other_province, outsider
):
    grant(colleague, other_province, Role.STAFF)

    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=coordinator, user=colleague, password="Cay-Tre-Xanh-2027")


def test_coordinator_manages_the_leader(coordinator, leader):
    services.user_set_password(actor=coordinator, user=leader, password="Cay-Tre-Xanh-2027")

    assert fresh(leader).check_password("Cay-Tre-Xanh-2027")


def test_revoked_higher_roles_no_longer_protect_an_account(secretary, leader):
    Membership.objects.filter(user=leader).update(is_active=False)

    services.user_set_password(actor=secretary, user=leader, password="Cay-Tre-Xanh-2027")

    assert fresh(leader).check_password("Cay-Tre-Xanh-2027")


def test_a_manager_edits_their_own_account_but_cannot_lock_it(secretary, department):
    secretary.home_organisation = department
    secretary.save(update_fields=["home_organisation"])

    services.user_update(actor=secretary, user=secretary, full_name="Lê Văn Cường", email="cuong@quangninh.gov.vn")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.user_update(actor=secretary, user=secretary, full_name="Lê Văn Cường", email="", is_active=False)

    assert list(caught.value.message_dict) == ["is_active"]
    assert counts() == before
    assert fresh(secretary).is_active is True


def test_user_update_refuses_an_email_of_another_account(secretary, colleague, leader):
    with pytest.raises(ValidationError) as caught:
        services.user_update(
            actor=secretary, user=colleague, full_name="Trần Văn Bảo", email="GIANG.stp@quangninh.gov.vn"
        )

    assert list(caught.value.message_dict) == ["email"]


def test_user_set_password_is_audited_without_the_password(secretary, colleague):
    since = last_event_id()

    services.user_set_password(actor=secretary, user=colleague, password="Cay-Tre-Xanh-2027")

    assert fresh(colleague).check_password("Cay-Tre-Xanh-2027")
    events = new_events(since)
    assert [e.verb for e in events] == ["user.set_password"]
    assert "Cay-Tre-Xanh-2027" not in str(events[0].changes)


def test_user_set_password_refuses_a_weak_password(secretary, colleague):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        services.user_set_password(actor=secretary, user=colleague, password="12345678")

    assert list(caught.value.message_dict) == ["password"]
    assert counts() == before
    assert fresh(colleague).check_password(STRONG_PASSWORD)


# --- steering committee --------------------------------------------------------------------------


def test_committee_create_replaces_the_current_committee(secretary, department, committee):
    since = last_event_id()

    new = services.committee_create(
        actor=secretary,
        organisation=department,
        decision_number=" 45/QĐ-STP ",
        decision_date=dt.date(2025, 8, 15),
        signed_by=" Giám đốc Sở ",
    )

    assert (new.decision_number, new.signed_by, new.name, new.is_current) == (
        "45/QĐ-STP",
        "Giám đốc Sở",
        "Ban chỉ đạo ISO",
        True,
    )
    assert fresh(committee).is_current is False
    assert SteeringCommittee.objects.filter(organisation=department, is_current=True).get() == new
    events = new_events(since)
    assert [e.verb for e in events] == ["committee.create"]
    assert events[0].scope_path == department.path


def test_committee_create_leaves_other_agencies_alone(coordinator, dost, committee):
    services.committee_create(
        actor=coordinator, organisation=dost, decision_number="12/QĐ-SKHCN", decision_date=dt.date(2025, 8, 1)
    )

    assert fresh(committee).is_current is True


def test_committee_of_a_unit_belongs_to_its_agency(secretary, department, unit):
    committee = services.committee_create(
        actor=secretary, organisation=unit, decision_number="7/QĐ-STP", decision_date=dt.date(2025, 8, 1)
    )

    assert committee.organisation_id == department.pk


def test_committee_create_refuses_a_duplicate_or_blank_decision(secretary, department, committee):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        services.committee_create(
            actor=secretary, organisation=department, decision_number="125/QĐ-stp", decision_date=dt.date(2025, 1, 1)
        )
    assert list(caught.value.message_dict) == ["decision_number"]
    with pytest.raises(ValidationError) as caught:
        services.committee_create(
            actor=secretary, organisation=department, decision_number="  ", decision_date=dt.date(2025, 1, 1)
        )
    assert list(caught.value.message_dict) == ["decision_number"]

    assert counts() == before
    assert fresh(committee).is_current is True


@pytest.mark.parametrize("actor_fixture", ["staff_user", "outsider"])
def test_committee_writes_need_the_qms_team_permission(request, department, committee, member, actor_fixture):
    actor = request.getfixturevalue(actor_fixture)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.committee_create(
            actor=actor, organisation=department, decision_number="1/QĐ", decision_date=dt.date(2025, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        services.committee_member_add(actor=actor, committee=committee, full_name="X", position="member")
    with pytest.raises(PermissionDenied):
        services.committee_member_remove(actor=actor, member=member)

    assert counts() == before


def test_committee_has_one_head_only(secretary, committee):
    services.committee_member_add(actor=secretary, committee=committee, full_name="Phan Văn Long", position="head")
    before = counts()

    with pytest.raises(ValidationError) as caught:
        services.committee_member_add(actor=secretary, committee=committee, full_name="Hà Văn Nam", position="head")

    assert list(caught.value.message_dict) == ["position"]
    assert counts() == before
    services.committee_member_add(actor=secretary, committee=committee, full_name="Hà Văn Nam", position="deputy")


def test_committee_member_add_is_audited_and_ordered(secretary, committee, member, colleague):
    since = last_event_id()

    added = services.committee_member_add(
        actor=secretary,
        committee=committee,
        user=colleague,
        full_name="",
        position="secretary",
        job_title=" Chuyên viên ",
    )

    assert (added.full_name, added.user_id, added.job_title, added.order) == (
        "Trần Văn Bảo",
        colleague.pk,
        "Chuyên viên",
        2,
    )
    events = new_events(since)
    assert [e.verb for e in events] == ["committee.member_add"]
    assert events[0].target_id == str(committee.pk)
    assert events[0].changes == {"member": {"before": None, "after": "Trần Văn Bảo — Thư ký"}}


def test_committee_member_add_validates(secretary, committee):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        services.committee_member_add(actor=secretary, committee=committee, full_name="X", position="chairman")
    assert list(caught.value.message_dict) == ["position"]
    with pytest.raises(ValidationError) as caught:
        services.committee_member_add(actor=secretary, committee=committee, full_name=" ", position="member")
    assert list(caught.value.message_dict) == ["full_name"]

    assert counts() == before


def test_committee_member_remove_is_audited(secretary, committee, member):
    since = last_event_id()

    services.committee_member_remove(actor=secretary, member=member)

    assert not CommitteeMember.objects.filter(pk=member.pk).exists()
    events = new_events(since)
    assert [e.verb for e in events] == ["committee.member_remove"]
    assert events[0].changes == {"member": {"before": "Ngô Thị Kim — Thành viên", "after": None}}


# --- training records ----------------------------------------------------------------------------


def test_training_create_is_audited(secretary, department, staff_user):
    since = last_event_id()

    record = services.training_create(actor=secretary, organisation=department, user=staff_user, **training_kwargs())

    assert (record.organisation_id, record.user_id, record.version) == (department.pk, staff_user.pk, 1)
    assert record.is_internal_auditor_certificate
    events = new_events(since)
    assert [e.verb for e in events] == ["training.create"]
    assert events[0].changes["certificate_number"] == {"before": None, "after": "CG-2025-0142"}


def test_training_of_a_unit_belongs_to_its_agency(secretary, department, unit):
    record = services.training_create(actor=secretary, organisation=unit, **training_kwargs())

    assert record.organisation_id == department.pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": dt.date(2025, 9, 1)}, "end_date"),
        ({"certificate_number": "  "}, "certificate_number"),
        ({"certificate_date": dt.date(2025, 9, 7)}, "certificate_date"),
        ({"kind": "seminar"}, "kind"),
        ({"trainee_name": " "}, "trainee_name"),
        ({"course": ""}, "course"),
    ],
)
def test_training_create_validates(secretary, department, overrides, field):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        services.training_create(actor=secretary, organisation=department, **training_kwargs(**overrides))

    assert list(caught.value.message_dict) == [field]
    assert counts() == before


def test_awareness_training_needs_no_certificate(secretary, department):
    record = services.training_create(
        actor=secretary, organisation=department, **training_kwargs(kind="awareness", certificate_number="")
    )

    assert not record.is_internal_auditor_certificate


def test_training_create_refuses_unknown_fields(secretary, department):
    with pytest.raises(TypeError):
        services.training_create(actor=secretary, organisation=department, **training_kwargs(), organisation_id=1)


@pytest.mark.parametrize("actor_fixture", ["staff_user", "outsider"])
def test_training_writes_need_the_qms_team_permission(request, department, training, actor_fixture):
    actor = request.getfixturevalue(actor_fixture)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.training_create(actor=actor, organisation=department, **training_kwargs())
    with pytest.raises(PermissionDenied):
        services.training_update(actor=actor, record=training, expected_version=1, course="X")
    with pytest.raises(PermissionDenied):
        services.training_delete(actor=actor, record=training)

    assert counts() == before
    assert fresh(training).course == "Nhận thức chung về TCVN ISO 9001:2015"


def test_training_update_bumps_the_version_and_is_audited(secretary, training):
    since = last_event_id()

    services.training_update(actor=secretary, record=training, expected_version=1, provider="VNPI")

    stored = fresh(training)
    assert (stored.provider, stored.version) == ("VNPI", 2)
    events = new_events(since)
    assert [e.verb for e in events] == ["training.update"]
    assert events[0].changes == {
        "provider": {"before": "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", "after": "VNPI"}
    }


def test_training_update_with_a_stale_version_is_refused(secretary, training):
    services.training_update(actor=secretary, record=fresh(training), expected_version=1, provider="VNPI")
    before = counts()
    stale = fresh(training)

    with pytest.raises(ValidationError) as caught:
        services.training_update(actor=secretary, record=stale, expected_version=1, course="Bản sửa cũ")

    assert caught.value.code == "stale"
    assert "đã được người khác sửa" in caught.value.messages[0]
    assert counts() == before
    stored = fresh(training)
    assert (stored.course, stored.version) == ("Nhận thức chung về TCVN ISO 9001:2015", 2)


def test_training_update_validates_against_the_stored_values(secretary, training):
    """Only ``end_date`` is given: it is checked against the stored start date (2024-05-06)."""
    before = counts()

    with pytest.raises(ValidationError) as caught:
        services.training_update(actor=secretary, record=training, expected_version=1, end_date=dt.date(2024, 5, 1))
    assert list(caught.value.message_dict) == ["end_date"]
    with pytest.raises(ValidationError) as caught:
        services.training_update(actor=secretary, record=training, expected_version=1, kind="internal_auditor")
    assert list(caught.value.message_dict) == ["certificate_number"]

    assert counts() == before
    assert fresh(training).version == 1


def test_training_delete_is_audited(secretary, training):
    since = last_event_id()
    pk = training.pk

    services.training_delete(actor=secretary, record=training)

    assert not TrainingRecord.objects.filter(pk=pk).exists()
    events = new_events(since)
    assert [e.verb for e in events] == ["training.delete"]
    assert events[0].target_id == str(pk)
    assert events[0].changes["course"] == {"before": "Nhận thức chung về TCVN ISO 9001:2015", "after": None}


def test_system_actor_writes_are_audited_as_the_system(department):
    since = last_event_id()

    user = UserFactory()
    grant(user, make_org("unit", department, name="Phòng Bổ trợ tư pháp", code="22-STP-BTTP"), Role.STAFF)

    events = new_events(since)
    assert [e.verb for e in events] == ["organisation.create", "membership.grant"]
    assert all(e.actor is None and e.actor_name == "Hệ thống" for e in events)
