"""Nobody reviews their own draft: the reviewer choice leaves out the drafter and the person
submitting, and the service refuses them whatever the form posted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.core.tests.factories import UserFactory, grant
from qms.core.tests.pagekit import unchanged
from qms.documents import selectors, services
from qms.documents.models import RevisionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_secretary(department):
    user = UserFactory(full_name="Trịnh Văn Long")
    grant(user, department, "iso_secretary")
    return user


def _choices(response):
    return [value for value, _label in response.context["submit_form"].fields["reviewer"].choices]


def test_the_reviewer_choice_leaves_out_the_drafter_herself(client, draft, secretary, head, second_secretary):
    revision = draft.revisions.get()
    client.force_login(secretary)
    response = client.get(reverse("documents:revision_detail", args=[revision.pk]))
    assert set(_choices(response)) == {head.pk, second_secretary.pk}
    assert secretary.pk not in _choices(response)


def test_a_colleague_submitting_someone_elses_draft_offers_neither_of_them(
    client, draft, secretary, head, second_secretary
):
    revision = draft.revisions.get()  # drafted by ``secretary``
    client.force_login(second_secretary)
    response = client.get(reverse("documents:revision_detail", args=[revision.pk]))
    assert _choices(response) == [head.pk]
    assert selectors.eligible_reviewers(draft) == sorted(
        [head, secretary, second_secretary], key=lambda u: (u.full_name, u.username)
    )


def test_posting_the_drafter_as_reviewer_is_refused_and_changes_nothing(client, draft, secretary, head):
    revision = draft.revisions.get()
    client.force_login(secretary)
    with unchanged():
        response = client.post(reverse("documents:revision_submit", args=[revision.pk]), {"reviewer": secretary.pk})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT and revision.reviewer_id is None


def test_the_service_refuses_the_submitter_as_reviewer(draft, secretary):
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_submit(actor=secretary, revision=draft.revisions.get(), reviewer=secretary)
    assert "không tự xem xét" in exc.value.message_dict["reviewer"][0]


def test_the_service_refuses_the_drafter_when_a_colleague_submits(draft, secretary, second_secretary, head):
    revision = draft.revisions.get()
    assert revision.drafted_by_id == secretary.pk
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.revision_submit(actor=second_secretary, revision=revision, reviewer=secretary)
    assert "reviewer" in exc.value.message_dict
    services.revision_submit(actor=second_secretary, revision=revision, reviewer=head)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW and revision.reviewer_id == head.pk
