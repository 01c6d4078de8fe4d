"""Keyset pagination for the public lists (the honour list, the rankings).

A page is "the next ``size`` rows after (or before) this row" in a total order, asked of the
database as a row comparison on the sort key, ``(k1, k2, …) > (v1, v2, …)``, which an index on
the same key answers by reading just those rows: page 1 and page 5,000 cost the same, with no
OFFSET (which reads and throws away every row before the page) and no COUNT over the whole list.

The sort key is all ascending, so that one row comparison expresses it: a column wanted in
descending order is negated (``-total_points``), and the index is built on the same
expressions (``index_expressions``). The last key is the primary key, so no two rows tie.

Cursors travel in links, signed (``django.core.signing``) so that what they carry besides the
position (the rankings carry the rank reached) cannot be made up; a cursor that is missing,
altered or from another list reads as "the first page". DRF's CursorPagination is for API
responses and positions on the first sort column plus an offset, which at a few distinct
levels is an OFFSET again; hence this small helper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import F, IntegerField, QuerySet
from django.db.models.expressions import CombinedExpression, ExpressionWrapper

# Row comparisons on expressions: Django's own, made for composite primary keys (5.2). PostgreSQL
# and SQLite compare row values natively.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

SALT = "dbi_portal.keyset"


@dataclass(frozen=True)
class Order:
    """A total order: ``(field, descending)`` pairs, the last one the primary key. Only numeric
    fields may be descending (they are negated)."""

    name: str  # tells cursors of different lists apart
    keys: tuple[tuple[str, bool], ...]

    def expressions(self) -> list[F | ExpressionWrapper]:
        return [
            ExpressionWrapper(-F(name), output_field=IntegerField()) if descending else F(name)
            for name, descending in self.keys
        ]

    def value(self, row) -> tuple:
        return tuple(
            -getattr(row, name) if descending else getattr(row, name)
            for name, descending in self.keys
        )


def index_expressions(order: Order) -> list[F | CombinedExpression]:
    """What an index matching ``order`` is built on (``models.Index(*index_expressions(…))``)."""
    return [-F(name) if descending else F(name) for name, descending in order.keys]


@dataclass(frozen=True)
class Cursor:
    """Continue after the row with sort key ``key`` (or end just before it: ``before``);
    ``carry`` is what the list wants to know at that row (e.g. its rank and position)."""

    key: tuple
    before: bool = False
    carry: tuple = ()


def cursor_dumps(order: Order, cursor: Cursor) -> str:
    data = [order.name, list(cursor.key), cursor.before, list(cursor.carry)]
    return signing.dumps(data, salt=SALT, compress=True)


def cursor_loads(order: Order, token: str | None) -> Cursor | None:
    """The cursor in ``token``, or None (the first page) when there is none or it is not one
    of ours for this list."""
    if not token or len(token) > 1000:
        return None
    try:
        name, key, before, carry = signing.loads(token, salt=SALT)
        if name != order.name or len(key) != len(order.keys):
            return None
        cursor = Cursor(key=tuple(key), before=bool(before), carry=tuple(carry))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    scalars = all(isinstance(v, int | str) and not isinstance(v, bool) for v in cursor.key)
    keys = zip(cursor.key, order.keys, strict=True)
    numbers = all(isinstance(v, int) for v, (_name, descending) in keys if descending)
    return cursor if scalars and numbers else None


@dataclass
class KeysetPage:
    rows: list[Any]  # model instances, often with annotations (a rank, a total)
    has_next: bool
    has_previous: bool
    order: Order
    cursor: Cursor | None  # what was asked for; None for the first page
    beyond: Any | None = None  # the row just past the page, in the reading direction
    first: bool = field(default=False)  # this is the first page

    def next_cursor(self, *carry) -> str | None:
        if not self.has_next or not self.rows:
            return None
        return cursor_dumps(self.order, Cursor(self.order.value(self.rows[-1]), False, carry))

    def previous_cursor(self, *carry) -> str | None:
        if not self.has_previous or not self.rows:
            return None
        return cursor_dumps(self.order, Cursor(self.order.value(self.rows[0]), True, carry))


def keyset_page(
    queryset: QuerySet, *, order: Order, size: int, cursor: Cursor | None
) -> KeysetPage:
    """One page of ``queryset`` in ``order`` (one query; two when a "previous" link leads back
    past the start, which then reads the first page)."""
    expressions = order.expressions()
    ascending = [e.asc() for e in expressions]
    if cursor is None:
        rows = list(queryset.order_by(*ascending)[: size + 1])
        return KeysetPage(
            rows[:size], len(rows) > size, False, order, None, _at(rows, size), first=True
        )
    position = Tuple(*expressions)
    if not cursor.before:
        rows = list(
            queryset.filter(TupleGreaterThan(position, cursor.key)).order_by(*ascending)[: size + 1]
        )
        return KeysetPage(rows[:size], len(rows) > size, True, order, cursor, _at(rows, size))
    descending = [e.desc() for e in expressions]
    rows = list(
        queryset.filter(TupleLessThan(position, cursor.key)).order_by(*descending)[: size + 1]
    )
    if len(rows) <= size:  # back at the start: the first page, full
        return keyset_page(queryset, order=order, size=size, cursor=None)
    return KeysetPage(rows[:size][::-1], True, True, order, cursor, rows[size])


def _at(rows: Sequence, index: int):
    return rows[index] if len(rows) > index else None
