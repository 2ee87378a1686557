"""Item 6: a process without steps, or a process of TTHC serving no TTHC, cannot be approved; the
revision page says so beside the approve button; such a process never enters a publication."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qms.documents import services as document_services
from qms.documents.models import RevisionStatus
from qms.procedures import services_processes as services

from .test_process_kit import *  # noqa: F403
from .test_process_kit import add_steps

pytestmark = pytest.mark.django_db


def _reviewed(document, secretary, head):
    revision = document.revisions.order_by("-number").first()
    document_services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    return document_services.revision_pass(actor=head, revision=revision, comment="Đạt")


def test_a_process_without_steps_is_refused(process, secretary, head, procedures):
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:1])
    revision = _reviewed(process.document, secretary, head)
    with pytest.raises(ValidationError, match="chưa có bước xử lý nào"):
        document_services.revision_approve(actor=head, revision=revision, effective_from=timezone.localdate())
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REVIEWED


def test_a_process_of_tthc_without_tthc_is_refused(process, secretary, head, hctp, forms):
    add_steps(process, secretary, hctp, forms)
    revision = _reviewed(process.document, secretary, head)
    with pytest.raises(ValidationError, match="chưa gắn với thủ tục hành chính nào"):
        document_services.revision_approve(actor=head, revision=revision, effective_from=timezone.localdate())


def test_a_complete_process_and_an_internal_one_are_approved(process, secretary, head, hctp, forms, procedures):
    add_steps(process, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:1])
    revision = _reviewed(process.document, secretary, head)
    today = timezone.localdate()
    approved = document_services.revision_approve(actor=head, revision=revision, effective_from=today, today=today)
    assert approved.status == RevisionStatus.EFFECTIVE


def test_internal_process_without_tthc_is_approvable(department, secretary, head, hctp, forms):
    internal = services.process_create(
        actor=secretary,
        organisation=department,
        code="QT-KSTL",
        title="Quy trình kiểm soát tài liệu",
        purpose="Thống nhất cách kiểm soát tài liệu.",
        requirements="Tài liệu được quản lý trên phần mềm.",
    )
    add_steps(internal, secretary, hctp, forms)
    revision = _reviewed(internal.document, secretary, head)
    today = timezone.localdate()
    approved = document_services.revision_approve(actor=head, revision=revision, effective_from=today, today=today)
    assert approved.status == RevisionStatus.EFFECTIVE


def test_the_revision_page_says_why_beside_the_approve_button(client, process, secretary, head, procedures):
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:1])
    revision = _reviewed(process.document, secretary, head)
    client.force_login(head)
    page = client.get(reverse("documents:revision_detail", args=[revision.pk])).content.decode()
    assert "Chưa phê duyệt được:" in page and "chưa có bước xử lý nào" in page
    assert 'disabled aria-describedby="approval-blockers"' in page
    response = client.post(
        reverse("documents:revision_approve", args=[revision.pk]),
        {"approve-effective_from": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "chưa có bước xử lý nào" in response.content.decode()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REVIEWED
