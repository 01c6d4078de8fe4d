"""Public rankings: the top enterprises by total points, nationwide or within a province and/or
a sector (VSIC section).

Who appears (decided here, stated on the page): the page is public, like the honour list, so it
lists only what is already public — enterprises holding a valid certificate (status valid, not
past its date) that have not opted out of the honour list (``HonourOptOut``; opted-out ones
never appear). Each enterprise appears once, by its latest valid certificate, and is ranked by
the total points that certificate states (the ministry's appraised result, frozen at issue), so
the ranking never shows a figure that was not published. Only certificates of the SME framework
are ranked (totals of different frameworks are not comparable).

Ranks are standard competition ranks (1, 1, 3) computed by the database over the whole filtered
list (a window function), so a later page keeps the ranks of the full list. A page is two
queries (the count and the page), whatever the number of enterprises.
"""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet, Window
from django.db.models.functions import Rank

from certification.models import Certificate
from certification.selectors import honour_list

SME = "dbi-sme-2021"


def ranking(
    *,
    province_id: int | None = None,
    sector: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Certificate]:
    """Each listed enterprise's latest valid certificate with its ``rank`` by total points,
    best first (ties by name)."""
    return (
        honour_list(province_id=province_id, sector=sector, today=today)
        .filter(framework_code=SME)
        .select_related("enterprise__province")
        .annotate(rank=Window(Rank(), order_by=F("total_points").desc()))
        .order_by("-total_points", "enterprise_name", "pk")
    )
