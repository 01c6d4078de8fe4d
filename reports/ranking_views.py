"""The public rankings page (``/reports/rankings/``): who appears is ``reports.rankings``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enterprises.models import Province
from enterprises.sectors import Section

from .rankings import ranking

PAGE_SIZE = 25


@require_GET
def rankings_page(request):
    province = request.GET.get("province", "")
    province_id = int(province) if province.isdigit() and int(province) < 2**31 else None
    sector = request.GET.get("sector", "")
    sector = sector if sector in Section.values else ""
    page = Paginator(ranking(province_id=province_id, sector=sector), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = {"province": province_id, "sector": sector}
    context = {
        "page": page,
        "params": params,
        "provinces": Province.objects.order_by("name"),
        "sections": Section.choices,
        "query": urlencode({k: v for k, v in params.items() if v not in (None, "")}),
    }
    return render(request, "reports/rankings.html", context)
