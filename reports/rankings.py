"""Public rankings: the top enterprises by total points, nationwide or within a province and/or
a sector (VSIC section).

Who appears (decided here, stated on the page): the page is public, like the honour list, so it
lists only what is already public — enterprises holding a valid certificate (status valid, not
past its date) that have not opted out of the honour list (``HonourOptOut``; opted-out ones
never appear). Each enterprise appears once, by its latest valid certificate, and is ranked by
the total points that certificate states (the ministry's appraised result, frozen at issue), so
the ranking never shows a figure that was not published. One framework is ranked at a time, by
each enterprise's latest valid certificate of it (totals of different frameworks are not
comparable: 2021 points, the readiness index's R, the large index's percent); the 2021 index by
default.

Ranks are standard competition ranks (1, 1, 3) of the whole filtered list. Pages are read by
keyset along the index ``reports_certificate_ranking_idx`` (reports/migrations), one query a
page however deep, so nothing counts the whole list: the rank and position reached travel in the
signed cursor of the "next" and "previous" links, and each page continues from them. Only a
"previous" page whose first tie group began on an earlier page counts that group's rows before
it (one more query, bounded by the size of a tie).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from certification.models import Certificate
from certification.selectors import honour_list
from dbi_portal.keyset import Cursor, KeysetPage, Order, Tuple, TupleLessThan, keyset_page

SME = DEFAULT_FRAMEWORK_CODE

# Best total first, then by name; the id breaks the last ties.
RANKING_ORDER = Order(
    "ranking", (("total_points", True), ("enterprise_name", False), ("id", False))
)


def ranking(
    *,
    province_id: int | None = None,
    sector: str = "",
    today: datetime.date | None = None,
    framework_code: str = SME,
) -> QuerySet[Certificate]:
    """Each listed enterprise's latest valid certificate of the framework, best total first
    (ties by name)."""
    return (
        honour_list(
            province_id=province_id, sector=sector, today=today, framework_code=framework_code
        )
        .select_related("enterprise__province")
        .order_by(*(e.asc() for e in RANKING_ORDER.expressions()))
    )


@dataclass
class RankedPage:
    rows: list[Certificate]  # each with ``rank`` and ``position`` (1 for the best)
    next_cursor: str | None
    previous_cursor: str | None
    first: bool


def ranking_page(
    *,
    province_id: int | None = None,
    sector: str = "",
    cursor: Cursor | None = None,
    size: int = 25,
    today: datetime.date | None = None,
    framework_code: str = SME,
) -> RankedPage:
    """One page of the ranking, with the ranks of the whole list."""
    queryset = ranking(
        province_id=province_id, sector=sector, today=today, framework_code=framework_code
    )
    page = keyset_page(queryset, order=RANKING_ORDER, size=size, cursor=cursor)
    rows = page.rows
    if rows:
        _rank(queryset, page)
    return RankedPage(
        rows=rows,
        next_cursor=page.next_cursor(rows[-1].rank, rows[-1].position) if rows else None,
        previous_cursor=page.previous_cursor(rows[0].rank, rows[0].position) if rows else None,
        first=page.first,
    )


def _carried(cursor: Cursor) -> tuple[int, int] | None:
    """(rank, position) of the cursor's row, as the link carried it."""
    if len(cursor.carry) == 2 and all(isinstance(n, int) and n >= 1 for n in cursor.carry):
        return cursor.carry[0], cursor.carry[1]
    return None


def _rank(queryset: QuerySet[Certificate], page: KeysetPage) -> None:
    """Set ``rank`` and ``position`` on the page's rows. A row starting a new total takes its
    position as rank; a row tied with the one before takes that one's rank."""
    rows, cursor = page.rows, page.cursor
    carried = _carried(cursor) if cursor else None
    if cursor is None or carried is None:
        # The first page (a cursor without a rank reads as one too: it cannot be signed).
        before = (None, 0, 0)  # (total, rank, position) of the row before the page
    elif not cursor.before:
        before = (-cursor.key[0], *carried)
    else:
        # The page ends just before the cursor's row, whose rank and position are known.
        rank_after, position_after = carried
        first_position = max(1, position_after - len(rows))
        total = rows[0].total_points
        if total == -cursor.key[0]:
            first_rank = rank_after  # one tie group from the page's top to the cursor's row
        elif page.beyond is not None and page.beyond.total_points == total:
            # The top tie group began on an earlier page: count its rows before this one.
            earlier = queryset.filter(
                TupleLessThan(Tuple(*RANKING_ORDER.expressions()), RANKING_ORDER.value(rows[0])),
                total_points=total,
            ).count()
            first_rank = max(1, first_position - earlier)
        else:
            first_rank = first_position
        before = (total, first_rank, first_position - 1)
    previous_total, rank, position = before
    for row in rows:
        position += 1
        if row.total_points != previous_total:
            rank = position
        row.rank, row.position, previous_total = rank, position, row.total_points
