"""The public rankings rank one framework at a time: the 2021 index by default, the readiness
index by R with ?framework=; an enterprise holding certificates of both appears in each by its
certificate of that framework."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from certification.models import Certificate

from ..factories import EnterpriseFactory, UserFactory
from ..readiness_appraised import CODE, readiness_framework
from .conftest import YEAR, assessed, certify
from .test_rankings import ranked

pytestmark = pytest.mark.django_db

URL = reverse("rankings")


def certified(enterprise, *, user, period=YEAR, **fields):
    assessment = assessed(enterprise, period, Assessment.State.APPRAISED, {}, user)
    certificate = certify(assessment, user=user)
    Certificate.objects.filter(pk=certificate.pk).update(**fields)


READINESS = {
    "framework_code": CODE,
    "framework_name_vi": "Bộ chỉ số sẵn sàng",
    "scoring_method": "readiness-median-2023",
    "max_points": 0,
}


@pytest.fixture
def certificates(sme_framework):
    readiness_framework()
    user = UserFactory()
    both = EnterpriseFactory(name_vi="Hai Bộ")
    certified(both, user=user, total_points=200, period=YEAR - 1)
    certified(both, user=user, total_points=3450, **READINESS)  # its later certificate
    certified(EnterpriseFactory(name_vi="Chỉ 2021"), user=user, total_points=250)
    certified(EnterpriseFactory(name_vi="Sẵn Sàng"), user=user, total_points=2850, **READINESS)


def test_the_2021_index_is_ranked_by_default_and_alone(client, certificates):
    html = client.get(URL).content.decode()

    assert ranked(html) == [("1", "Chỉ 2021"), ("2", "Hai Bộ")]
    assert "200/320" in html
    assert f'<option value="{CODE}">' in html


def test_the_readiness_index_is_ranked_by_r(client, certificates):
    html = client.get(URL, {"framework": CODE}).content.decode()

    assert ranked(html) == [("1", "Hai Bộ"), ("2", "Sẵn Sàng")]
    assert "Điểm sẵn sàng (R)" in html
    assert '<td data-figure="total">3,45</td>' in html
    assert '<td data-figure="total">2,85</td>' in html
    assert "/320" not in html


def test_an_unknown_framework_ranks_the_2021_index(client, certificates):
    html = client.get(URL, {"framework": "<script>"}).content.decode()

    assert ranked(html) == [("1", "Chỉ 2021"), ("2", "Hai Bộ")]
