"""``manage.py seed_scale`` on a small number: the data is self-consistent (every stored level is
the scoring module's level for the stored points, every result carries what the dashboards read
as the services would write it), the reference marker follows the rule, it refuses a database
with other enterprises unless forced, and ``--clear`` removes only its own."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments import scoring
from assessments.column_results import (
    ENTERPRISE_FIELDS,
    PILLAR_FIELDS,
    reference_column,
)
from assessments.models import Assessment, ColumnResult, PillarResult
from certification.models import Certificate
from demo.scale import SEED_DOMAIN, SEED_VERSION
from enterprises.models import Enterprise
from enterprises.sizing import size_class
from reports.selectors import DashboardQuery, dashboard, dashboard_framework

from ..assessments.sme_reference import SNAPSHOT
from ..factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def development_machine(settings):
    settings.DEBUG = True  # seed_scale refuses production databases


def test_seed_scale_refuses_without_debug(settings, sme_framework):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed(enterprises=5, years=1)
    assert not EnterpriseFactory._meta.model.objects.exists()


def seed(*args, **options):
    out = StringIO()
    call_command("seed_scale", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(sme_framework):
    return seed(enterprises=50, years=2, seed=7, last_year=2026)


def test_it_seeds_the_asked_enterprises_and_one_assessment_per_year(seeded):
    assert "50" in seeded
    assert Enterprise.objects.filter(contact_email__endswith=SEED_DOMAIN).count() == 50
    assert Assessment.objects.count() == 100
    assert set(Assessment.objects.values_list("period", flat=True)) == {2025, 2026}
    assert Assessment.objects.filter(enterprise__in=Enterprise.objects.all()).count() == 100
    # Results only, for the dashboards' volume: on the guidance version, whatever is current.
    assert set(Assessment.objects.values_list("catalog_version__label", flat=True)) == {
        SEED_VERSION
    }


def test_every_stored_level_is_the_scoring_modules_level(seeded):
    maxima = {p.code: SNAPSHOT.pillar_max(p) for p in SNAPSHOT.pillars}
    pillars = defaultdict(list)
    for row in PillarResult.objects.select_related("pillar").order_by("pillar__position"):
        pillars[row.result_id].append(row)
        assert row.level == scoring.pillar_level(SNAPSHOT, row.points, maxima[row.pillar.code])
        assert 0 <= row.points <= maxima[row.pillar.code]
        if row.pillar.code == "2":  # the single strategy criterion is worth 5 per level
            assert row.points % 5 == 0
    results = list(ColumnResult.objects.all())
    assert results
    for result in results:
        rows = pillars[result.pk]
        assert len(rows) == 6
        assert result.total == sum(r.points for r in rows)
        assert result.level == scoring.overall_level(
            SNAPSHOT, result.total, [r.level for r in rows]
        )
        assert [getattr(result, f) for f in PILLAR_FIELDS] == [r.level for r in rows] + [None] * 2


def test_the_reference_marker_and_sizes_follow_their_rules(seeded):
    answered = defaultdict(set)
    for result in ColumnResult.objects.filter(answered__gt=0):
        answered[result.assessment_id].add(result.column)
    for assessment in Assessment.objects.all():
        marked = list(assessment.results.filter(is_reference=True).values_list("column", flat=True))
        expected = reference_column(assessment.state, answered[assessment.pk])
        assert marked == ([expected] if expected else [])
    for e in Enterprise.objects.all():
        size = size_class(
            section=e.sector_section,
            employees=e.employees,
            revenue=e.annual_revenue,
            capital=e.total_capital,
        )
        assert e.size_class == (size or "")


def test_each_result_carries_its_year_its_enterprise_and_whether_it_counts(seeded):
    results = ColumnResult.objects.select_related("assessment__enterprise")
    assert results.exists()
    for result in results:
        assessment, enterprise = result.assessment, result.assessment.enterprise
        assert (result.framework_id, result.period) == (
            assessment.framework_id,
            assessment.period,
        )
        assert result.counted == (assessment.state != "draft" and result.answered > 0)
        assert tuple(getattr(result, f) for f in ENTERPRISE_FIELDS) == tuple(
            getattr(enterprise, f) for f in ENTERPRISE_FIELDS
        )


def test_certificates_go_to_appraised_assessments_only(seeded):
    states = set(Certificate.objects.values_list("assessment__state", flat=True))
    assert states == {"appraised"}


def test_the_dashboard_reads_the_seeded_data(seeded):
    framework = dashboard_framework()
    assert framework is not None
    board = dashboard(DashboardQuery(framework=framework, period=2026))

    assert board.registered == 50
    assert 0 < board.assessed <= 50
    assert sum(board.levels.counts) == board.assessed


def test_the_same_seed_gives_the_same_data(sme_framework):
    seed(enterprises=20, years=1, seed=3, last_year=2026)
    first = list(ColumnResult.objects.order_by("pk").values_list("column", "total", "level"))
    seed(clear=True, enterprises=20, years=1, seed=3, last_year=2026)
    again = list(ColumnResult.objects.order_by("pk").values_list("column", "total", "level"))

    assert first == again


def test_it_refuses_a_database_with_other_enterprises_unless_forced(sme_framework):
    real = EnterpriseFactory()

    with pytest.raises(CommandError, match="--force"):
        seed(enterprises=5, years=1)
    seed(enterprises=5, years=1, force=True)
    assert Enterprise.objects.count() == 6

    with pytest.raises(CommandError, match="--clear"):
        seed(enterprises=5, years=1, force=True)
    seed(clear=True)
    assert list(Enterprise.objects.all()) == [real]
    assert not Assessment.objects.exists()


def test_it_needs_a_number(sme_framework):
    with pytest.raises(CommandError):
        seed()
