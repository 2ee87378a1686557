"""Opening obligations idempotently (one and many), closing them by hand and for a subject."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.models import AuditEvent
from qms.core.tests.pagekit import audited, fresh
from qms.obligations import services
from qms.obligations.models import Obligation, ObligationKind, ObligationStatus
from qms.obligations.services import ObligationSpec

from .conftest import open_obligation


def spec(org, subject, key: str, due_on=dt.date(2026, 6, 1)) -> ObligationSpec:
    return ObligationSpec.for_objects(
        organisation=org,
        kind=ObligationKind.LEGAL_UPDATE,
        key=key,
        title=f"Cập nhật {subject}",
        due_on=due_on,
        subject=subject,
        source=org,
    )


# --- obligation_open --------------------------------------------------------------------------------


def test_open_creates_one_audited_obligation(department, subject):
    with audited("obligation.open") as events:
        obligation, created = services.obligation_open(
            actor=None,
            organisation=department,
            kind=ObligationKind.LEGAL_UPDATE,
            key="legal_update:1:2:3",
            title="  Cập nhật quy trình  ",
            due_on=dt.date(2026, 8, 31),
            subject=subject,
            source=department,
        )

    assert created is True
    stored = fresh(obligation)
    assert (stored.status, stored.title, stored.due_on) == ("open", "Cập nhật quy trình", dt.date(2026, 8, 31))
    assert stored.subject_type == ContentType.objects.get_for_model(subject)
    assert (stored.subject_id, stored.subject_repr) == (subject.pk, str(subject))
    assert (stored.source_id, stored.source_repr) == (department.pk, str(department))
    assert "cap nhat quy trinh" in stored.search_text
    assert events[0].scope_path == department.path


def test_open_is_idempotent_on_the_key(department, subject):
    first = open_obligation(department, subject, key="k", due_on=dt.date(2026, 5, 1))

    with audited():
        again, created = services.obligation_open(
            actor=None,
            organisation=department,
            kind=ObligationKind.LEGAL_UPDATE,
            key="k",
            title="Nội dung khác",
            due_on=dt.date(2027, 1, 1),
            subject=subject,
        )

    assert created is False
    assert again.pk == first.pk
    assert (fresh(first).title, fresh(first).due_on) == (first.title, dt.date(2026, 5, 1))
    assert Obligation.objects.count() == 1


def test_a_cancelled_obligation_is_not_reopened(department, subject):
    obligation = open_obligation(department, subject, key="k", due_on=dt.date(2026, 5, 1))
    Obligation.objects.filter(pk=obligation.pk).update(status=ObligationStatus.CANCELLED)

    again, created = services.obligation_open(
        actor=None,
        organisation=department,
        kind=ObligationKind.LEGAL_UPDATE,
        key="k",
        title="x",
        due_on=dt.date(2026, 5, 1),
        subject=subject,
    )

    assert created is False
    assert fresh(again).status == ObligationStatus.CANCELLED


def test_open_refuses_an_unknown_kind_or_empty_title(department, subject):
    for kind, title in (("bogus", "Việc"), (ObligationKind.LEGAL_UPDATE, "  ")):
        with pytest.raises(ValidationError):
            services.obligation_open(
                actor=None,
                organisation=department,
                kind=kind,
                key=f"k-{kind}",
                title=title,
                due_on=dt.date(2026, 5, 1),
                subject=subject,
            )
    assert Obligation.objects.count() == 0


def test_open_by_a_user_needs_to_see_the_organisations_obligations(department, subject, staff_user, secretary):
    with pytest.raises(PermissionDenied):
        services.obligation_open(
            actor=staff_user,
            organisation=department,
            kind=ObligationKind.LEGAL_UPDATE,
            key="k",
            title="Việc",
            due_on=dt.date(2026, 5, 1),
            subject=subject,
        )
    _o, created = services.obligation_open(
        actor=secretary,
        organisation=department,
        kind=ObligationKind.LEGAL_UPDATE,
        key="k",
        title="Việc",
        due_on=dt.date(2026, 5, 1),
        subject=subject,
    )
    assert created is True


# --- obligations_open_many ------------------------------------------------------------------------


def test_open_many_creates_the_missing_keys_with_one_audit_event(province, department, commune, subject):
    open_obligation(department, subject, key="a", due_on=dt.date(2026, 5, 1))
    specs = [spec(department, subject, "a"), spec(department, subject, "b"), spec(commune, commune, "c")]

    with audited("obligation.open_many") as events:
        created = services.obligations_open_many(actor=None, specs=specs, today=dt.date(2026, 3, 1))

    assert created == 2
    assert set(Obligation.objects.values_list("key", flat=True)) == {"a", "b", "c"}
    assert Obligation.objects.get(key="c").opened_on == dt.date(2026, 3, 1)
    assert events[0].changes["created"]["after"] == 2
    assert events[0].scope_path == province.path  # the deepest path covering both agencies


def test_open_many_again_creates_nothing_and_writes_no_event(department, subject):
    specs = [spec(department, subject, f"k{i}") for i in range(5)]
    services.obligations_open_many(actor=None, specs=specs)

    with audited():
        assert services.obligations_open_many(actor=None, specs=specs) == 0
        assert services.obligations_open_many(actor=None, specs=[]) == 0
    assert Obligation.objects.count() == 5


def test_open_many_keeps_the_first_of_duplicate_keys(department, subject):
    specs = [
        spec(department, subject, "same", dt.date(2026, 5, 1)),
        spec(department, subject, "same", dt.date(2027, 1, 1)),
    ]

    assert services.obligations_open_many(actor=None, specs=specs) == 1
    assert Obligation.objects.get().due_on == dt.date(2026, 5, 1)


def test_open_many_handles_thousands_in_a_few_queries(department, subject, django_assert_max_num_queries):
    """Batched: a few key lookups and one INSERT per batch the database allows (SQLite binds at most
    999 parameters per statement, about 50 rows of an obligation)."""
    specs = [spec(department, subject, f"bulk:{i}") for i in range(3000)]

    with django_assert_max_num_queries(3000 // 50 + 10):
        assert services.obligations_open_many(actor=None, specs=specs) == 3000
    with django_assert_max_num_queries(10):
        assert services.obligations_open_many(actor=None, specs=specs) == 0


def test_open_many_by_a_user_outside_an_organisation_is_refused(department, other_province, subject, secretary):
    specs = [spec(department, subject, "mine"), spec(other_province, other_province, "theirs")]

    with pytest.raises(PermissionDenied):
        services.obligations_open_many(actor=secretary, specs=specs)
    assert Obligation.objects.count() == 0


# --- obligation_close ---------------------------------------------------------------------------------


def test_close_by_the_secretary_with_a_note(department, subject, secretary):
    obligation = open_obligation(department, subject, key="k", due_on=dt.date(2026, 5, 1))

    with audited("obligation.close") as events:
        services.obligation_close(actor=secretary, obligation=obligation, note="  Đã ban hành   lần 3 ")

    stored = fresh(obligation)
    assert (stored.status, stored.done_note) == ("done", "Đã ban hành lần 3")
    assert stored.done_at is not None
    assert events[0].changes["status"] == {"before": "open", "after": "done"}


@pytest.mark.parametrize("note", ["", "   "])
def test_close_needs_a_note(department, subject, secretary, note):
    obligation = open_obligation(department, subject, key="k", due_on=dt.date(2026, 5, 1))

    with pytest.raises(ValidationError) as caught:
        services.obligation_close(actor=secretary, obligation=obligation, note=note)

    assert "note" in caught.value.error_dict
    assert fresh(obligation).status == "open"


def test_close_refuses_an_obligation_that_is_not_open(department, subject, secretary):
    obligation = open_obligation(department, subject, key="k", due_on=dt.date(2026, 5, 1))
    services.obligation_close(actor=secretary, obligation=obligation, note="Xong")
    count = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        services.obligation_close(actor=secretary, obligation=fresh(obligation), note="Lần nữa")

    assert fresh(obligation).done_note == "Xong"
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize("who", ["staff_user", "coordinator", "outsider"])
def test_close_needs_doc_manage_at_the_agency(request, department, subject, who):
    """Coordinators supervise: closing belongs to the agency's leader or ISO secretary."""
    obligation = open_obligation(department, subject, key="k", due_on=dt.date(2026, 5, 1))

    with pytest.raises(PermissionDenied):
        services.obligation_close(actor=request.getfixturevalue(who), obligation=obligation, note="Xong")

    assert fresh(obligation).status == "open"


# --- obligations_close_for_subject ------------------------------------------------------------------


def test_close_for_subject_closes_only_its_open_obligations(department, subject, leader):
    a = open_obligation(department, subject, key="a", due_on=dt.date(2026, 5, 1))
    b = open_obligation(department, subject, key="b", due_on=dt.date(2026, 6, 1))
    other = open_obligation(department, department, key="c", due_on=dt.date(2026, 6, 1))
    cancelled = open_obligation(department, subject, key="d", due_on=dt.date(2026, 6, 1))
    Obligation.objects.filter(pk=cancelled.pk).update(status=ObligationStatus.CANCELLED)

    with audited("obligation.close_auto", "obligation.close_auto"):
        closed = services.obligations_close_for_subject(
            actor=leader, subject=subject, kind=ObligationKind.LEGAL_UPDATE, note="Đã ban hành lần 2"
        )

    assert closed == 2
    assert {fresh(a).status, fresh(b).status} == {"done"}
    assert fresh(a).done_note == "Đã ban hành lần 2"
    assert (fresh(other).status, fresh(cancelled).status) == ("open", "cancelled")
    with audited():
        assert (
            services.obligations_close_for_subject(
                actor=None, subject=subject, kind=ObligationKind.LEGAL_UPDATE, note="Lần nữa"
            )
            == 0
        )


def test_close_for_subject_by_someone_without_doc_manage_changes_nothing(department, subject, coordinator):
    obligation = open_obligation(department, subject, key="a", due_on=dt.date(2026, 5, 1))

    with pytest.raises(PermissionDenied):
        services.obligations_close_for_subject(
            actor=coordinator, subject=subject, kind=ObligationKind.LEGAL_UPDATE, note="x"
        )
    assert fresh(obligation).status == "open"


def test_reschedule_moves_open_obligations_of_a_source(department, subject):
    a = open_obligation(department, subject, key="a", due_on=dt.date(2026, 5, 1), source=department)
    done = open_obligation(department, subject, key="b", due_on=dt.date(2026, 5, 1), source=department)
    services.obligation_close(actor=None, obligation=done, note="Xong")

    with audited("obligation.reschedule"):
        moved = services.obligations_reschedule_for_source(
            actor=None, source=department, kind=ObligationKind.LEGAL_UPDATE, due_on=dt.date(2026, 9, 30)
        )

    assert moved == 1
    assert (fresh(a).due_on, fresh(done).due_on) == (dt.date(2026, 9, 30), dt.date(2026, 5, 1))
