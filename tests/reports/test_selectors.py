"""Every dashboard figure on the hand-counted country of conftest.py, for each scope, column
and filter; and the same number of queries for 3 enterprises as for 30."""

import pytest

from assessments.models import Column
from enterprises.models import Province
from reports.selectors import (
    BY_KIND,
    BY_PROVINCE,
    BY_SECTOR,
    BY_SIZE,
    BY_WARD,
    REFERENCE,
    DashboardQuery,
    dashboard,
    dashboard_access,
    dashboard_framework,
    latest_period,
)

from ..factories import (
    AccreditationFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    UserFactory,
)
from .conftest import YEAR, assessed

pytestmark = pytest.mark.django_db


def board(**kwargs):
    framework = dashboard_framework()
    return dashboard(
        DashboardQuery(framework=framework, period=kwargs.pop("period", YEAR), **kwargs)
    )


def rows(result) -> dict:
    """{group label or key: (registered, assessed, certified, level counts)}."""
    return {r.key: (r.registered, r.assessed, r.certified, r.levels.counts) for r in result.rows}


def test_national_totals_and_level_distribution(country):
    result = board()

    assert (result.registered, result.assessed, result.certified) == (6, 3, 1)
    # E1 counts the ministry's 4, E2 its own 2, E5 the province's 1; E3 is a draft.
    assert result.levels.counts == (0, 1, 1, 0, 1, 0)
    assert result.levels.average == round((4 + 2 + 1) / 3, 2)
    assert result.assessed_percent == 50.0


def test_each_pillar_is_averaged_and_distributed_over_the_counted_columns(country):
    pillars = {p.code: p.levels for p in board().pillars}

    # Pillar 1: E1 ministry 4, E2 self 2, E5 province 1. Pillar 6: 5, 2, 1.
    assert pillars["1"].counts == (0, 1, 1, 0, 1, 0)
    assert pillars["1"].average == round(7 / 3, 2)
    assert pillars["6"].counts == (0, 1, 1, 0, 0, 1)
    assert pillars["6"].average == round(8 / 3, 2)
    assert all(p.total == 3 for p in pillars.values())


def test_national_breakdown_by_province_links_each_province(country):
    result = board(breakdown=BY_PROVINCE)

    assert result.breakdown == BY_PROVINCE
    assert rows(result) == {
        86: (5, 2, 1, (0, 0, 1, 0, 1, 0)),
        79: (1, 1, 0, (0, 1, 0, 0, 0, 0)),
    }


@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        (
            BY_SECTOR,
            {"C": (4, 2, 1, (0, 1, 0, 0, 1, 0)), "G": (2, 1, 0, (0, 0, 1, 0, 0, 0))},
        ),
        (
            BY_SIZE,
            {
                "": (1, 0, 0, (0,) * 6),
                "medium": (1, 1, 0, (0, 1, 0, 0, 0, 0)),
                "micro": (2, 1, 0, (0, 0, 1, 0, 0, 0)),
                "small": (2, 1, 1, (0, 0, 0, 0, 1, 0)),
            },
        ),
        (
            BY_KIND,
            {
                "cooperative": (1, 0, 0, (0,) * 6),
                "enterprise": (4, 2, 1, (0, 1, 0, 0, 1, 0)),
                "household": (1, 1, 0, (0, 0, 1, 0, 0, 0)),
            },
        ),
    ],
)
def test_breakdowns_by_sector_size_and_kind(country, breakdown, expected):
    assert rows(board(breakdown=breakdown)) == expected


def test_a_province_sees_its_wards_and_only_its_enterprises(country):
    result = board(province=country.vinh_long, breakdown=BY_WARD)

    assert (result.registered, result.assessed, result.certified) == (5, 2, 1)
    assert rows(result) == {
        country.ward_1.pk: (2, 1, 1, (0, 0, 0, 0, 1, 0)),
        country.ward_2.pk: (1, 1, 0, (0, 0, 1, 0, 0, 0)),
        None: (2, 0, 0, (0,) * 6),
    }
    assert [r.label for r in result.rows][-1] == "Chưa rõ"  # enterprises without a ward last
    assert {y.period: y.assessed for y in result.trend} == {YEAR - 1: 1, YEAR: 2}


def test_the_default_breakdown_is_by_province_nationally_and_by_sector_in_a_province(country):
    assert board().breakdown == BY_PROVINCE
    assert board(province=country.vinh_long).breakdown == BY_SECTOR
    assert board(province=country.vinh_long, breakdown=BY_PROVINCE).breakdown == BY_SECTOR


@pytest.mark.parametrize(
    ("column", "assessed", "levels"),
    [
        (REFERENCE, 3, (0, 1, 1, 0, 1, 0)),
        (Column.SELF, 3, (0, 0, 1, 1, 1, 0)),  # E1 3, E2 2, E5 4 — E3's draft never counts
        (Column.CONSULTANT, 0, (0,) * 6),
        (Column.PROVINCE, 2, (0, 1, 1, 0, 0, 0)),  # E1 2, E5 1
        (Column.MINISTRY, 1, (0, 0, 0, 0, 1, 0)),  # E1 4
    ],
)
def test_the_chosen_column_is_the_one_counted(country, column, assessed, levels):
    result = board(column=column)

    assert (result.registered, result.assessed, result.levels.counts) == (6, assessed, levels)


def test_filters_narrow_every_figure(country):
    sector_c = board(sector="C")
    assert (sector_c.registered, sector_c.assessed, sector_c.certified) == (4, 2, 1)
    assert {y.period: y.assessed for y in sector_c.trend} == {YEAR - 1: 1, YEAR: 2}

    households = board(kind="household")
    assert (households.registered, households.assessed, households.certified) == (1, 1, 0)
    assert households.pillars[0].levels.counts == (0, 0, 1, 0, 0, 0)

    small_in_vinh_long = board(province=country.vinh_long, size="small")
    assert (small_in_vinh_long.registered, small_in_vinh_long.assessed) == (2, 1)


def test_the_trend_counts_each_year_and_the_certificates_still_valid(country):
    trend = {y.period: (y.assessed, y.certified, y.levels.counts) for y in board().trend}

    assert trend == {
        YEAR - 1: (1, 1, (0, 1, 0, 0, 0, 0)),  # E6: the ministry's 1
        YEAR: (3, 1, (0, 1, 1, 0, 1, 0)),
    }


def test_only_valid_certificates_within_their_dates_count(country):
    # E1 valid; E2 past its date though still "valid" in the record; E5 revoked.
    assert board().certified == 1
    assert board(period=YEAR - 1).certified == 1  # E6
    assert board(period=YEAR - 1).assessed == 1


def test_an_empty_year_has_no_assessed_and_no_average(country):
    result = board(period=YEAR - 3)

    assert (result.registered, result.assessed, result.certified) == (6, 0, 0)
    assert result.levels.average is None
    assert all(p.levels.average is None for p in result.pillars)


def test_latest_period_is_the_latest_year_with_an_assessment(country):
    assert latest_period(dashboard_framework()) == YEAR


def test_who_has_a_dashboard(country):
    assert dashboard_access(country.reviewer).national
    officer = dashboard_access(country.officer)
    assert not officer.national
    assert officer.province_id == country.vinh_long.pk
    assert officer.may_see(country.vinh_long)
    assert not officer.may_see(country.hcm)
    assert not officer.may_see(None)
    assert dashboard_access(MembershipFactory().user) is None
    assert dashboard_access(AccreditationFactory().consultant.user) is None
    assert dashboard_access(UserFactory()) is None


def populate(n: int, sme_framework, user) -> None:
    """``n`` assessed enterprises spread over two provinces, sectors and states."""
    provinces = [Province.objects.get(code=86), Province.objects.get(code=79)]
    for i in range(n):
        enterprise = EnterpriseFactory(
            province=provinces[i % 2],
            sector_section="CGF"[i % 3],
            size_class=("micro", "small", "")[i % 3],
        )
        assessed(
            enterprise, YEAR, ("submitted", "appraised", "province_approved")[i % 3],
            {Column.SELF: [i % 6] * 6, Column.MINISTRY: [(i + 1) % 6] * 6}, user,
        )  # fmt: skip


@pytest.mark.parametrize("breakdown", [BY_PROVINCE, BY_SECTOR])
def test_the_number_of_queries_does_not_grow_with_the_enterprises(
    sme_framework, django_assert_max_num_queries, breakdown
):
    user = UserFactory()
    MinistryReviewerFactory(user=user)
    query = DashboardQuery(framework=dashboard_framework(), period=YEAR, breakdown=breakdown)
    populate(3, sme_framework, user)
    with django_assert_max_num_queries(6) as few:
        small = dashboard(query)
    populate(30, sme_framework, user)
    with django_assert_max_num_queries(6) as many:
        large = dashboard(query)

    assert len(few.captured_queries) == len(many.captured_queries)
    assert (small.registered, large.registered) == (3, 33)
    assert large.assessed == 33
