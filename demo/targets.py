"""Demo targets for the three demo provinces (called by ``demo.seed``), after the plans in
the seeds: Trà Vinh's programme 695 ("trên 90% doanh nghiệp tham gia đánh giá", now Vĩnh Long),
Vĩnh Phúc's plan 163 ("30% doanh nghiệp tham gia đánh giá", now Phú Thọ) and Đồng Nai's plan
133. Set for this year by each province's demo officer (an approver). Idempotent: a target that
exists is left as it is (it may have been changed on the page)."""

from __future__ import annotations

from django.utils import timezone

from enterprises.models import ProvinceOfficer
from reports.models import ProvinceTarget, TargetMetric

# province code: [(metric, level, value)]
DEMO_TARGETS: dict[int, list[tuple[str, int | None, int]]] = {
    86: [
        (TargetMetric.SHARE_ASSESSED, None, 90),
        (TargetMetric.SHARE_LEVEL_AT_LEAST, 3, 30),
        (TargetMetric.COUNT_ASSESSED, None, 8),
    ],
    25: [
        (TargetMetric.SHARE_ASSESSED, None, 30),
        (TargetMetric.SHARE_CERTIFIED, None, 10),
    ],
    75: [
        (TargetMetric.SHARE_ASSESSED, None, 50),
        (TargetMetric.SHARE_LEVEL_AT_LEAST, 2, 40),
    ],
}


def demo_targets_seed() -> int:
    """This year's demo targets of each demo province that has an approving officer; returns
    how many were created."""
    year = timezone.localdate().year
    officers = {
        o.province.code: o
        for o in ProvinceOfficer.objects.filter(
            province__code__in=DEMO_TARGETS, can_approve=True
        ).select_related("province", "user")
    }
    created = 0
    for code, targets in DEMO_TARGETS.items():
        officer = officers.get(code)
        if officer is None:
            continue
        for metric, level, value in targets:
            _target, made = ProvinceTarget.objects.get_or_create(
                province_id=officer.province_id,
                year=year,
                metric=metric,
                level=level,
                defaults={"value": value, "set_by": officer.user},
            )
            created += made
    return created
