"""The benchmark page offers a framework picker listing only the frameworks in which the
enterprise has a result (the latest result's framework chosen by default, as before); the
picker is for whoever sees the enterprise, another enterprise's user gets 404."""

import re

import pytest

from assessments.models import Column

from ..factories import EnterpriseFactory, MembershipFactory, UserFactory
from ..readiness_appraised import CODE, readiness_appraised, readiness_framework
from .conftest import YEAR, assessed

pytestmark = pytest.mark.django_db

SME = "dbi-sme-2021"
SME_NAME = "Bộ chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp nhỏ và vừa"
READINESS_NAME = "Bộ chỉ số đánh giá mức độ sẵn sàng chuyển đổi số cho doanh nghiệp nhỏ và vừa"


def url(enterprise) -> str:
    return f"/enterprises/{enterprise.pk}/benchmark/"


def offered(html: str) -> list[tuple[str, bool]]:
    """(code, selected) of each option of the framework picker."""
    picker = html.split('data-testid="benchmark-picker"')[1].split("</form>")[0]
    return [
        (code, bool(selected))
        for code, selected in re.findall(r'<option value="([^"]+)"( selected)?>', picker)
    ]


@pytest.fixture
def both(sme_framework, owner, province_officer, ministry_reviewer):
    """The owner's enterprise has a 2021 result and, later, a readiness one."""
    assessed(owner.enterprise, YEAR - 1, "submitted", {Column.SELF: [3] * 6}, UserFactory())
    readiness_appraised(owner.enterprise, owner.user, province_officer, ministry_reviewer, YEAR)
    return owner


def test_the_picker_lists_the_enterprise_s_frameworks_the_latest_chosen(client, both):
    client.force_login(both.user)

    html = client.get(url(both.enterprise)).content.decode()

    assert offered(html) == [(SME, False), (CODE, True)]
    assert f"Bộ chỉ số: <strong>{READINESS_NAME}</strong>" in html


def test_picking_the_2021_index_shows_its_comparison(client, both):
    client.force_login(both.user)

    html = client.get(url(both.enterprise), {"framework": SME}).content.decode()

    assert offered(html) == [(SME, True), (CODE, False)]
    assert f"Bộ chỉ số: <strong>{SME_NAME}</strong>" in html


def test_a_framework_without_a_result_of_the_enterprise_is_not_offered(client, sme_framework):
    readiness_framework()  # loaded, but this enterprise has no readiness result
    member = MembershipFactory()
    assessed(member.enterprise, YEAR, "submitted", {Column.SELF: [2] * 6}, UserFactory())
    client.force_login(member.user)

    html = client.get(url(member.enterprise)).content.decode()

    # One framework: nothing to pick, the page names it as before.
    assert 'data-testid="benchmark-picker"' not in html
    assert f'<option value="{CODE}"' not in html
    assert f"Bộ chỉ số: <strong>{SME_NAME}</strong>" in html


def test_another_enterprise_s_user_gets_404(client, both):
    client.force_login(MembershipFactory(enterprise=EnterpriseFactory()).user)

    assert client.get(url(both.enterprise)).status_code == 404
    assert client.get(url(both.enterprise), {"framework": CODE}).status_code == 404


def test_the_picker_costs_one_query(client, both, django_assert_max_num_queries):
    client.force_login(both.user)
    # As the 2021 page (tests/reports/test_benchmarking.py: at most 10), plus the frameworks.
    with django_assert_max_num_queries(11):
        assert client.get(url(both.enterprise), {"framework": SME}).status_code == 200
