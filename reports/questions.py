"""The dashboard's question read from a request's parameters, with the scoping every way in
(page, export, API) must apply: a province officer always gets their own province and a 404 for
naming any other; the ministry may name any province or none (the nation)."""

from __future__ import annotations

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from dbi_portal.params import SMALLINT_MAX, whole_number
from enterprises.models import Province

from .forms import DashboardFilterForm
from .selectors import (
    NATIONAL_BREAKDOWNS,
    PROVINCE_BREAKDOWNS,
    REFERENCE,
    DashboardAccess,
    DashboardQuery,
    dashboard_framework,
    latest_period,
    year_choices,
)


def scoped_province(access: DashboardAccess, code: str | None) -> Province | None:
    """The province asked for by its code (None: the nation), within ``access``."""
    code = (code or "").strip()
    number = whole_number(code, high=SMALLINT_MAX)
    if code and number is None:
        raise Http404  # "²", "-1", a number no province code can be
    if access.national:
        return get_object_or_404(Province, code=number) if code else None
    assert access.province_id is not None  # not national: an officer's own province
    own = Province.objects.get(pk=access.province_id)
    if code and number != own.code:
        raise Http404  # another province's figures: as if it did not exist
    return own


def dashboard_question(
    params: QueryDict, access: DashboardAccess, *, framework=None, latest: int | None = None
) -> DashboardQuery:
    """The filters in ``params`` (year, column, sector, size, kind, by, province), read by the
    dashboard's own form: a value that is not one of the choices falls back to its default.
    ``framework`` and ``latest`` (its latest year) save their queries when already known."""
    framework = framework or dashboard_framework(params.get("framework", ""))
    if framework is None:
        raise Http404
    province = scoped_province(access, params.get("province"))
    latest = latest or latest_period(framework)
    form = DashboardFilterForm(
        params or None,
        years=year_choices(latest),
        breakdowns=NATIONAL_BREAKDOWNS if province is None else PROVINCE_BREAKDOWNS,
        national=False,  # the province is read above, with its scoping
    )
    return DashboardQuery(
        framework=framework,
        period=form.value("year", latest),
        column=form.value("column", REFERENCE),
        province=province,
        sector=form.value("sector", ""),
        size=form.value("size", ""),
        kind=form.value("kind", ""),
        breakdown=form.value("by", ""),
    )
