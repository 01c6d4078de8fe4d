"""The enterprise list shows each enterprise's latest assessment (its year and state, linked)
and filters by that state (a labelled select, kept in the form and the page links), within what
the person may see, in the same queries for few or many."""

import re

import pytest

from assessments.models import Assessment
from enterprises.models import Province

from ..cast import DONG_NAI, VINH_LONG
from ..factories import AssessmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
State = Assessment.State
LIST_QUERIES = 10  # tests/enterprises/test_views_portal.py's: the state is read with the rows


def rows(page: str) -> dict[str, str]:
    """{enterprise name: what its latest-assessment cell says} of the list's rows."""
    found = re.findall(
        r'<td><a href="/enterprises/\d+/">([^<]+)</a></td>.*?<td data-state="[^"]*">(.*?)</td>',
        page,
        re.S,
    )
    return {name: re.sub(r"<[^>]+>", "", cell) for name, cell in found}


def named(name: str, province: int = VINH_LONG):
    return EnterpriseFactory(name_vi=name, province=Province.objects.get(code=province))


@pytest.fixture
def listed(enterprise, sme_framework):
    """Three Vĩnh Long enterprises: one never assessed (the cast's), one submitted this year
    after an appraisal last year, one returned; and a Đồng Nai one submitted."""
    enterprise.name_vi = "A Chưa đánh giá"
    enterprise.save()
    twice = named("B Hai năm")
    AssessmentFactory(enterprise=twice, period=2025, state=State.APPRAISED)
    latest = AssessmentFactory(enterprise=twice, period=2026, state=State.SUBMITTED)
    AssessmentFactory(enterprise=named("C Trả lại"), state=State.RETURNED)
    AssessmentFactory(enterprise=named("D Đồng Nai", DONG_NAI), state=State.SUBMITTED)
    return latest


def test_each_enterprise_shows_its_latest_assessment(client, province_officer, listed):
    client.force_login(province_officer)

    page = client.get("/enterprises/").content.decode()

    assert rows(page) == {
        "A Chưa đánh giá": "—",
        "B Hai năm": "2026: Đã nộp",
        "C Trả lại": "2026: Trả lại doanh nghiệp",
    }
    assert f'<a href="/assessments/{listed.pk}/">2026: Đã nộp</a>' in page
    assert ">Hồ sơ mới nhất</th>" in page


def test_the_list_filters_by_the_latest_state_within_what_the_person_sees(
    client, province_officer, listed
):
    client.force_login(province_officer)

    page = client.get("/enterprises/?state=submitted").content.decode()

    assert rows(page) == {"B Hai năm": "2026: Đã nộp"}  # not Đồng Nai's
    assert re.search(
        r'<label>Trạng thái hồ sơ mới nhất <select name="state">.*?'
        r'<option value="submitted" selected>Đã nộp</option>',
        page,
    )
    # The state of an earlier year does not count.
    assert rows(client.get("/enterprises/?state=appraised").content.decode()) == {}


def test_an_unknown_state_filters_nothing(client, province_officer, listed):
    client.force_login(province_officer)

    page = client.get("/enterprises/?state=bogus").content.decode()

    assert len(rows(page)) == 3


def test_the_page_links_keep_the_state(client, province_officer, places, sme_framework):
    for n in range(27):
        AssessmentFactory(enterprise=named(f"E{n:02d}"), state=State.RETURNED)
    client.force_login(province_officer)

    page = client.get("/enterprises/?state=returned").content.decode()

    assert len(rows(page)) == 25  # (the cast's enterprise was never assessed)
    assert 'href="?state=returned&amp;page=2" rel="next"' in page


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_takes_the_same_queries_however_many_assessments(
    client, province_officer, places, sme_framework, count, django_assert_max_num_queries
):
    for n in range(count):
        each = named(f"F{n:02d}")
        AssessmentFactory(enterprise=each, period=2025, state=State.APPRAISED)
        AssessmentFactory(enterprise=each, period=2026, state=State.SUBMITTED)
    client.force_login(province_officer)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/enterprises/?state=submitted")

    assert len(rows(response.content.decode())) == min(count, 25)
