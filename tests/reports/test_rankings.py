"""The public rankings: enterprises with a valid certificate, best total first with competition
ranks, each once by its latest valid certificate; opted-out, revoked and expired ones absent;
filters by province and sector; ranks kept across pages; a query count that does not grow."""

import datetime
import re

import pytest
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


def test_a_later_page_keeps_the_ranks_of_the_whole_list(client, ranking_data, monkeypatch):
    monkeypatch.setattr("reports.ranking_views.PAGE_SIZE", 2)
    html = client.get(URL, {"page": 2}).content.decode()
    assert ranked(html) == [("2", "Cửu Long"), ("4", "Hai Năm")]


def test_a_bad_filter_falls_back_to_everything(client, ranking_data):
    html = client.get(URL, {"province": "x", "sector": "ZZ"}).content.decode()
    assert len(ranked(html)) == 5


def test_the_page_issues_the_same_queries_for_few_or_many_enterprises(
    client, sme_framework, django_assert_max_num_queries
):
    user = UserFactory()
    certified("Một", 100, user=user)
    with django_assert_max_num_queries(6) as few:
        assert client.get(URL).status_code == 200
    for n in range(12):
        certified(f"Doanh nghiệp {n}", 50 + n, user=user)
    with django_assert_max_num_queries(6) as many:
        assert client.get(URL).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_column_results_do_not_matter_only_the_certificate(client, sme_framework):
    """An enterprise with high self-assessed levels but no certificate is not ranked."""
    assessed(EnterpriseFactory(name_vi="Tự Chấm"), YEAR, Assessment.State.SUBMITTED,
             {Column.SELF: [5] * 6}, UserFactory())  # fmt: skip
    assert "Tự Chấm" not in client.get(URL).content.decode()
