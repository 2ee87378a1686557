"""Test data builders shared by every app's tests.

Users come from a factory_boy factory. Organisations and memberships are built through their
services (never ``Model.objects.create``), because the materialised path, the depth and the
agency pointer are computed there; the helpers below call those services as the system
(``actor=None``), so they are not subject to permission checks.
"""

from __future__ import annotations

import itertools
from typing import Any

import factory

DEMO_PASSWORD = "matkhau-Demo-2026"

_codes = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@quangninh.gov.vn")
    is_active = True
    is_staff = False
    is_superuser = False
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: Any, create: bool, results: Any = None) -> None:
        if create:  # the hash set by ``password`` above is not saved by factory_boy itself
            instance.save(update_fields=["password"])


def make_org(
    kind: str,
    parent: Any = None,
    *,
    name: str | None = None,
    code: str | None = None,
    **fields: Any,
) -> Any:
    """Create an organisation through ``organisation_create`` as the system."""
    from qms.organisations.services import organisation_create

    number = next(_codes)
    return organisation_create(
        actor=None,
        parent=parent,
        kind=kind,
        name=f"Tổ chức thử nghiệm {number}" if name is None else name,
        code=f"T{number:05d}" if code is None else code,
        **fields,
    )


def grant(user: Any, org: Any, role: str, **fields: Any) -> Any:
    """Give ``user`` ``role`` at ``org`` through ``membership_grant`` as the system."""
    from qms.organisations.services import membership_grant

    return membership_grant(actor=None, user=user, organisation=org, role=role, **fields)
