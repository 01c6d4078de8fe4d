"""Writes for places, authorities and enterprises."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from vietnam_provinces import Province as GsoProvince
from vietnam_provinces import Ward as GsoWard

from ..models import Authority, Enterprise, LegacyProvince, Province, Ward
from ..sizing import size_class

LEGACY_PROVINCES = Path(settings.BASE_DIR) / "fixtures" / "legacy-provinces-2025.json"

# Initial authority names. They are data from then on: administrators rename them in the admin
# (a renamed authority gets a new row from its date, so history keeps the old name).
MINISTRY_NAMES = (
    # (valid_from, valid_until, vi, en)
    (
        datetime.date(2007, 8, 5),
        datetime.date(2025, 2, 28),
        "Bộ Thông tin và Truyền thông",
        "Ministry of Information and Communications",
    ),
    (
        datetime.date(2025, 3, 1),
        None,
        "Bộ Khoa học và Công nghệ",
        "Ministry of Science and Technology",
    ),
)
DEPARTMENTS_SINCE = datetime.date(2025, 7, 1)  # the 34 provinces and their merged departments


@dataclass(frozen=True)
class DivisionsOutcome:
    provinces: int
    wards: int
    legacy_provinces: int
    authorities: int


def _department_names(province: GsoProvince) -> tuple[str, str]:
    city = province.name.startswith("Thành phố ")
    place = province.name.removeprefix("Thành phố ")
    vi = f"Sở Khoa học và Công nghệ {'thành phố' if city else 'tỉnh'} {place}"
    en = f"Department of Science and Technology of {place} {'City' if city else 'Province'}"
    return vi, en


@transaction.atomic
def divisions_load() -> DivisionsOutcome:
    """Load the current provinces and wards (vietnam-provinces package), the 63 → 34 mapping of
    2025 and the initial authorities. Idempotent: rows are created or brought up to date with
    the package; authorities are only created where none exists, so renamed ones stay renamed."""
    gso_provinces = list(GsoProvince.iter_all())
    existing = {p.code: p for p in Province.objects.all()}
    for gso in gso_provinces:
        values = {
            "name": gso.name,
            "codename": gso.codename,
            "division_type": gso.division_type.value,
        }
        province = existing.get(gso.code.value)
        if province is None:
            existing[gso.code.value] = Province.objects.create(code=gso.code.value, **values)
        elif any(getattr(province, k) != v for k, v in values.items()):
            Province.objects.filter(pk=province.pk).update(**values)
    province_ids = {code: p.pk for code, p in existing.items()}

    known_wards = dict(Ward.objects.values_list("code", "name"))
    new_wards = [
        Ward(code=w.code.value, name=w.name, province_id=province_ids[w.province_code.value])
        for w in GsoWard.iter_all()
        if w.code.value not in known_wards
    ]
    Ward.objects.bulk_create(new_wards, batch_size=1000)

    legacy = json.loads(LEGACY_PROVINCES.read_text(encoding="utf-8"))["provinces"]
    for row in legacy:
        LegacyProvince.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "successor_id": province_ids[row["successor_code"]]},
        )

    created = 0
    if not Authority.objects.filter(kind=Authority.Kind.MINISTRY).exists():
        for valid_from, valid_until, vi, en in MINISTRY_NAMES:
            Authority.objects.create(
                kind=Authority.Kind.MINISTRY,
                name_vi=vi,
                name_en=en,
                valid_from=valid_from,
                valid_until=valid_until,
            )
            created += 1
    with_department = set(
        Authority.objects.filter(kind=Authority.Kind.DEPARTMENT).values_list(
            "province__code", flat=True
        )
    )
    for gso in gso_provinces:
        if gso.code.value not in with_department:
            vi, en = _department_names(gso)
            Authority.objects.create(
                kind=Authority.Kind.DEPARTMENT,
                province_id=province_ids[gso.code.value],
                name_vi=vi,
                name_en=en,
                valid_from=DEPARTMENTS_SINCE,
            )
            created += 1
    return DivisionsOutcome(len(gso_provinces), len(new_wards), len(legacy), created)


def enterprise_refresh_size(enterprise: Enterprise) -> None:
    """Set the stored size class from the enterprise's sector, employees and money figures."""
    size = size_class(
        section=enterprise.sector_section,
        employees=enterprise.employees,
        revenue=enterprise.annual_revenue,
        capital=enterprise.total_capital,
    )
    enterprise.size_class = size.value if size else ""
