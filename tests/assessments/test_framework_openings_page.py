"""The ministry's page of frameworks open by year (/frameworks/openings/) and the services behind
it (services/openings.py): ministry staff open and close, idempotently; nobody else may."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.errors import BAD_PERIOD, FRAMEWORK_INACTIVE, NOT_MINISTRY_STAFF
from assessments.models import Assessment, Framework, FrameworkOpening
from assessments.selectors import frameworks_offered
from assessments.services.openings import framework_close, framework_open
from dbi_portal.refusals import Refusal

from ..factories import AssessmentFactory, UserFactory
from .test_framework_offering import LARGE, SME, load_large

pytestmark = pytest.mark.django_db

URL = "/frameworks/openings/"
YEAR = timezone.localdate().year


@pytest.fixture
def frameworks(sme_framework) -> tuple[Framework, Framework]:
    return sme_framework, load_large()


def post(client, action: str, code: str = SME, period: int = YEAR, **extra):
    return client.post(
        URL, {"action": action, "framework": code, "period": str(period)}, follow=True, **extra
    )


def test_the_page_lists_frameworks_by_this_year_and_the_next(client, ministry_reviewer, frameworks):
    client.force_login(ministry_reviewer)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for code in (SME, LARGE):
        assert f'<tr data-framework="{code}">' in html
    for period in (YEAR, YEAR + 1):
        assert f'<th scope="col" data-period="{period}" data-restricted="false">' in html
    assert html.count('data-state="unrestricted"') == 4
    assert html.count('name="action" value="open"') == 4
    assert "Quyết định số 2158/QĐ-BTTTT" in html
    assert "nội dung các tiêu chí của bộ chỉ số chưa được nhập" in html  # the large index
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_ministry_opens_and_closes_a_framework(client, ministry_reviewer, frameworks):
    client.force_login(ministry_reviewer)

    response = post(client, "open", LARGE)

    opening = FrameworkOpening.objects.get()
    assert (opening.framework.code, opening.period) == (LARGE, YEAR)
    assert opening.opened_by == ministry_reviewer
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == URL
    assert "Đã mở “Bộ chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp lớn”" in html
    assert f'<th scope="col" data-period="{YEAR}" data-restricted="true">' in html
    assert html.count('data-state="opened"') == 1
    assert html.count('data-state="closed"') == 1  # the 2021 index, this year
    assert html.count('name="action" value="close"') == 1

    post(client, "open", SME)
    response = post(client, "close", LARGE)

    assert list(FrameworkOpening.objects.values_list("framework__code", flat=True)) == [SME]
    assert "các hồ sơ đã bắt đầu vẫn tiếp tục" in response.content.decode()


def test_opening_and_closing_twice_changes_nothing_more(client, ministry_reviewer, frameworks):
    client.force_login(ministry_reviewer)
    post(client, "open")
    first = FrameworkOpening.objects.get()

    post(client, "open")
    assert list(FrameworkOpening.objects.all()) == [first]

    post(client, "close")
    response = post(client, "close")
    assert response.status_code == 200
    assert not FrameworkOpening.objects.exists()


def test_closing_the_last_opening_says_the_year_is_open_to_every_framework(
    client, ministry_reviewer, frameworks
):
    client.force_login(ministry_reviewer)
    post(client, "open")

    response = post(client, "close")

    assert "mọi bộ chỉ số đang áp dụng lại được mở cho năm đó" in response.content.decode()


def test_closing_stops_new_starts_only(client, ministry_reviewer, frameworks, owner):
    started = AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user, period=YEAR)
    client.force_login(ministry_reviewer)
    post(client, "open", LARGE)  # the 2021 index is no longer open this year

    offered = frameworks_offered(enterprise=owner.enterprise, period=YEAR)
    assert [o.framework.code for o in offered] == [LARGE]
    assert Assessment.objects.get() == started
    client.force_login(owner.user)
    assert client.get(f"/assessments/{started.pk}/").status_code == 200


def test_the_system_administrator_may_open(client, frameworks):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert client.get(URL).status_code == 200
    post(client, "open", period=YEAR + 1)
    assert FrameworkOpening.objects.get().period == YEAR + 1


@pytest.mark.parametrize("who", ["owner", "province_officer", "consultant", "stranger"])
def test_others_are_refused(client, frameworks, request, who):
    person = request.getfixturevalue(who)
    user = getattr(person, "user", person)  # a membership or a consultant carries its user
    client.force_login(user)

    assert client.get(URL).status_code == 403
    response = client.post(URL, {"action": "open", "framework": SME, "period": str(YEAR)})
    assert response.status_code == 403
    assert not FrameworkOpening.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, frameworks):
    for response in (
        client.get(URL),
        client.post(URL, {"action": "open", "framework": SME, "period": str(YEAR)}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not FrameworkOpening.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "open", "framework": "no-such-framework", "period": str(YEAR)},
        {"action": "open", "framework": SME, "period": "2020"},
        {"action": "open", "framework": SME, "period": "năm"},
        {"action": "toggle", "framework": SME, "period": str(YEAR)},
    ],
)
def test_bad_buttons_are_404(client, ministry_reviewer, frameworks, data):
    client.force_login(ministry_reviewer)

    assert client.post(URL, data).status_code == 404
    assert not FrameworkOpening.objects.exists()


def test_the_page_speaks_english_when_asked(client, ministry_reviewer, frameworks):
    client.force_login(ministry_reviewer)

    client.cookies["django_language"] = "en"  # chosen with the language selector
    html = client.get(URL).content.decode()

    assert "Frameworks open by year" in html
    assert "Large enterprises" in html
    assert "Not assessable yet" in html


# --- the services ------------------------------------------------------------------------------


def test_the_services_refuse_anyone_but_ministry_staff(frameworks, owner, province_officer):
    sme, _large = frameworks
    for user in (owner.user, province_officer):
        for service in (framework_open, framework_close):
            with pytest.raises(Refusal) as refused:
                service(framework=sme, period=YEAR, user=user)
            assert refused.value.code == NOT_MINISTRY_STAFF
            assert refused.value.status == 403


def test_the_services_refuse_a_year_out_of_range(frameworks, ministry_reviewer):
    sme, _large = frameworks
    with pytest.raises(Refusal) as refused:
        framework_open(framework=sme, period=2020, user=ministry_reviewer)
    assert refused.value.code == BAD_PERIOD


def test_an_inactive_framework_is_not_opened(frameworks, ministry_reviewer):
    sme, _large = frameworks
    sme.is_active = False
    sme.save(update_fields=["is_active"])

    with pytest.raises(Refusal) as refused:
        framework_open(framework=sme, period=YEAR, user=ministry_reviewer)
    assert refused.value.code == FRAMEWORK_INACTIVE
    assert not framework_close(framework=sme, period=YEAR, user=ministry_reviewer)


def test_opening_is_idempotent_and_keeps_who_opened_first(frameworks, ministry_reviewer):
    sme, _large = frameworks
    other = UserFactory(is_superuser=True)

    first = framework_open(framework=sme, period=YEAR, user=ministry_reviewer)
    again = framework_open(framework=sme, period=YEAR, user=other)

    assert again == first
    assert again.opened_by == ministry_reviewer
    assert framework_close(framework=sme, period=YEAR, user=other) is True
    assert framework_close(framework=sme, period=YEAR, user=other) is False


def test_the_admin_lists_the_openings(client, frameworks, ministry_reviewer):
    framework_open(framework=frameworks[0], period=YEAR, user=ministry_reviewer)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/assessments/frameworkopening/", {"q": SME})

    assert response.status_code == 200
    assert str(YEAR) in response.content.decode()


def test_the_ministry_home_links_to_the_page_and_an_enterprise_home_does_not(
    client, owner, ministry_reviewer, frameworks
):
    client.force_login(ministry_reviewer)
    assert f'href="{URL}"' in client.get("/me/").content.decode()
    client.force_login(owner.user)
    assert URL not in client.get("/me/").content.decode()
