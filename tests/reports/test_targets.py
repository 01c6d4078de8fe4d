"""Yearly targets: the rules the database keeps, who sets which targets, the form that keeps what
was typed, progress against the dashboard's own figures (counted by hand on ``country``), and
province scoping (another province's targets are 404)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Framework
from demo.targets import DEMO_TARGETS, demo_targets_seed
from enterprises.errors import NOT_YOURS
from enterprises.models import Province
from reports.models import ProvinceTarget, TargetMetric
from reports.selectors import DashboardQuery, dashboard
from reports.target_services import province_target_delete, province_target_set
from reports.targets import Standing, target_standing, targets_progress

from ..factories import (
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)
from ..refusals import refused
from .conftest import YEAR

pytestmark = pytest.mark.django_db

M = TargetMetric


def page(code: int = 86) -> str:
    return reverse("targets-province", args=[code])


def target(province, metric, value, *, level=None, year=YEAR, user=None):
    return ProvinceTarget.objects.create(
        province=province,
        year=year,
        metric=metric,
        level=level,
        value=value,
        set_by=user or UserFactory(),
    )


@pytest.fixture
def approver(sme_framework):
    return ProvinceOfficerFactory(province=Province.objects.get(code=86), can_approve=True).user


def country_framework():
    return Framework.objects.get(code="dbi-sme-2021")


# --- what the database keeps ---


@pytest.mark.parametrize(
    ("metric", "level", "value"),
    [
        (M.SHARE_ASSESSED, None, 101),  # a share above 100%
        (M.SHARE_ASSESSED, 3, 50),  # a level on a metric without one
        (M.SHARE_LEVEL_AT_LEAST, None, 30),  # the level metric without its level
        (M.SHARE_LEVEL_AT_LEAST, 6, 30),  # above the highest level
    ],
)
def test_the_database_refuses_a_target_that_breaks_the_rules(sme_framework, metric, level, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        target(Province.objects.get(code=86), metric, value, level=level)


def test_a_count_target_may_exceed_100(sme_framework):
    assert target(Province.objects.get(code=86), M.COUNT_ASSESSED, 2500).value == 2500


def test_one_national_target_per_metric_and_year_although_the_province_is_empty(sme_framework):
    target(None, M.SHARE_ASSESSED, 50)
    target(None, M.SHARE_LEVEL_AT_LEAST, 30, level=3)
    target(None, M.SHARE_LEVEL_AT_LEAST, 10, level=4)  # another level: another target
    with pytest.raises(IntegrityError), transaction.atomic():
        target(None, M.SHARE_ASSESSED, 60)
    with pytest.raises(IntegrityError), transaction.atomic():
        target(None, M.SHARE_LEVEL_AT_LEAST, 20, level=3)


# --- where a target stands ---

JULY_1 = datetime.date(YEAR, 7, 2)  # day 183 of 365: just over half the year


@pytest.mark.parametrize(
    ("reached", "base", "value", "percent", "year", "today", "standing"),
    [
        (9, 10, 90, True, YEAR, JULY_1, Standing.ACHIEVED),  # exactly 90%
        (5, 10, 90, True, YEAR, JULY_1, Standing.ON_TRACK),  # 50% ≥ 90% × 183/365 = 45.1%
        (4, 10, 90, True, YEAR, JULY_1, Standing.BEHIND),  # 40% < 45.1%
        (4, 10, 90, True, YEAR, datetime.date(YEAR, 1, 1), Standing.ON_TRACK),
        (8, 10, 90, True, YEAR - 1, JULY_1, Standing.MISSED),
        (0, 10, 90, True, YEAR + 1, JULY_1, Standing.UPCOMING),
        (0, 0, 90, True, YEAR, JULY_1, Standing.NO_DATA),  # no registered enterprise
        (120, 0, 100, False, YEAR, JULY_1, Standing.ACHIEVED),  # a count
        (51, 0, 100, False, YEAR, JULY_1, Standing.ON_TRACK),  # 51 ≥ 100 × 183/365 = 50.1
        (50, 0, 100, False, YEAR, JULY_1, Standing.BEHIND),
    ],
)
def test_a_target_is_achieved_on_track_behind_or_missed(
    reached, base, value, percent, year, today, standing
):
    assert (
        target_standing(
            reached=reached, base=base, value=value, percent=percent, year=year, today=today
        )
        == standing
    )


def test_progress_is_counted_from_the_dashboard_figures(country):
    """Vĩnh Long in 2026 (tests/reports/conftest.py): 5 registered; E1 (overall level 4) and E2
    (level 2) assessed, E3 a draft; E1 holds a valid certificate of 2026."""
    vl = country.vinh_long
    target(vl, M.SHARE_ASSESSED, 40)
    target(vl, M.SHARE_LEVEL_AT_LEAST, 30, level=3)
    target(vl, M.SHARE_LEVEL_AT_LEAST, 40, level=2)
    target(vl, M.SHARE_CERTIFIED, 20)
    target(vl, M.COUNT_ASSESSED, 3)
    target(vl, M.SHARE_ASSESSED, 90, year=YEAR - 1)  # another year: not on this board
    target(country.hcm, M.SHARE_ASSESSED, 10)  # another province: not on this board
    board = dashboard(DashboardQuery(framework=country_framework(), period=YEAR, province=vl))

    progress = {
        (p.target.metric, p.target.level): p
        for p in targets_progress(board=board, province=vl, today=datetime.date(YEAR, 7, 2))
    }

    assert {k: (p.reached, p.base, p.actual, p.standing) for k, p in progress.items()} == {
        (M.SHARE_ASSESSED, None): (2, 5, 40.0, Standing.ACHIEVED),
        (M.SHARE_LEVEL_AT_LEAST, 3): (1, 5, 20.0, Standing.ON_TRACK),  # 20% ≥ 30% × 183/365
        (M.SHARE_LEVEL_AT_LEAST, 2): (2, 5, 40.0, Standing.ACHIEVED),
        (M.SHARE_CERTIFIED, None): (1, 5, 20.0, Standing.ACHIEVED),
        (M.COUNT_ASSESSED, None): (2, 5, 2, Standing.ON_TRACK),  # 2 ≥ 3 × 183/365
    }
    assert progress[(M.COUNT_ASSESSED, None)].bar_percent == 66
    assert progress[(M.SHARE_LEVEL_AT_LEAST, 3)].bar_percent == 66


def test_progress_follows_the_dashboard_filters(country):
    """Sector C in Vĩnh Long: E1, E3 and E6 registered, only E1 assessed in 2026."""
    vl = country.vinh_long
    target(vl, M.SHARE_ASSESSED, 40)
    query = DashboardQuery(framework=country_framework(), period=YEAR, province=vl, sector="C")

    [progress] = targets_progress(board=dashboard(query), province=vl)

    assert (progress.reached, progress.base, progress.actual) == (1, 3, 33.3)


# --- who sets them ---


def test_an_approver_sets_a_target_and_setting_it_again_replaces_it(approver):
    vl = Province.objects.get(code=86)
    province_target_set(
        user=approver, province=vl, year=YEAR, metric=M.SHARE_ASSESSED, level=None, value=80
    )
    again = province_target_set(
        user=approver, province=vl, year=YEAR, metric=M.SHARE_ASSESSED, level=None, value=90
    )

    assert list(ProvinceTarget.objects.values_list("value", "set_by")) == [(90, approver.pk)]
    assert again.value == 90


def test_the_level_is_dropped_for_a_metric_without_one(approver):
    made = province_target_set(
        user=approver,
        province=Province.objects.get(code=86),
        year=YEAR,
        metric=M.SHARE_CERTIFIED,
        level=3,
        value=10,
    )
    assert made.level is None


@pytest.mark.parametrize("who", ["assessor", "other_province", "ministry", "member"])
def test_only_the_province_approvers_set_its_targets(sme_framework, who):
    vl = Province.objects.get(code=86)
    user = {
        "assessor": lambda: ProvinceOfficerFactory(province=vl, can_approve=False).user,
        "other_province": lambda: (
            ProvinceOfficerFactory(province=Province.objects.get(code=79), can_approve=True).user
        ),
        "ministry": lambda: MinistryReviewerFactory().user,
        "member": lambda: MembershipFactory().user,
    }[who]()
    with refused(NOT_YOURS):
        province_target_set(
            user=user, province=vl, year=YEAR, metric=M.SHARE_ASSESSED, level=None, value=80
        )


def test_the_ministry_sets_national_targets_and_officers_do_not(approver):
    reviewer = MinistryReviewerFactory().user
    made = province_target_set(
        user=reviewer, province=None, year=YEAR, metric=M.COUNT_ASSESSED, level=None, value=5000
    )
    assert made.province is None
    with refused(NOT_YOURS):
        province_target_set(
            user=approver, province=None, year=YEAR, metric=M.COUNT_ASSESSED, level=None, value=1
        )
    with refused(NOT_YOURS):
        province_target_delete(user=approver, target=made)


# --- the pages ---


def test_an_approver_sets_a_target_on_the_page(client, approver, django_assert_max_num_queries):
    client.force_login(approver)
    data = {"year": YEAR, "metric": M.SHARE_LEVEL_AT_LEAST, "level": 3, "value": 30}
    with django_assert_max_num_queries(15):  # six of them savepoints
        response = client.post(page(), data)

    assert response.status_code == 302
    saved = ProvinceTarget.objects.get()
    assert (saved.province.code, saved.year, saved.metric, saved.level, saved.value) == (
        86,
        YEAR,
        M.SHARE_LEVEL_AT_LEAST,
        3,
        30,
    )
    html = client.get(page()).content.decode()
    assert "Tỉ lệ doanh nghiệp đạt từ mức 3 trở lên" in html
    assert "30%" in html


def test_a_refused_target_shows_vietnamese_errors_and_keeps_the_input(client, approver):
    client.force_login(approver)
    response = client.post(page(), {"year": YEAR, "metric": M.SHARE_ASSESSED, "value": 150})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Tỉ lệ phải từ 0 đến 100%." in html
    assert 'value="150"' in html
    response = client.post(page(), {"year": YEAR, "metric": M.SHARE_LEVEL_AT_LEAST, "value": 30})
    assert "Chọn mức cho chỉ tiêu này." in response.content.decode()
    assert not ProvinceTarget.objects.exists()


def test_an_officer_without_the_approve_duty_sees_the_targets_but_cannot_set_them(
    client, sme_framework
):
    vl = Province.objects.get(code=86)
    target(vl, M.SHARE_ASSESSED, 90)
    client.force_login(ProvinceOfficerFactory(province=vl, can_approve=False).user)

    response = client.get(page())
    assert response.status_code == 200
    assert "90%" in response.content.decode()
    assert 'data-testid="target-form"' not in response.content.decode()
    post = client.post(page(), {"year": YEAR, "metric": M.SHARE_ASSESSED, "value": 10})
    assert post.status_code == 403
    assert ProvinceTarget.objects.get().value == 90


def test_another_province_s_targets_do_not_exist_for_an_officer(client, approver):
    hcm = Province.objects.get(code=79)
    theirs = target(hcm, M.SHARE_ASSESSED, 70)
    client.force_login(approver)  # of Vĩnh Long (86)

    assert client.get(page(79)).status_code == 404
    post = client.post(page(79), {"year": YEAR, "metric": M.SHARE_ASSESSED, "value": 10})
    assert post.status_code == 404
    assert client.post(reverse("target-delete", args=[theirs.pk])).status_code == 404
    assert ProvinceTarget.objects.get().value == 70
    # and the national page sends an officer to their own province's
    assert client.get(reverse("targets-national"))["Location"] == page(86)


def test_people_without_a_dashboard_get_403_and_strangers_the_login(client, sme_framework):
    assert client.get(page()).status_code == 302  # to the login page
    client.force_login(MembershipFactory().user)
    assert client.get(page()).status_code == 403
    assert client.get(reverse("targets-national")).status_code == 403


def test_the_ministry_sees_a_province_s_targets_and_sets_the_nation_s(client, sme_framework):
    target(Province.objects.get(code=86), M.SHARE_ASSESSED, 90)
    client.force_login(MinistryReviewerFactory().user)

    assert client.get(page()).status_code == 200
    assert (
        client.post(page(), {"year": YEAR, "metric": M.SHARE_ASSESSED, "value": 1}).status_code
        == 403
    )
    response = client.post(
        reverse("targets-national"), {"year": YEAR, "metric": M.SHARE_ASSESSED, "value": 50}
    )
    assert response.status_code == 302
    assert ProvinceTarget.objects.filter(province=None, value=50).exists()


def test_an_approver_deletes_a_target_and_the_ministry_may_not(client, approver):
    vl = Province.objects.get(code=86)
    first, second = target(vl, M.SHARE_ASSESSED, 90), target(vl, M.COUNT_ASSESSED, 9)
    client.force_login(MinistryReviewerFactory().user)
    assert client.post(reverse("target-delete", args=[first.pk])).status_code == 403
    client.force_login(approver)

    assert client.post(reverse("target-delete", args=[first.pk])).status_code == 302
    assert list(ProvinceTarget.objects.all()) == [second]


def test_the_targets_page_query_count_does_not_grow_with_the_targets(
    client, approver, django_assert_max_num_queries
):
    vl = Province.objects.get(code=86)
    client.force_login(approver)
    target(vl, M.SHARE_ASSESSED, 90)
    with django_assert_max_num_queries(12) as few:
        assert client.get(page()).status_code == 200
    for year in range(2021, 2031):
        target(vl, M.COUNT_ASSESSED, year, year=year, user=UserFactory())
    with django_assert_max_num_queries(12) as many:
        assert client.get(page()).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_province_dashboard_shows_each_target_s_progress(client, country):
    vl = country.vinh_long
    target(vl, M.SHARE_ASSESSED, 40)
    target(vl, M.COUNT_ASSESSED, 2)
    target(country.hcm, M.SHARE_ASSESSED, 77)  # never on Vĩnh Long's page
    client.force_login(country.officer)

    html = client.get(reverse("dashboard-province", args=[86]), {"year": YEAR}).content.decode()

    assert 'data-testid="dashboard-targets"' in html
    assert 'data-target="share_assessed" data-standing="achieved"' in html
    assert "40,0%" in html
    assert "(2/5)" in html
    assert 'data-target="count_assessed" data-standing="achieved"' in html
    assert "77%" not in html
    assert f'href="{page(86)}"' in html


def test_the_national_dashboard_shows_the_national_targets(client, country):
    target(None, M.SHARE_ASSESSED, 50)  # 3 of 6 assessed nationally
    target(country.vinh_long, M.COUNT_ASSESSED, 99)  # a province's: not on the national page
    client.force_login(country.reviewer)

    html = client.get(reverse("dashboard"), {"year": YEAR}).content.decode()

    assert 'data-target="share_assessed" data-standing="achieved"' in html
    assert "(3/6)" in html
    assert "count_assessed" not in html


def test_demo_targets_are_seeded_once_per_demo_province(sme_framework):
    for code in DEMO_TARGETS:
        ProvinceOfficerFactory(province=Province.objects.get(code=code), can_approve=True)

    assert demo_targets_seed() == sum(len(t) for t in DEMO_TARGETS.values())
    assert demo_targets_seed() == 0
    vl = ProvinceTarget.objects.filter(province__code=86, metric=M.SHARE_ASSESSED).get()
    assert vl.value == 90
