"""Hand-built catalog snapshots for the 2023 methods' tests (no database, no fixture file).

The readiness snapshot has the real pillar weights, matched to pillars by name as the issue
asks (the decision's weight table lists pillars 4 and 5 in another order than its pillar table):

    code  pillar (seed 004, pillar table)                               weight
    1     Định hướng chiến lược                                           22 %
    2     Trải nghiệm khách hàng và bán hàng đa kênh                       7 %
    3     Chuỗi cung ứng                                                  33 %
    4     Hệ thống công nghệ thông tin và quản trị dữ liệu                 4 %
    5     Quản lý rủi ro và an ninh mạng                                   4 %
    6     Nghiệp vụ quản lý tài chính, kế toán, kế hoạch, pháp lý, nhân sự 19 %
    7     Con người và tổ chức                                            11 %

and the portal's thresholds R ≥ 1 / 1.8 / 2.6 / 3.4 / 4.2 for levels 1..5, in thousandths.
The large-enterprise snapshots use the decision's bands 0 / 25 / 50 / 75 / 100 %, in hundredths.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessments import scoring
from assessments.scoring import (
    CatalogSnapshot,
    CriterionSpec,
    PillarSpec,
    SubIndexSpec,
    Threshold,
)

WEIGHTS = {"1": 22, "2": 7, "3": 33, "4": 4, "5": 4, "6": 19, "7": 11}
READINESS_MINIMA = (1000, 1800, 2600, 3400, 4200)  # R 1 / 1.8 / 2.6 / 3.4 / 4.2 in thousandths
READINESS_THRESHOLDS = tuple(
    Threshold(level, minimum) for level, minimum in enumerate(READINESS_MINIMA, start=1)
)
BAND_MINIMA = (0, 2500, 5000, 7500, 10000)  # 0 / 25 / 50 / 75 / 100 % in hundredths
BAND_THRESHOLDS = tuple(
    Threshold(level, minimum) for level, minimum in enumerate(BAND_MINIMA, start=1)
)


def readiness_snapshot(aims: Sequence[Sequence[int]] | None = None) -> CatalogSnapshot:
    """Pillars "1".."7"; ``aims[p]`` lists how many questions each aim of pillar p+1 has
    (default: two aims of two questions each). Question codes are "pillar.aim.question"."""
    aims = aims or [(2, 2)] * 7
    pillars = tuple(
        PillarSpec(
            code=str(p),
            weight_percent=WEIGHTS[str(p)],
            sub_indices=tuple(
                SubIndexSpec(
                    f"{p}.{a}", tuple(CriterionSpec(f"{p}.{a}.{q}") for q in range(1, n + 1))
                )
                for a, n in enumerate(counts, start=1)
            ),
        )
        for p, counts in enumerate(aims, start=1)
    )
    return CatalogSnapshot(
        code="readiness-test",
        pillars=pillars,
        method=scoring.READINESS_MEDIAN_2023,
        min_level=1,
        max_level=5,
        thresholds=READINESS_THRESHOLDS,
    )


def pillar_codes(snapshot: CatalogSnapshot, pillar: str) -> list[str]:
    return [c.code for p in snapshot.pillars if p.code == pillar for c in p.criteria]


def large_snapshot(structure: dict[str, dict[str, Sequence[str]]]) -> CatalogSnapshot:
    """``{dimension: {group: [criterion codes]}}`` as a department-means snapshot."""
    return CatalogSnapshot(
        code="large-test",
        pillars=tuple(
            PillarSpec(
                dimension,
                tuple(
                    SubIndexSpec(group, tuple(CriterionSpec(c) for c in codes))
                    for group, codes in groups.items()
                ),
            )
            for dimension, groups in structure.items()
        ),
        method=scoring.DEPARTMENT_MEANS_2023,
        min_level=0,
        max_level=5,
        thresholds=BAND_THRESHOLDS,
    )
