"""The 3-month rule: which obligations the register derives, when they fall due, idempotence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from qms.core.tests.pagekit import audited
from qms.legal import services
from qms.legal.models import LegalCitation, LegalText
from qms.legal.sync import legal_obligations_sync, obligation_due_on, obligation_key
from qms.obligations.models import Obligation

from .conftest import TODAY, add_text, cite, document


def keys() -> set[str]:
    return set(Obligation.objects.values_list("key", flat=True))


def key_for(target, text: LegalText) -> str:
    return obligation_key(ContentType.objects.get_for_model(target).pk, target.pk, text.pk)


@pytest.mark.parametrize(
    ("effective", "due"),
    [
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28)),
        (dt.date(2026, 5, 31), dt.date(2026, 8, 31)),
        (dt.date(2024, 2, 29), dt.date(2024, 5, 29)),
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),
        (dt.date(2025, 12, 31), dt.date(2026, 3, 31)),
        (dt.date(2026, 1, 15), dt.date(2026, 4, 15)),
    ],
)
def test_due_date_is_three_months_after_the_effective_date(effective, due):
    assert obligation_due_on(effective) == due


@pytest.mark.parametrize(
    ("effective", "due"),
    [
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28)),
        (dt.date(2026, 5, 31), dt.date(2026, 8, 31)),
        (dt.date(2024, 2, 29), dt.date(2024, 5, 29)),
    ],
)
def test_a_replacement_opens_one_obligation_per_citing_document(
    department, commune, other_province, doc_stp, doc_commune, doc_other, coordinator, effective, due
):
    old = add_text("12/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1), effective_on=dt.date(2017, 3, 1))
    unrelated = add_text("13/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1), effective_on=dt.date(2017, 3, 1))
    for target, org in ((doc_stp, department), (doc_commune, commune), (doc_other, other_province)):
        cite(target, org, old)
    second_stp = document(department, "Quy trình đăng ký khai sinh")
    cite(second_stp, department, unrelated)
    new = add_text("25/2023/NĐ-CP", signed_on=dt.date(2023, 10, 1), effective_on=effective)

    with audited("legal.replace", "obligation.open_many"):
        result = services.legal_text_replace(actor=coordinator, new=new, old_texts=[old], today=TODAY)

    assert (result.created, result.existing) == (3, 0)
    assert keys() == {key_for(doc_stp, new), key_for(doc_commune, new), key_for(doc_other, new)}
    obligation = Obligation.objects.get(key=key_for(doc_stp, new))
    assert obligation.due_on == due
    assert obligation.opened_on == TODAY
    assert obligation.organisation == department
    assert obligation.kind == "legal_update"
    assert obligation.title == (
        "Cập nhật «Quy trình cấp phiếu lý lịch tư pháp» theo Nghị định 25/2023/NĐ-CP (thay thế 12/2017/NĐ-CP)"
    )
    assert (obligation.source_id, obligation.source_repr) == (new.pk, "Nghị định 25/2023/NĐ-CP")
    assert obligation.subject_id == doc_stp.pk
    assert "3 tháng" in obligation.detail

    with audited():
        again = legal_obligations_sync(today=TODAY)
    assert (again.created, again.existing) == (0, 3)
    assert Obligation.objects.count() == 3


def test_an_amendment_opens_obligations_too(department, doc_stp, coordinator, decree_61, decree_107):
    cite(doc_stp, department, decree_61)

    result = services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61], today=TODAY)

    assert result.created == 1
    obligation = Obligation.objects.get()
    assert obligation.key == key_for(doc_stp, decree_107)
    assert obligation.due_on == dt.date(2022, 3, 6)
    assert obligation.title.endswith("theo Nghị định 107/2021/NĐ-CP (sửa đổi, bổ sung 61/2018/NĐ-CP)")


def test_a_replacement_without_effective_date_opens_nothing_until_it_is_filled(department, doc_stp, coordinator):
    old = add_text("12/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1))
    new = add_text("25/2026/NĐ-CP", signed_on=dt.date(2026, 1, 10))
    cite(doc_stp, department, old)

    assert services.legal_text_replace(actor=coordinator, new=new, old_texts=[old], today=TODAY).created == 0
    assert legal_obligations_sync(today=TODAY).created == 0

    services.legal_text_update(actor=coordinator, legal_text=new, expected_version=1, effective_on=dt.date(2026, 3, 1))
    assert Obligation.objects.get().due_on == dt.date(2026, 6, 1)


def test_correcting_the_effective_date_moves_open_obligations(department, doc_stp, coordinator):
    old = add_text("12/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1))
    new = add_text("25/2026/NĐ-CP", signed_on=dt.date(2026, 1, 10), effective_on=dt.date(2026, 3, 1))
    cite(doc_stp, department, old)
    services.legal_text_replace(actor=coordinator, new=new, old_texts=[old], today=TODAY)

    with audited("legal.update", "obligation.reschedule"):
        services.legal_text_update(
            actor=coordinator, legal_text=new, expected_version=1, effective_on=dt.date(2026, 4, 30)
        )

    assert Obligation.objects.get().due_on == dt.date(2026, 7, 30)


def test_a_newly_linked_text_that_takes_effect_later_opens_an_obligation(department, secretary, doc_stp):
    future = add_text("30/2026/NĐ-CP", signed_on=dt.date(2026, 2, 1), effective_on=dt.date(2026, 11, 30))
    in_force = add_text("31/2025/NĐ-CP", signed_on=dt.date(2025, 2, 1), effective_on=dt.date(2025, 3, 1))
    no_date = add_text("32/2026/NĐ-CP", signed_on=dt.date(2026, 2, 1))

    with audited("legal.cite", "obligation.open_many"):
        services.citations_set(
            actor=secretary,
            target=doc_stp,
            organisation=department,
            items=[(future, ""), (in_force, ""), (no_date, "")],
            today=TODAY,
        )

    obligation = Obligation.objects.get()
    assert obligation.key == key_for(doc_stp, future)
    assert obligation.due_on == dt.date(2027, 2, 28)
    assert obligation.title == (
        "Cập nhật «Quy trình cấp phiếu lý lịch tư pháp» theo Nghị định 30/2026/NĐ-CP (có hiệu lực từ 30/11/2026)"
    )
    with audited("legal.cite"):  # the bases changed; the obligation exists already
        services.citations_set(
            actor=secretary, target=doc_stp, organisation=department, items=[(future, "Điều 2"), (in_force, "")]
        )
    assert Obligation.objects.count() == 1


def test_a_document_already_citing_the_new_text_needs_no_update(
    department, doc_stp, coordinator, decree_61, decree_107
):
    cite(doc_stp, department, decree_61, decree_107)

    assert services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61]).created == 0


def test_one_obligation_when_a_new_text_replaces_two_cited_texts(department, doc_stp, coordinator):
    a = add_text("1/2019/NĐ-CP", signed_on=dt.date(2019, 1, 1))
    b = add_text("2/2019/NĐ-CP", signed_on=dt.date(2019, 1, 1))
    new = add_text("9/2026/NĐ-CP", signed_on=dt.date(2026, 1, 1), effective_on=dt.date(2026, 2, 15))
    cite(doc_stp, department, a, b)

    assert services.legal_text_replace(actor=coordinator, new=new, old_texts=[a, b], today=TODAY).created == 1
    assert Obligation.objects.get().title.endswith("(thay thế 1/2019/NĐ-CP, 2/2019/NĐ-CP)")


def test_done_or_cancelled_obligations_are_not_reopened(department, doc_stp, coordinator, decree_61, decree_107):
    cite(doc_stp, department, decree_61)
    services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61])
    Obligation.objects.update(status="cancelled")

    assert legal_obligations_sync().created == 0
    assert Obligation.objects.get().status == "cancelled"


def test_sync_is_scoped_to_an_organisation_subtree(
    province, department, commune, other_province, doc_stp, doc_commune, doc_other, decree_61, decree_107
):
    for target, org in ((doc_stp, department), (doc_commune, commune), (doc_other, other_province)):
        cite(target, org, decree_61)
    decree_107.amends.add(decree_61)  # recorded behind the services' back: nothing derived yet

    assert legal_obligations_sync(organisation=department).created == 1
    assert legal_obligations_sync(organisation=province).created == 1
    assert legal_obligations_sync(organisation=other_province).created == 1
    assert legal_obligations_sync().created == 0


def test_sync_restricted_to_some_texts(department, doc_stp, decree_61, decree_107, decision_19):
    future = add_text("40/2026/NĐ-CP", signed_on=dt.date(2026, 1, 1), effective_on=dt.date(2026, 12, 1))
    cite(doc_stp, department, decree_61)
    LegalCitation.objects.create(
        legal_text=future,
        organisation=department,
        target_type=ContentType.objects.get_for_model(doc_stp),
        target_id=doc_stp.pk,
        target_repr=str(doc_stp),
    )
    decree_107.amends.add(decree_61)

    assert legal_obligations_sync(legal_texts=[decision_19]).created == 0
    assert legal_obligations_sync(legal_texts=[decree_61]).created == 1  # as the amended text
    assert legal_obligations_sync(legal_texts=[future]).created == 1
    assert legal_obligations_sync().created == 0


def test_sync_by_users(department, province, coordinator, secretary, outsider, superadmin):
    with pytest.raises(PermissionDenied):
        legal_obligations_sync(actor=secretary, organisation=department)
    with pytest.raises(PermissionDenied):
        legal_obligations_sync(actor=outsider, organisation=province)
    with pytest.raises(PermissionDenied):
        legal_obligations_sync(actor=coordinator)
    assert legal_obligations_sync(actor=coordinator, organisation=province).created == 0
    assert legal_obligations_sync(actor=superadmin).created == 0


def test_a_change_already_in_force_when_cited_opens_nothing(department, decree_61, decree_107, doc_stp):
    decree_107.amends.add(decree_61)
    services.citations_set(actor=None, target=doc_stp, organisation=department, items=[(decree_61, "")])
    assert legal_obligations_sync(today=TODAY).created == 0


def test_sync_query_count_does_not_grow_with_citations(
    department, decree_61, decree_107, django_assert_max_num_queries
):
    decree_107.amends.add(decree_61)
    targets = [document(department, f"Quy trình số {i}") for i in range(60)]
    ct = ContentType.objects.get_for_model(targets[0])
    cited_at = dt.datetime(2019, 1, 2, 8, tzinfo=dt.UTC)  # written while 61/2018 stood unamended
    LegalCitation.objects.bulk_create(
        LegalCitation(legal_text=decree_61, organisation=department, target_type=ct, target_id=t.pk, target_repr=str(t))
        for t in targets
    )
    LegalCitation.objects.update(created_at=cited_at)

    # savepoint, 4 derivation queries, key lookup, inserts (SQLite: ~50 rows each), audit, release
    with django_assert_max_num_queries(12):
        assert legal_obligations_sync().created == 60
    with django_assert_max_num_queries(9):
        assert legal_obligations_sync().created == 0
