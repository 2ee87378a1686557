"""Effective dates and disposal due dates on Vietnam's calendar, at month ends, year ends and late
in the evening UTC (the server's UTC date is then still the day before Vietnam's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qms.core.dates import add_months
from qms.core.tests.clock import MOMENTS, frozen_at
from qms.documents import services, services_records
from qms.documents.models import DocumentRevision, RevisionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(department, secretary):
    return services.document_create(
        actor=secretary,
        organisation=department,
        code="HD 01/HCTP",
        title="Hướng dẫn tiếp nhận hồ sơ",
        kind="guidance",
        content="Tiếp nhận, kiểm tra và trả kết quả hồ sơ tại Bộ phận Một cửa.",
    )


def _reviewed(document, secretary, head) -> DocumentRevision:
    revision = document.revisions.order_by("-number").first()
    services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    services.revision_pass(actor=head, revision=revision, comment="Đạt yêu cầu")
    return DocumentRevision.objects.get(pk=revision.pk)


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_the_head_issues_a_revision_effective_today_but_not_yesterday(moment, draft, secretary, head):
    revision = _reviewed(draft, secretary, head)
    with frozen_at(moment.at):
        with pytest.raises(ValidationError) as exc:
            services.revision_approve(actor=head, revision=revision, effective_from=moment.today - dt.timedelta(days=1))
        assert "đã qua" in exc.value.message_dict["effective_from"][0]
        assert DocumentRevision.objects.get(pk=revision.pk).status == RevisionStatus.REVIEWED

        services.revision_approve(actor=head, revision=revision, effective_from=moment.today)

    revision.refresh_from_db()
    assert (revision.status, revision.effective_from) == (RevisionStatus.EFFECTIVE, moment.today)


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_revision_due_tomorrow_waits_and_takes_effect_on_vietnams_next_day(moment, draft, secretary, head):
    revision = _reviewed(draft, secretary, head)
    tomorrow = moment.today + dt.timedelta(days=1)
    with frozen_at(moment.at):
        services.revision_approve(actor=head, revision=revision, effective_from=tomorrow)
        assert services.revisions_activate_due() == 0
    with frozen_at(moment.at + dt.timedelta(days=1)):
        assert services.revisions_activate_due() == 1
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.EFFECTIVE


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_records_are_disposed_of_from_their_due_day_on_vietnams_calendar(moment, department):
    rule = services_records.record_rule_create(
        actor=None,
        organisation=department,
        name="Sổ theo dõi hồ sơ TTHC",
        keeper="Bộ phận Một cửa",
        place="Tủ hồ sơ",
        retention_months=12,
        disposal_method="shred",
    )
    due_today = services_records.record_holding_add(
        actor=None, rule=rule, label="Tập đến hạn", period_end=add_months(moment.today, -12)
    )
    due_tomorrow = services_records.record_holding_add(
        actor=None, rule=rule, label="Tập chưa đến hạn", period_end=add_months(moment.today + dt.timedelta(1), -12)
    )
    assert (due_today.dispose_on, due_tomorrow.dispose_on) == (moment.today, moment.today + dt.timedelta(1))
    with frozen_at(moment.at):
        with pytest.raises(ValidationError, match="Chưa đến hạn huỷ"):
            services_records.record_holding_dispose(
                actor=None, holding=due_tomorrow, disposed_on=moment.today, disposal_record="BB 01"
            )
        with pytest.raises(ValidationError, match="sau ngày hôm nay"):
            services_records.record_holding_dispose(
                actor=None, holding=due_today, disposed_on=moment.today + dt.timedelta(1), disposal_record="BB 02"
            )
        services_records.record_holding_dispose(
            actor=None, holding=due_today, disposed_on=moment.today, disposal_record="BB 03"
        )
    due_today.refresh_from_db()
    assert due_today.disposed_on == moment.today
