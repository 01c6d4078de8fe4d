"""The public rankings: enterprises with a valid certificate, best total first with competition
ranks, each once by its latest valid certificate; opted-out, revoked and expired ones absent;
filters by province and sector; ranks kept across pages; a query count that does not grow."""

import datetime
import random
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Column
from certification.models import Certificate, HonourOptOut
from enterprises.models import Province

from ..factories import EnterpriseFactory, UserFactory
from .conftest import YEAR, assessed, certify

pytestmark = pytest.mark.django_db

URL = reverse("rankings")


def certified(name, total, *, province=86, sector="C", period=YEAR, user, **extra):
    enterprise = EnterpriseFactory(
        name_vi=name, province=Province.objects.get(code=province), sector_section=sector
    )
    return certified_again(enterprise, total, period=period, user=user, **extra)


def certified_again(enterprise, total, *, period=YEAR, user, **extra):
    assessment = assessed(enterprise, period, Assessment.State.APPRAISED, {}, user)
    certificate = certify(assessment, user=user, **extra)
    Certificate.objects.filter(pk=certificate.pk).update(total_points=total)
    return enterprise


def ranked(html: str) -> list[tuple[str, str]]:
    """(rank, enterprise name) of each row, in order."""
    return re.findall(r'data-rank="(\d+)">\s*<td>\d+</td><th scope="row">([^<]+)</th>', html)


@pytest.fixture
def ranking_data(sme_framework):
    user = UserFactory()
    today = timezone.localdate()
    certified("An Phát", 250, user=user)
    certified("Bình Minh", 200, province=79, user=user)
    certified("Cửu Long", 200, sector="G", user=user)
    certified("Đại Việt", 150, province=79, sector="G", user=user)
    hidden = certified("Ẩn Danh", 300, user=user)  # opted out of the honour list
    HonourOptOut.objects.create(enterprise=hidden, decided_by=user)
    certified("Quá Hạn", 310, user=user, valid_until=today - datetime.timedelta(days=1))
    certified("Thu Hồi", 320, user=user, status=Certificate.Status.REVOKED)
    twice = certified("Hai Năm", 100, period=YEAR - 1, user=user)  # and 180 the next year
    certified_again(twice, 180, user=user)
    return user


def test_certified_enterprises_ranked_by_total_with_ties_sharing_a_rank(client, ranking_data):
    html = client.get(URL).content.decode()  # public: no login

    assert ranked(html) == [
        ("1", "An Phát"),
        ("2", "Bình Minh"),
        ("2", "Cửu Long"),
        ("4", "Hai Năm"),
        ("5", "Đại Việt"),
    ]
    assert "180/320" in html  # the latest certificate's total, once


def test_opted_out_revoked_and_expired_enterprises_never_appear(client, ranking_data):
    html = client.get(URL).content.decode()
    for absent in ("Ẩn Danh", "Quá Hạn", "Thu Hồi"):
        assert absent not in html


def test_rankings_within_a_province_and_a_sector(client, ranking_data):
    vinh_long = Province.objects.get(code=86)
    html = client.get(URL, {"province": vinh_long.pk}).content.decode()
    assert ranked(html) == [("1", "An Phát"), ("2", "Cửu Long"), ("3", "Hai Năm")]

    html = client.get(URL, {"province": vinh_long.pk, "sector": "C"}).content.decode()
    assert ranked(html) == [("1", "An Phát"), ("2", "Hai Năm")]

    html = client.get(URL, {"sector": "G"}).content.decode()
    assert ranked(html) == [("1", "Cửu Long"), ("2", "Đại Việt")]


def next_query(html: str, rel: str = "next") -> str | None:
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def pages(client, params: dict | None = None) -> list[str]:
    """Every page's HTML from the first, following the "next" links."""
    html = client.get(URL, params or {}).content.decode()
    found = [html]
    while (query := next_query(html)) is not None:
        html = client.get(f"{URL}?{query}").content.decode()
        found.append(html)
    return found


def test_a_later_page_keeps_the_ranks_of_the_whole_list(client, ranking_data, monkeypatch):
    monkeypatch.setattr("reports.ranking_views.PAGE_SIZE", 2)
    first, second, third = pages(client)

    assert ranked(first) == [("1", "An Phát"), ("2", "Bình Minh")]
    assert ranked(second) == [("2", "Cửu Long"), ("4", "Hai Năm")]
    assert ranked(third) == [("5", "Đại Việt")]
    back = client.get(f"{URL}?{next_query(third, 'prev')}").content.decode()
    assert ranked(back) == ranked(second)
    assert ranked(client.get(f"{URL}?{next_query(back, 'prev')}").content.decode()) == ranked(first)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ranks_forward_and_back_match_the_whole_list(client, sme_framework, monkeypatch, seed):
    """Many ties, pages of three: walking forward and then back shows every enterprise once,
    with the competition rank of the whole list (worked out here from the totals)."""
    monkeypatch.setattr("reports.ranking_views.PAGE_SIZE", 3)
    rng = random.Random(seed)
    user = UserFactory()
    totals = {f"DN {n:02d}": rng.choice([300, 250, 250, 200, 200, 200, 150]) for n in range(14)}
    for name, total in totals.items():
        certified(name, total, user=user)
    order = sorted(totals, key=lambda name: (-totals[name], name))
    expected = [(str(1 + sum(t > totals[name] for t in totals.values())), name) for name in order]

    forward = pages(client)
    assert [row for html in forward for row in ranked(html)] == expected

    html, backward = forward[-1], [ranked(forward[-1])]
    while (query := next_query(html, "prev")) is not None:
        html = client.get(f"{URL}?{query}").content.decode()
        backward.append(ranked(html))
    assert backward == [ranked(html) for html in forward][::-1]


def test_a_tie_that_began_on_an_earlier_page_keeps_its_rank_going_back(
    client, sme_framework, monkeypatch
):
    monkeypatch.setattr("reports.ranking_views.PAGE_SIZE", 2)
    user = UserFactory()
    for name, total in [("A", 300), ("B", 200), ("C", 200), ("D", 200), ("E", 150), ("F", 100)]:
        certified(name, total, user=user)
    third = pages(client)[2]
    assert ranked(third) == [("5", "E"), ("6", "F")]

    second = client.get(f"{URL}?{next_query(third, 'prev')}").content.decode()

    assert ranked(second) == [("2", "C"), ("2", "D")]


@pytest.mark.parametrize("cursor", ["rubbish", "x" * 3000, "W1sicmFua2luZyJdXQ:1tQ:forged"])
def test_a_bad_cursor_reads_as_the_first_page(client, ranking_data, cursor):
    response = client.get(URL, {"cursor": cursor})

    assert response.status_code == 200
    assert ranked(response.content.decode())[0] == ("1", "An Phát")


def test_filters_are_kept_in_the_links(client, ranking_data, monkeypatch):
    monkeypatch.setattr("reports.ranking_views.PAGE_SIZE", 1)
    vinh_long = Province.objects.get(code=86)
    found = pages(client, {"province": vinh_long.pk})

    assert f"province={vinh_long.pk}" in next_query(found[0])
    assert [row for html in found for row in ranked(html)] == [
        ("1", "An Phát"),
        ("2", "Cửu Long"),
        ("3", "Hai Năm"),
    ]


def test_a_bad_filter_falls_back_to_everything(client, ranking_data):
    html = client.get(URL, {"province": "x", "sector": "ZZ"}).content.decode()
    assert len(ranked(html)) == 5


def test_the_page_issues_the_same_queries_for_few_or_many_enterprises(
    client, sme_framework, monkeypatch, django_assert_max_num_queries, django_assert_num_queries
):
    """Three queries (the frameworks to rank by, the page of certificates, the provinces) on a
    miss, whatever the page; none when the rendered page is in the cache."""
    monkeypatch.setattr("reports.ranking_views.PAGE_SIZE", 5)
    user = UserFactory()
    certified("Một", 100, user=user)
    with django_assert_max_num_queries(3) as few:
        assert client.get(URL).status_code == 200
    for n in range(12):
        certified(f"Doanh nghiệp {n}", 50 + n, user=user)
    cache.clear()
    with django_assert_max_num_queries(3) as many:
        html = client.get(URL).content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)
    with django_assert_max_num_queries(3):
        deeper = client.get(f"{URL}?{next_query(html)}").content.decode()
    assert ranked(deeper)[0] == ("6", "Doanh nghiệp 7")  # 57 points
    with django_assert_num_queries(0):
        assert client.get(URL).content.decode().count("data-rank=") == 5


def test_the_column_results_do_not_matter_only_the_certificate(client, sme_framework):
    """An enterprise with high self-assessed levels but no certificate is not ranked."""
    assessed(EnterpriseFactory(name_vi="Tự Chấm"), YEAR, Assessment.State.SUBMITTED,
             {Column.SELF: [5] * 6}, UserFactory())  # fmt: skip
    assert "Tự Chấm" not in client.get(URL).content.decode()
