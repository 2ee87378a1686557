"""Deterministic, seeded scale generator for the two reference sizes of DESIGN §7.

``generate("province")`` imports the real province 22 (Quảng Ninh, 54 communes) through
``units_import`` and adds ~75 more agencies under it (departments, their subordinate bodies,
historical districts with historical communes), 3-6 internal units per current agency and five
users per current agency plus the province coordinator. ``generate("nation")`` imports all
34 provinces and 3,321 communes and adds the same pattern, scaled, per province: ~5,000 agencies.

Rows are written with ``bulk_create`` in batches, not through ``organisation_create``: the
generator allocates primary keys itself so that every row is inserted once, already carrying
what the service would have written (``path`` chained from the parent with ``path_segment(pk)``,
``depth``, ``agency`` = itself for agencies and the nearest agency for internal units,
``search_text``, unique codes). Sequences are reset afterwards on backends that have them.

    python -m bench.generate --size province|nation [--seed 2026] [--fresh] [--no-documents]

Documents, the legal register, citations and search entries come from ``bench.documents``
(``generate_documents``), run after this unless ``--no-documents``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

BATCH_SIZE = 1000
PASSWORD = "Bench@2026"
HISTORICAL_END = dt.date(2025, 6, 30)  # districts and old communes ceased to exist on 01/7/2025

FULL_ROLES = ("leader", "iso_secretary", "auditor", "staff", "staff")


@dataclass(frozen=True)
class Profile:
    """How much to generate under each province (ranges are inclusive, drawn per parent)."""

    province: str | None  # the province code for units_import, None = all 34
    departments: tuple[int, int]
    sub_departments: tuple[int, int]  # per department
    districts: tuple[int, int]
    historical_communes: tuple[int, int]  # per district
    units: tuple[int, int]  # internal units per current agency
    roles: tuple[str, ...]  # memberships (one user each) per current agency
    admin: bool = True


PROFILES: dict[str, Profile] = {
    # 1 + 54 communes + 20 departments + ~40 sub-departments + 5 districts + ~12 old communes ≈ 130
    "province": Profile(
        province="22",
        departments=(20, 20),
        sub_departments=(1, 3),
        districts=(5, 5),
        historical_communes=(2, 3),
        units=(3, 6),
        roles=FULL_ROLES,
    ),
    # 34 + 3,321 communes + 34 × (~16 + ~24 + 3 + ~4.5) ≈ 4,970
    "nation": Profile(
        province=None,
        departments=(15, 17),
        sub_departments=(1, 2),
        districts=(3, 3),
        historical_communes=(1, 2),
        units=(3, 6),
        roles=FULL_ROLES,
    ),
}


def ascii_slug(text: str) -> str:
    """ "Nguyễn Văn Đức" → "nguyenvanduc"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


@dataclass
class _Tree:
    """Organisations to insert, with primary keys allocated up front (parents before children)."""

    next_id: int
    rows: list[Any] = field(default_factory=list)
    units_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, parent: Any, *, kind: str, name: str, code: str, **extra: Any) -> Any:
        from qms.organisations.models import Organisation, OrganisationKind, path_segment

        pk = self.next_id
        self.next_id += 1
        is_unit = kind == OrganisationKind.UNIT
        organisation = Organisation(
            pk=pk,
            parent_id=parent.pk,
            kind=kind,
            name=name,
            code=code,
            path=parent.path + path_segment(pk),
            depth=parent.depth + 1,
            agency_id=parent.agency_id if is_unit else pk,
            **extra,
        )
        organisation.search_text = organisation.build_search_text()  # as organisation_create does
        self.rows.append(organisation)
        if is_unit:
            self.units_of[organisation.agency_id].append(pk)
        return organisation


def _commune_base(name: str) -> str:
    # "UBND xã Thượng Lâm" → "Thượng Lâm"
    return re.sub(r"^UBND (xã|phường|đặc khu) ", "", name)


def _build_province(
    rng: random.Random,
    profile: Profile,
    tree: _Tree,
    province: Any,
    communes: list[Any],
) -> tuple[list[Any], list[tuple[int, int]]]:
    """Adds the organisations under one province; returns its current agencies and lineage pairs."""
    from qms.organisations.models import OrganisationKind

    from . import catalogue

    pcode = province.code
    agencies: list[Any] = [province, *communes]

    def add_units(agency: Any, kind: str) -> None:
        names = catalogue.UNITS[kind][: rng.randint(*profile.units)]
        for i, name in enumerate(names, start=1):
            tree.add(agency, kind=OrganisationKind.UNIT, name=name, code=f"{agency.code}.P{i:02d}")

    add_units(province, "province")
    for commune in communes:
        add_units(commune, "commune")

    n_departments = rng.randint(*profile.departments)
    for suffix, name, subordinates in catalogue.DEPARTMENTS[:n_departments]:
        department = tree.add(
            province,
            kind=OrganisationKind.DEPARTMENT,
            name=name,
            code=f"{pcode}.{suffix}",
            short_name=suffix,
        )
        agencies.append(department)
        add_units(department, "department")
        n_sub = min(rng.randint(*profile.sub_departments), len(subordinates))
        chosen = sorted(rng.sample(range(len(subordinates)), n_sub))
        for i, index in enumerate(chosen, start=1):
            sub = tree.add(
                department,
                kind=OrganisationKind.SUB_DEPARTMENT,
                name=subordinates[index],
                code=f"{department.code}.{i:02d}",
            )
            agencies.append(sub)
            add_units(sub, "sub_department")

    n_districts = rng.randint(*profile.districts)
    district_names = catalogue.HISTORICAL_DISTRICTS.get(pcode)
    if district_names is None:
        bases = sorted({_commune_base(c.name) for c in communes})
        district_names = [f"Huyện {base}" for base in rng.sample(bases, min(n_districts, len(bases)))]
    lineage: list[tuple[int, int]] = []
    for d, district_name in enumerate(district_names[:n_districts], start=1):
        district = tree.add(
            province,
            kind=OrganisationKind.DISTRICT,
            name=f"UBND {_lower_first(district_name)}",
            code=f"{pcode}.H{d:02d}",
            valid_to=HISTORICAL_END,
        )
        used: set[str] = set()
        for c in range(1, rng.randint(*profile.historical_communes) + 1):
            while True:
                base = f"{rng.choice(catalogue.PLACE_FIRST)} {rng.choice(catalogue.PLACE_SECOND)}"
                if base not in used:
                    used.add(base)
                    break
            old = tree.add(
                district,
                kind=OrganisationKind.COMMUNE,
                name=f"UBND xã {base}",
                code=f"{district.code}.X{c:02d}",
                valid_to=HISTORICAL_END,
            )
            if communes:
                lineage.append((old.pk, rng.choice(communes).pk))
    return agencies, lineage


def _person_name(rng: random.Random) -> str:
    from . import catalogue

    return f"{rng.choice(catalogue.SURNAMES)} {rng.choice(catalogue.MIDDLE_NAMES)} {rng.choice(catalogue.GIVEN_NAMES)}"


def _reset_sequences(*models: Any) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(size: str, seed: int = 2026) -> dict[str, Any]:
    """Fill the configured (empty or units-only) database with the reference data set ``size``.

    Returns counts, the province primary keys and coordinator user keys by province code, and the
    time each phase took (seconds).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Max

    from qms.organisations import services
    from qms.organisations.models import (
        LineageEvent,
        Membership,
        Organisation,
        OrganisationKind,
        OrganisationLineage,
        Role,
    )

    from . import catalogue

    if size not in PROFILES:
        raise ValueError(f"Unknown size {size!r}; expected one of {sorted(PROFILES)}")
    profile = PROFILES[size]
    rng = random.Random(seed)
    User = get_user_model()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    with transaction.atomic():
        t = time.perf_counter()
        imported = services.units_import(actor=None, province=profile.province)
        timings["units_import"] = time.perf_counter() - t

        if Organisation.objects.filter(official=False).exists():
            raise RuntimeError("The database already holds generated (non-official) organisations; use a fresh one.")

        t = time.perf_counter()
        provinces = Organisation.objects.filter(kind=OrganisationKind.PROVINCE, official=True)
        if profile.province is not None:
            provinces = provinces.filter(code=profile.province)
        province_list = sorted(provinces, key=lambda p: p.code)
        communes_of: dict[int, list[Any]] = defaultdict(list)
        for commune in Organisation.objects.filter(
            kind=OrganisationKind.COMMUNE, official=True, parent__in=province_list
        ).order_by("code"):
            communes_of[commune.parent_id].append(commune)

        max_pk = Organisation.objects.aggregate(m=Max("pk"))["m"] or 0
        tree = _Tree(next_id=max_pk + 1)
        agencies_of: dict[str, list[Any]] = {}
        lineage_pairs: list[tuple[int, int]] = []
        for province in province_list:
            agencies, pairs = _build_province(rng, profile, tree, province, communes_of[province.pk])
            agencies_of[province.code] = agencies
            lineage_pairs.extend(pairs)
        Organisation.objects.bulk_create(tree.rows, batch_size=BATCH_SIZE)
        OrganisationLineage.objects.bulk_create(
            [
                OrganisationLineage(
                    predecessor_id=old,
                    successor_id=new,
                    event=LineageEvent.MERGE,
                    effective_date=services.REFORM_DATE,
                    decision=catalogue.LINEAGE_DECISION,
                )
                for old, new in lineage_pairs
            ],
            batch_size=BATCH_SIZE,
        )
        _reset_sequences(Organisation)
        timings["organisations"] = time.perf_counter() - t

        t = time.perf_counter()
        password = make_password(PASSWORD)  # hashed once, shared by every generated account
        next_user = (User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        users: list[Any] = []
        memberships: list[Any] = []
        coordinators: dict[str, int] = {}

        def new_user(home: Any, domain: str, username: str | None = None, **extra: Any) -> int:
            nonlocal next_user
            pk = next_user
            next_user += 1
            full_name = _person_name(rng)
            username = username or f"{ascii_slug(full_name)}.{pk:06d}"
            users.append(
                User(
                    pk=pk,
                    username=username,
                    full_name=full_name,
                    email=f"{username}@{domain}",
                    password=password,
                    home_organisation_id=home.pk if home is not None else None,
                    **extra,
                )
            )
            return pk

        if profile.admin:
            new_user(None, "bench.gov.vn", username="bench.admin", is_superuser=True, is_staff=True)
        for province in province_list:
            domain = f"{ascii_slug(re.sub(r'^UBND (tỉnh|thành phố) ', '', province.name))}.gov.vn"
            agencies = agencies_of[province.code]
            dost = next((a for a in agencies if a.code == f"{province.code}.SKHCN"), province)
            coordinator = new_user(dost, domain, username=f"coord.{province.code}")
            coordinators[province.code] = coordinator
            memberships.append(
                Membership(
                    user_id=coordinator,
                    organisation_id=province.pk,
                    role=Role.COORDINATOR,
                    position="Phó Giám đốc Sở Khoa học và Công nghệ",
                )
            )
            for agency in agencies:
                units = tree.units_of.get(agency.pk, [])
                for role in profile.roles:
                    where = agency.pk
                    position = "Chuyên viên"
                    if role == Role.LEADER:
                        position = catalogue.LEADER_POSITION.get(agency.kind, "Thủ trưởng cơ quan")
                    elif role == Role.STAFF:
                        position = "Công chức"
                        if units:
                            where = rng.choice(units)
                    user_pk = new_user(agency, domain)
                    memberships.append(Membership(user_id=user_pk, organisation_id=where, role=role, position=position))
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        _reset_sequences(User)
        timings["users"] = time.perf_counter() - t

    timings["total"] = time.perf_counter() - started
    all_orgs = Organisation.objects.all()
    return {
        "size": size,
        "seed": seed,
        "imported": imported.total,
        "organisations": all_orgs.count(),
        "agencies": all_orgs.exclude(kind=OrganisationKind.UNIT).count(),
        "current_agencies": sum(len(a) for a in agencies_of.values()),
        "units": all_orgs.filter(kind=OrganisationKind.UNIT).count(),
        "historical": all_orgs.filter(valid_to__isnull=False).count(),
        "lineage": len(lineage_pairs),
        "users": len(users),
        "memberships": len(memberships),
        "provinces": {p.code: p.pk for p in province_list},
        "coordinators": coordinators,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import os

    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(PROFILES), required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="recreate the configured database first (SQLite: delete the file; DATABASE_URL: flush) and migrate",
    )
    parser.add_argument("--no-documents", action="store_true", help="organisations and users only")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("QMS_DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings

    from .harness import fresh_database

    if args.fresh:
        fresh_database()
    print(f"database: {settings.DATABASES['default']['NAME']}")
    result = generate(args.size, seed=args.seed)
    print(json.dumps(result | {"provinces": len(result["provinces"]), "coordinators": "…"}, ensure_ascii=False))
    if not args.no_documents:
        from .documents import generate_documents

        documents = generate_documents(args.size, seed=args.seed)
        documents.pop("documents_by_agency", None)
        print(json.dumps(documents, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
