"""One way to lock an assessment for a write."""

from __future__ import annotations

from ..models import Assessment


def assessment_lock(*, assessment_id: int) -> Assessment:
    """Lock the assessment (serializing writes to it) and its enterprise (whose place, sector and
    size its results copy for the dashboards: column_results.py), and load both with the
    framework and the catalog version. Never the framework or version row, which every
    assessment joins: locking them would serialize every save nationwide. Inside the caller's
    transaction."""
    return (
        Assessment.objects.select_for_update(of=("self", "enterprise"))
        .select_related("framework", "enterprise", "catalog_version")
        .get(pk=assessment_id)
    )
