"""Benchmarking an enterprise against its sector, province and size class: medians and
percentile ranks counted by hand, the k-anonymity threshold (4 other enterprises: no
comparison; 5: a comparison), what is not counted (drafts, other years, non-reference columns),
no other enterprise named, visibility, and a query count that does not grow with the peers."""

import pytest
from django.db import connection
from django.urls import reverse

from assessments.models import Assessment, Column, ColumnResult
from enterprises.models import Province
from reports.benchmarking import (
    K_MIN,
    Median,
    enterprise_benchmark,
    histogram_median,
    percentile_rank,
)

from ..factories import (
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)
from .conftest import YEAR, assessed

pytestmark = pytest.mark.django_db

State = Assessment.State


# --- the arithmetic ---


@pytest.mark.parametrize(
    ("counts", "median"),
    [
        ([0, 1, 1, 0, 1, 2], 4.0),  # 1 2 4 5 5
        ([1, 1, 1, 3, 0, 0], 2.5),  # 0 1 2 3 3 3
        ([0, 0, 0, 0, 0, 7], 5.0),
        ([2, 0, 0, 0, 0, 2], 2.5),  # 0 0 5 5
        ([0, 0, 0, 0, 0, 0], None),
    ],
)
def test_the_median_is_read_from_the_ordered_level_counts(counts, median):
    assert histogram_median(counts) == median


def test_the_percentile_rank_counts_those_below_and_half_of_those_level():
    counts = [1, 1, 1, 3, 0, 0]  # 0 1 2 3 3 3
    assert percentile_rank(counts, 3) == 75.0  # (3 + 3/2) / 6
    assert percentile_rank(counts, 5) == 100.0
    assert percentile_rank(counts, 0) == pytest.approx(100 / 12)
    assert percentile_rank([0] * 6, 3) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's")
def test_postgresql_s_median_equals_the_histogram_s(sme_framework):
    user = UserFactory()
    for level in (0, 1, 2, 3, 3, 5):
        assessed(EnterpriseFactory(), YEAR, State.SUBMITTED, {Column.SELF: [level] * 6}, user)
    counted = ColumnResult.objects.filter(is_reference=True)
    assert counted.aggregate(m=Median("level"))["m"] == histogram_median([1, 1, 1, 2, 0, 1])


# --- a small known data set ---


@pytest.fixture
def peers(sme_framework):
    """The subject S (Vĩnh Long, sector C, small; 2026 submitted, pillar 1 at 5, the others at
    3: overall 3) and, counted by hand:

    * sector C elsewhere (HCM, medium): overall and pillar levels 1 (its ministry column; its
      own column says 5), 2, 4, 5, 5 → median 4; S's overall 3 is above 2 of 5 (40%), its
      pillar 1 (5) above 3 and level with 2 (80%);
    * Vĩnh Long, sector G, micro: 0, 1, 2, 3, 3, 3 → median 2.5; S's 3 is above 3 and level with
      3 (75%), its 5 above all 6 (100%);
    * size small: nobody else → no comparison.

    Not counted: a draft (sector C), a 2025 assessment (sector C), S's own 2025 result.
    """
    vl, hcm = Province.objects.get(code=86), Province.objects.get(code=79)
    user = UserFactory()
    subject = EnterpriseFactory(province=vl, sector_section="C", size_class="small")
    assessed(subject, YEAR - 1, State.SUBMITTED, {Column.SELF: [0] * 6}, user)
    assessed(subject, YEAR, State.SUBMITTED, {Column.SELF: [5, 3, 3, 3, 3, 3]}, user)
    sector = [
        EnterpriseFactory(province=hcm, sector_section="C", size_class="medium") for _ in range(5)
    ]
    assessed(
        sector[0], YEAR, State.APPRAISED, {Column.SELF: [5] * 6, Column.MINISTRY: [1] * 6}, user
    )
    for enterprise, level in zip(sector[1:], (2, 4, 5, 5), strict=True):
        assessed(enterprise, YEAR, State.SUBMITTED, {Column.SELF: [level] * 6}, user)
    for level in (0, 1, 2, 3, 3, 3):
        enterprise = EnterpriseFactory(province=vl, sector_section="G", size_class="micro")
        assessed(enterprise, YEAR, State.PROVINCE_REVIEW, {Column.SELF: [level] * 6}, user)
    noise = [
        EnterpriseFactory(province=hcm, sector_section="C", size_class="small") for _ in range(2)
    ]
    assessed(noise[0], YEAR, State.DRAFT, {Column.SELF: [0] * 6}, user)
    assessed(noise[1], YEAR - 1, State.APPRAISED, {Column.MINISTRY: [0] * 6}, user)
    return subject


def figures(benchmark):
    """{row key: (level, {group: (median, percentile) or None})}"""
    keys = [g.key for g in benchmark.groups]
    return {
        row.key: (
            row.level,
            {
                key: (c.median, c.percentile) if c.shown else None
                for key, c in zip(keys, row.comparisons, strict=True)
            },
        )
        for row in benchmark.rows
    }


def test_each_level_against_the_median_and_percentile_rank_of_each_group(peers):
    benchmark = enterprise_benchmark(enterprise=peers)

    assert benchmark.period == YEAR
    assert [(g.key, g.enough, g.peers) for g in benchmark.groups] == [
        ("sector", True, 5),
        ("province", True, 6),
        ("size", False, None),
    ]
    rows = figures(benchmark)
    assert rows["overall"] == (3, {"sector": (4.0, 40), "province": (2.5, 75), "size": None})
    assert rows["1"] == (5, {"sector": (4.0, 80), "province": (2.5, 100), "size": None})
    assert rows["2"] == (3, {"sector": (4.0, 40), "province": (2.5, 75), "size": None})
    assert list(rows) == ["overall", "1", "2", "3", "4", "5", "6"]


def _sector_peers(n: int, user) -> None:
    hcm = Province.objects.get(code=79)
    for level in range(n):
        enterprise = EnterpriseFactory(province=hcm, sector_section="J")
        assessed(enterprise, YEAR, State.SUBMITTED, {Column.SELF: [level % 6] * 6}, user)


def test_four_other_enterprises_are_not_enough_to_compare_and_five_are(sme_framework):
    user = UserFactory()
    subject = EnterpriseFactory(province=Province.objects.get(code=86), sector_section="J")
    assessed(subject, YEAR, State.SUBMITTED, {Column.SELF: [2] * 6}, user)
    _sector_peers(K_MIN - 1, user)  # levels 0 1 2 3

    sector = enterprise_benchmark(enterprise=subject).groups[0]
    assert (sector.key, sector.enough, sector.peers) == ("sector", False, None)
    assert "Chưa đủ doanh nghiệp để so sánh" in sector.note

    assessed(
        EnterpriseFactory(province=Province.objects.get(code=79), sector_section="J"),
        YEAR,
        State.SUBMITTED,
        {Column.SELF: [4] * 6},
        user,
    )  # fmt: skip  (levels 0 1 2 3 4)
    benchmark = enterprise_benchmark(enterprise=subject)
    assert (benchmark.groups[0].enough, benchmark.groups[0].peers) == (True, 5)
    assert figures(benchmark)["overall"][1]["sector"] == (2.0, 50)  # (2 + 1/2) / 5


def test_an_enterprise_without_a_counted_assessment_has_nothing_to_compare(sme_framework):
    subject = EnterpriseFactory()
    assessed(subject, YEAR, State.DRAFT, {Column.SELF: [3] * 6}, UserFactory())
    benchmark = enterprise_benchmark(enterprise=subject)
    assert benchmark.result is None
    assert benchmark.rows == []


def test_an_enterprise_of_unknown_size_has_no_size_group(sme_framework):
    subject = EnterpriseFactory(size_class="")
    assessed(subject, YEAR, State.SUBMITTED, {Column.SELF: [3] * 6}, UserFactory())
    size = enterprise_benchmark(enterprise=subject).groups[2]
    assert (size.key, size.enough) == ("size", False)
    assert "quy mô" in size.note


# --- the page ---


def url(enterprise) -> str:
    return reverse("enterprise-benchmark", args=[enterprise.pk])


def test_a_member_sees_the_comparison_and_no_other_enterprise_is_named(client, peers):
    member = MembershipFactory(enterprise=peers).user
    client.force_login(member)

    html = client.get(url(peers)).content.decode()

    assert 'data-group="sector" data-enough="yes"' in html
    assert 'data-group="size" data-enough="no"' in html
    assert "Chưa đủ doanh nghiệp để so sánh" in html
    assert "So với 5 doanh nghiệp khác" in html
    row = html.split('<tr data-row="overall">')[1].split("</tr>")[0]
    assert '<td data-figure="median">4</td><td data-figure="percentile">40</td>' in row
    assert '<td data-figure="median">2,5</td><td data-figure="percentile">75</td>' in row
    others = peers.__class__.objects.exclude(pk=peers.pk).values_list("name_vi", flat=True)
    assert not [name for name in others if name in html]


def test_the_enterprise_results_page_links_to_the_comparison(client, peers):
    client.force_login(MembershipFactory(enterprise=peers).user)
    html = client.get(reverse("enterprise-results", args=[peers.pk])).content.decode()
    assert f'href="{url(peers)}"' in html


def test_whoever_sees_the_enterprise_sees_the_comparison_and_strangers_get_404(client, peers):
    allowed = [
        ProvinceOfficerFactory(province=Province.objects.get(code=86)).user,
        MinistryReviewerFactory().user,
    ]
    for user in allowed:
        client.force_login(user)
        assert client.get(url(peers)).status_code == 200
    refused = [
        ProvinceOfficerFactory(province=Province.objects.get(code=79)).user,
        MembershipFactory().user,  # a member of another enterprise
        UserFactory(),
    ]
    for user in refused:
        client.force_login(user)
        assert client.get(url(peers)).status_code == 404
    client.logout()
    assert client.get(url(peers)).status_code == 302  # to the login page


def test_the_page_issues_the_same_queries_for_few_or_many_peers(
    client, sme_framework, django_assert_max_num_queries
):
    user = UserFactory()
    subject = EnterpriseFactory(province=Province.objects.get(code=86), sector_section="J")
    assessed(subject, YEAR, State.SUBMITTED, {Column.SELF: [2] * 6}, user)
    _sector_peers(5, user)
    client.force_login(MembershipFactory(enterprise=subject).user)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url(subject)).status_code == 200
    _sector_peers(20, user)
    with django_assert_max_num_queries(10) as many:
        assert client.get(url(subject)).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
