"""The public rankings page (``/reports/rankings/``): who appears is ``reports.rankings``."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.db import transaction
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from assessments.models import Framework
from assessments.scoring import SME_BANDS_2021
from dbi_portal.keyset import cursor_loads
from dbi_portal.params import primary_key
from dbi_portal.public_cache import public_fragment
from enterprises.models import Province
from enterprises.sectors import Section

from .rankings import RANKING_ORDER, SME, ranking_page

PAGE_SIZE = 25
CODE = re.compile(r"^[a-z0-9-]{1,50}$")  # a framework's code (a slug); others read as the default


@transaction.non_atomic_requests  # reads only
@require_GET
def rankings_page(request):
    """Read by keyset (``ranking_page``), rendered once per filter, cursor and language every
    ``DBI_PUBLIC_CACHE_SECONDS``; a cursor that is not ours reads as the first page."""
    province = request.GET.get("province", "")
    province_id = primary_key(province)
    sector = request.GET.get("sector", "")
    sector = sector if sector in Section.values else ""
    code = request.GET.get("framework", "")
    code = code if CODE.fullmatch(code) else SME
    cursor = cursor_loads(RANKING_ORDER, request.GET.get("cursor"))
    params = {"province": province_id, "sector": sector}

    def listing() -> str:
        # The frameworks to rank by (a few rows), read with the page on a cache miss only.
        frameworks = list(Framework.objects.order_by("code"))
        framework = next((f for f in frameworks if f.code == code), None)
        chosen = framework.code if framework else SME
        # The links keep the framework (the 2021 index's stay as they were).
        kept = {**params, "framework": chosen} if chosen != SME else params
        page = ranking_page(
            province_id=province_id,
            sector=sector,
            cursor=cursor,
            size=PAGE_SIZE,
            framework_code=chosen,
        )
        method = framework.scoring_method if framework else SME_BANDS_2021
        context = {
            "frameworks": frameworks,
            "framework": framework,
            "method": method,
            "counts_points": method == SME_BANDS_2021,
            "rows": page.rows,
            "next": page.next_cursor,
            "previous": page.previous_cursor,
            "first": page.first,
            "params": kept,
            "provinces": Province.objects.order_by("name"),
            "sections": Section.choices,
            "query": urlencode({k: v for k, v in kept.items() if v not in (None, "")}),
        }
        return render_to_string("reports/_rankings_list.html", context)

    key = {
        **params,
        "framework": code,
        "size": PAGE_SIZE,
        "cursor": cursor and [cursor.key, cursor.before, cursor.carry],
    }
    listing_html = public_fragment("rankings", key, listing)
    return render(request, "reports/rankings.html", {"listing": listing_html})
