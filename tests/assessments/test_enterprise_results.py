"""The enterprise's results over the years: each year's levels side by side with the change from
the year before, one column at a time (chosen in the query string), radar data per column, an
empty state, and only for those who may see the enterprise."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Column, Criterion
from assessments.selectors import column_ratings
from assessments.services import assessment_create, figures_save, rating_save
from enterprises.models import Province

from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
    official_version,
)

pytestmark = pytest.mark.django_db


def rate(assessment, column, user, levels: dict[str, int]):
    """Save these levels in one column the way the assessment page does."""
    current = column_ratings(assessment, column)
    for code, level in levels.items():
        rating_save(
            assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
            user=user, expected_version=current[code].version if code in current else 0,
            reason="Điều chỉnh theo hồ sơ",
        )  # fmt: skip


def every_criterion(level: int, **exceptions) -> dict[str, int]:
    """All 60 criteria at ``level`` (so every pillar and the overall level is ``level`` too)."""
    codes = Criterion.objects.filter(framework__code="dbi-sme-2021").values_list("code", flat=True)
    return dict.fromkeys(codes, level) | exceptions


def pillar_six(level: int) -> dict[str, int]:
    return {f"6.1.{n}": level for n in range(1, 8)}


@pytest.fixture
def two_years(sme_framework):
    """2025: every self answer at 2, the province gave 2.1.1 a 4. 2026: every self answer at 3
    but pillar 6's at 1. Both years on the portal's guidance version (one answer per level)."""
    owner = MembershipFactory()
    enterprise = owner.enterprise
    first = AssessmentFactory(enterprise=enterprise, period=2025, created_by=owner.user)
    rate(first, Column.SELF, owner.user, every_criterion(2))
    Assessment.objects.filter(pk=first.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    officer = ProvinceOfficerFactory(province=enterprise.province).user
    rate(first, Column.PROVINCE, officer, {"2.1.1": 4})
    second = AssessmentFactory(enterprise=enterprise, period=2026, created_by=owner.user)
    rate(second, Column.SELF, owner.user, every_criterion(3) | pillar_six(1))
    return enterprise, owner.user, officer, first, second


def row_cells(html: str, row: str) -> dict[str, dict[str, str]]:
    """{period: {"value", "change"}} of one table row."""
    body = re.search(rf'<tr data-row="{re.escape(row)}">(.*?)</tr>', html, re.S).group(1)
    cells = {}
    for attrs in re.findall(r"<td ([^>]*)>", body):
        found = dict(re.findall(r'data-(\w+)="([^"]*)"', attrs))
        cells[found["period"]] = {"value": found["value"], "change": found.get("change")}
    return cells


def test_each_year_stands_side_by_side_with_the_change_from_the_year_before(client, two_years):
    enterprise, owner, *_ = two_years
    client.force_login(owner)

    response = client.get(f"/enterprises/{enterprise.pk}/results/")

    html = response.content.decode()
    assert response.status_code == 200
    # The latest year has only self answers, so that is the column shown.
    assert 'data-column="self" aria-current="page"' in html
    assert row_cells(html, "overall") == {
        "2025": {"value": "2", "change": None},
        "2026": {"value": "3", "change": "up"},
    }
    assert row_cells(html, "total") == {
        "2025": {"value": "128", "change": None},
        "2026": {"value": "178", "change": "up"},  # 5 pillars at 3, pillar 6 at 1
    }
    assert row_cells(html, "pillar-2")["2026"] == {"value": "3", "change": "up"}
    assert row_cells(html, "pillar-6")["2026"] == {"value": "1", "change": "down"}
    # The level's name, the arrows and what they mean for a screen reader.
    assert "Bắt đầu" in html
    assert "Hình thành" in html
    assert "↑ +1" in html
    assert "↓ −1" in html
    assert "Mức tăng 1 so với năm 2025" in html
    assert "Mức giảm 1 so với năm 2025" in html
    assert "Điểm tăng 50 so với năm 2025" in html
    # Each year's header links to the assessment and its comparison.
    first, second = two_years[3], two_years[4]
    for assessment in (first, second):
        assert f'href="/assessments/{assessment.pk}/"' in html
        assert f'href="/assessments/{assessment.pk}/compare/"' in html
    assert "Sở đang xem xét" in html
    assert "Nháp" in html


def test_the_column_is_chosen_in_the_query_string(client, two_years):
    enterprise, owner, *_ = two_years
    client.force_login(owner)

    html = client.get(f"/enterprises/{enterprise.pk}/results/?column=province").content.decode()

    assert 'data-column="province" aria-current="page"' in html
    # The province rated only 2.1.1 (level 4) in 2025 and nothing yet in 2026.
    assert row_cells(html, "pillar-2") == {
        "2025": {"value": "4", "change": None},
        "2026": {"value": "", "change": None},
    }
    assert row_cells(html, "total")["2025"]["value"] == "20"


def test_an_unknown_column_falls_back_to_the_default(client, two_years):
    enterprise, owner, *_ = two_years
    client.force_login(owner)

    html = client.get(f"/enterprises/{enterprise.pk}/results/?column=nope").content.decode()

    assert 'data-column="self" aria-current="page"' in html


def test_the_most_authoritative_column_with_answers_is_shown_first(client, two_years):
    enterprise, _owner, officer, _first, second = two_years
    Assessment.objects.filter(pk=second.pk).update(state=Assessment.State.MINISTRY_APPRAISAL)
    reviewer = MinistryReviewerFactory().user
    rate(second, Column.MINISTRY, reviewer, {"2.1.1": 5})
    client.force_login(officer)

    html = client.get(f"/enterprises/{enterprise.pk}/results/").content.decode()

    assert 'data-column="ministry" aria-current="page"' in html
    assert row_cells(html, "pillar-2")["2026"]["value"] == "5"


def test_radar_data_has_the_latest_year_over_the_previous_one_per_column(client, two_years):
    enterprise, owner, *_ = two_years
    client.force_login(owner)

    html = client.get(f"/enterprises/{enterprise.pk}/results/").content.decode()

    data = json.loads(
        re.search(r'<script id="results-charts" type="application/json">(.*?)</script>', html, re.S)
        .group(1)
    )  # fmt: skip
    assert data["max_level"] == 5
    assert len(data["labels"]) == 6
    # In 2026 only the self column has answers: one chart, with 2025 drawn underneath.
    assert [c["canvas"] for c in data["charts"]] == ["radar-self"]
    latest, previous = data["charts"][0]["datasets"]
    assert (latest["label"], latest["levels"]) == ("Năm 2026", [3, 3, 3, 3, 3, 1])
    assert (previous["label"], previous["levels"]) == ("Năm 2025", [2, 2, 2, 2, 2, 2])
    # Without JavaScript the canvas still says what it shows.
    assert re.search(r'<canvas id="radar-self"[^>]*aria-label="[^"]*Năm 2026: 1\.', html)
    assert "Cột này chưa có mức nào năm 2026." in html


def test_query_count_is_pinned_and_flat_in_the_number_of_years(
    client, sme_framework, django_assert_max_num_queries
):
    # Session, user, unread notifications and two savepoints; the enterprise; six for the years
    # (assessments, results, pillar results, pillars, level names).
    owner = MembershipFactory()
    enterprise = owner.enterprise
    first = AssessmentFactory(enterprise=enterprise, period=2024, created_by=owner.user)
    rate(first, Column.SELF, owner.user, {"1.1.1": 3, "2.1.1": 2})
    client.force_login(owner.user)
    url = f"/enterprises/{enterprise.pk}/results/"

    with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as one_year:
        assert client.get(url).status_code == 200
    for period in (2025, 2026):
        later = assessment_create(
            enterprise=enterprise, framework=sme_framework, period=period, user=owner.user
        )  # on the current version, the national form
        rate(later, Column.SELF, owner.user, {"2.1.1": period - 2022})
    with CaptureQueriesContext(connection) as three_years:
        html = client.get(url).content.decode()

    assert html.count('<th scope="col" data-period=') == 3
    assert len(three_years) == len(one_year)


def test_an_enterprise_without_assessments_shows_an_empty_state(client, sme_framework):
    owner = MembershipFactory()
    client.force_login(owner.user)

    html = client.get(f"/enterprises/{owner.enterprise.pk}/results/").content.decode()

    assert 'data-testid="results-empty"' in html
    assert f'action="/enterprises/{owner.enterprise.pk}/assessments/new/"' in html
    assert "<canvas" not in html


def test_the_empty_state_offers_no_start_to_those_who_cannot_start(client, sme_framework):
    owner = MembershipFactory()
    officer = ProvinceOfficerFactory(province=owner.enterprise.province).user
    client.force_login(officer)

    html = client.get(f"/enterprises/{owner.enterprise.pk}/results/").content.decode()

    assert 'data-testid="results-empty"' in html
    assert "/assessments/new/" not in html


def test_the_enterprise_page_and_the_assessment_link_to_the_results(client, two_years):
    enterprise, owner, _officer, first, _second = two_years
    client.force_login(owner)

    link = f'href="/enterprises/{enterprise.pk}/results/"'
    assert link in client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert link in client.get(f"/assessments/{first.pk}/").content.decode()


def test_those_who_may_see_the_enterprise_see_its_results(client, two_years):
    enterprise, owner, officer, *_ = two_years
    consultant = AccreditationFactory().consultant
    EngagementFactory(enterprise=enterprise, consultant=consultant)
    url = f"/enterprises/{enterprise.pk}/results/"
    for user in (owner, officer, consultant.user, MinistryReviewerFactory().user):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_others_get_404(client, two_years):
    enterprise, *_ = two_years
    elsewhere = Province.objects.exclude(pk=enterprise.province_id).first()
    other_consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=other_consultant)  # engaged by another enterprise
    url = f"/enterprises/{enterprise.pk}/results/"
    for user in (
        UserFactory(),
        ProvinceOfficerFactory(province=elsewhere).user,
        other_consultant.user,
        MembershipFactory().user,  # a member of another enterprise
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, two_years):
    enterprise, *_ = two_years
    response = client.get(f"/enterprises/{enterprise.pk}/results/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_speaks_english_when_asked(client, two_years):
    enterprise, owner, *_ = two_years
    client.force_login(owner)
    url = f"/enterprises/{enterprise.pk}/results/"

    by_browser = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in by_browser  # Vietnamese until English is chosen
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    chosen = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    again = client.get(url).content.decode()

    for html in (chosen, again):
        assert '<html lang="en">' in html
        assert "Self-assessment" in html
        assert "Overall level" in html
        assert "Forming" in html
        assert "Hình thành" not in html


# A year on the portal's guidance version (1), the next on the national form (2).


@pytest.fixture
def new_form(sme_framework):
    """2025 answered on version 1, 2026 started on the current version 2 (the national form):
    its answers start afresh, since its questions are others."""
    owner = MembershipFactory()
    enterprise = owner.enterprise
    first = AssessmentFactory(enterprise=enterprise, period=2025, created_by=owner.user)
    rate(first, Column.SELF, owner.user, every_criterion(2))
    second = assessment_create(
        enterprise=enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    figures_save(
        assessment_id=second.pk, column=Column.SELF, user=owner.user,
        values={"c1_1_3_num": 30, "c1_1_3_den": 100},
    )  # fmt: skip
    return enterprise, owner.user, first, second


def test_each_year_states_the_version_it_was_answered_on(client, new_form):
    enterprise, owner, _first, second = new_form
    client.force_login(owner)

    html = client.get(f"/enterprises/{enterprise.pk}/results/").content.decode()

    assert second.catalog_version == official_version()
    header = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert "Phiên bản 1: Câu hỏi hướng dẫn của cổng (2021)" in header
    assert "Phiên bản 2: Phiếu khảo sát quốc gia (2021)" in header
    assert header.index("Phiên bản 1") < header.index("Phiên bản 2")


def test_years_on_different_versions_are_said_to_compare_with_care(client, new_form):
    enterprise, owner, *_ = new_form
    client.force_login(owner)

    html = client.get(f"/enterprises/{enterprise.pk}/results/").content.decode()

    notices = re.findall(r'data-testid="version-change">(.*?)</p>', html, re.S)
    assert notices == [
        "Năm 2025 trả lời theo phiên bản 1 (Câu hỏi hướng dẫn của cổng (2021)), năm 2026 theo "
        "phiên bản 2 (Phiếu khảo sát quốc gia (2021)): câu hỏi của hai năm khác nhau, nên so "
        "sánh mức giữa hai năm cần thận trọng."
    ]


def test_years_on_the_same_version_need_no_warning(client, two_years):
    enterprise, owner, *_ = two_years
    client.force_login(owner)

    html = client.get(f"/enterprises/{enterprise.pk}/results/").content.decode()

    assert 'data-testid="version-change"' not in html
    assert html.count("Phiên bản 1: Câu hỏi hướng dẫn của cổng (2021)") == 2


def test_the_version_warning_speaks_english_when_asked(client, new_form):
    enterprise, owner, *_ = new_form
    client.force_login(owner)

    client.cookies["django_language"] = "en"  # chosen with the language selector
    html = client.get(f"/enterprises/{enterprise.pk}/results/").content.decode()

    assert "Version 2: National survey form (2021)" in html
    assert re.search(
        r'data-testid="version-change">In 2025 the questions of version 1 \(.*?\) were answered, '
        r"in 2026 those of version 2 \(National survey form \(2021\)\): the two years asked "
        r"different questions, so compare their levels with care\.</p>",
        html,
    )
