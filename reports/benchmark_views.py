"""An enterprise's benchmark page (``/enterprises/<id>/benchmark/``): for whoever sees the
enterprise (``enterprises.access``); strangers get 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from enterprises.access import visible_enterprises

from .benchmarking import K_MIN, enterprise_benchmark, result_frameworks


@login_required
@require_GET
def enterprise_benchmark_page(request, pk: int):
    enterprise = get_object_or_404(
        visible_enterprises(request.user).select_related("province"), pk=pk
    )
    code = request.GET.get("framework", "")[:50]
    benchmark = enterprise_benchmark(enterprise=enterprise, framework_code=code)
    # The picker offers the frameworks of the enterprise's results (a few rows, one query).
    frameworks = result_frameworks(enterprise)
    context = {
        "benchmark": benchmark,
        "enterprise": enterprise,
        "k_min": K_MIN,
        "frameworks": frameworks,
    }
    return render(request, "reports/benchmark.html", context)
