"""Which frameworks an enterprise is offered for a year (issue 13, point 4), and the start form and
view that follow: the ministry's openings, the enterprise's size class, and whether a framework
can be assessed yet (the large-enterprise index ships without its criteria)."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.catalog import assessable_problems, fixture_path, read_definition
from assessments.models import Assessment, Framework, FrameworkOpening
from assessments.selectors import definition_from_framework, frameworks_offered
from assessments.services import framework_load
from enterprises.models import Membership

from ..factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SME = "dbi-sme-2021"
LARGE = "dbi-large-2023"
READINESS = "dbi-sme-readiness-2023"
YEAR = timezone.localdate().year


def load_large() -> Framework:
    call_command("load_catalog", LARGE, verbosity=0)
    return Framework.objects.get(code=LARGE)


def load_readiness() -> Framework:
    call_command("load_catalog", READINESS, verbosity=0)
    return Framework.objects.get(code=READINESS)


@pytest.fixture
def large() -> Framework:
    return load_large()


@pytest.fixture
def readiness() -> Framework:
    return load_readiness()


@pytest.fixture
def three(sme_framework, large, readiness) -> None:
    """The 2021 index, the large-enterprise index (no criteria yet) and the SME readiness
    index (its portal's reference questions)."""


def sized(size: str):
    """An enterprise of Decree 80's size class ``size`` ("unknown": its figures are not known)."""
    return EnterpriseFactory(size_class="" if size == "unknown" else size)


def codes(enterprise, period: int = YEAR) -> list[str]:
    return [o.framework.code for o in frameworks_offered(enterprise=enterprise, period=period)]


def open_for(code: str, period: int = YEAR) -> None:
    FrameworkOpening.objects.create(framework=Framework.objects.get(code=code), period=period)


# --- the selector --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("micro", [SME, READINESS]),
        ("small", [SME, READINESS]),
        # Decision 2158 encourages medium enterprises to use the large index: offered first.
        ("medium", [LARGE, SME, READINESS]),
        ("large", [LARGE]),
        ("unknown", [LARGE, SME, READINESS]),
    ],
)
def test_a_year_without_openings_offers_every_active_framework_fitting_the_size(
    three, size, expected
):
    assert codes(sized(size)) == expected


def test_an_inactive_framework_is_never_offered(three):
    Framework.objects.filter(code=READINESS).update(is_active=False)

    assert codes(sized("small")) == [SME]
    open_for(READINESS)
    assert codes(sized("small")) == []


def test_openings_restrict_their_year_only(three):
    open_for(READINESS)
    open_for(LARGE)
    enterprise = sized("unknown")

    assert codes(enterprise) == [LARGE, READINESS]
    assert codes(enterprise, YEAR + 1) == [LARGE, SME, READINESS]


def test_openings_and_size_combine(three):
    open_for(LARGE)

    assert codes(sized("small")) == []
    assert codes(sized("medium")) == [LARGE]
    assert codes(sized("large")) == [LARGE]


def test_a_framework_without_its_criteria_is_listed_but_not_startable(three):
    offered = frameworks_offered(enterprise=sized("medium"), period=YEAR)
    offers = {o.framework.code: o for o in offered}

    assert not offers[LARGE].startable
    assert offers[LARGE].reason == (
        "Chưa thể đánh giá: nội dung các tiêu chí của bộ chỉ số chưa được nhập."
    )
    assert offers[SME].startable
    assert offers[SME].reason == ""
    assert offers[READINESS].startable


def _large_with_criteria(*, missing: int = 0) -> dict:
    """The large-enterprise index with criteria for each pillar, as many as its decision gives
    (``missing`` fewer in the first pillar): what an import of its texts loads."""
    definition = copy.deepcopy(read_definition(fixture_path(LARGE)))
    for p_index, pillar in enumerate(definition["pillars"]):
        wanted = pillar["expected_criteria"] - (missing if p_index == 0 else 0)
        subs = pillar["sub_indices"]
        for n in range(wanted):
            sub = subs[n % len(subs)]
            number = len(sub["criteria"]) + 1
            sub["criteria"].append(
                {"code": f"{sub['code']}.{number}", "text_vi": f"Tiêu chí {sub['code']}.{number}"}
            )
    return definition


@pytest.mark.parametrize(
    ("definition", "startable"),
    [
        pytest.param(lambda: read_definition(fixture_path(LARGE)), False, id="structure-only"),
        pytest.param(_large_with_criteria, True, id="all-criteria"),
        pytest.param(lambda: _large_with_criteria(missing=1), False, id="one-short"),
        pytest.param(lambda: read_definition(fixture_path(SME)), True, id="sme-2021"),
    ],
)
def test_startable_agrees_with_the_catalog_check(sme_framework, definition, startable):
    """The selector asks in SQL what ``catalog.assessable_problems`` finds in a definition."""
    loaded = framework_load(definition=definition(), update=True).framework
    offer = next(
        o
        for o in frameworks_offered(enterprise=sized("unknown"), period=YEAR)
        if o.framework.pk == loaded.pk
    )

    assert offer.startable is startable
    assert offer.startable is not bool(assessable_problems(definition_from_framework(loaded)))
    if startable:
        assert offer.reason == ""
    else:
        assert offer.reason.startswith("Chưa thể đánh giá")


def test_one_short_pillar_has_its_own_reason(sme_framework):
    framework_load(definition=_large_with_criteria(missing=1))

    offer = frameworks_offered(enterprise=sized("large"), period=YEAR)[0]

    assert offer.reason == (
        "Chưa thể đánh giá: số tiêu chí của bộ chỉ số chưa đủ như quyết định ban hành."
    )


def test_the_selector_costs_one_query_however_many_frameworks(
    sme_framework, django_assert_num_queries
):
    enterprise = sized("unknown")
    with django_assert_num_queries(1):
        assert len(frameworks_offered(enterprise=enterprise, period=YEAR)) == 1
    load_large()
    load_readiness()
    open_for(SME)
    open_for(LARGE)
    with django_assert_num_queries(1):
        assert len(frameworks_offered(enterprise=enterprise, period=YEAR)) == 2


# --- the start view ------------------------------------------------------------------------


def member_of(enterprise) -> Membership:
    return MembershipFactory(enterprise=enterprise, role=Membership.Role.OWNER)


def start(client, enterprise, **data):
    return client.post(
        f"/enterprises/{enterprise.pk}/assessments/new/",
        {"period": str(YEAR), **data},
        follow=True,
    )


def test_start_is_refused_for_a_framework_the_ministry_closed_for_the_year(client, three):
    owner = member_of(sized("small"))
    client.force_login(owner.user)
    open_for(READINESS)

    response = start(client, owner.enterprise)  # no framework sent: the 2021 index

    assert response.redirect_chain[-1][0] == f"/enterprises/{owner.enterprise.pk}/"
    html = response.content.decode()
    assert (
        f"Bộ chỉ số “{Framework.objects.get(code=SME).name_vi}” không được mở cho doanh nghiệp "
        f"trong năm {YEAR}"
    ) in html
    assert not Assessment.objects.exists()
    # The next year has no opening: the 2021 index is offered there.
    response = start(client, owner.enterprise, period=str(YEAR + 1))
    assert Assessment.objects.get().period == YEAR + 1


@pytest.mark.parametrize(("size", "code"), [("small", LARGE), ("large", SME)])
def test_start_is_refused_for_a_framework_not_fitting_the_size(client, three, size, code):
    owner = member_of(sized(size))
    client.force_login(owner.user)

    response = start(client, owner.enterprise, framework=code)

    assert response.status_code == 200  # back to the enterprise's page, with the message
    assert "không dành cho quy mô của doanh nghiệp" in response.content.decode()
    assert not Assessment.objects.exists()


def test_start_is_refused_for_a_framework_that_cannot_be_assessed_yet(client, three):
    owner = member_of(sized("large"))
    client.force_login(owner.user)

    response = start(client, owner.enterprise, framework=LARGE)

    html = response.content.decode()
    assert (
        f"Bộ chỉ số “{Framework.objects.get(code=LARGE).name_vi}” chưa dùng được để đánh giá. "
        "Chưa thể đánh giá: nội dung các tiêu chí của bộ chỉ số chưa được nhập."
    ) in html
    assert not Assessment.objects.exists()


def test_the_refusal_speaks_english_when_asked(client, three):
    owner = member_of(sized("large"))
    client.force_login(owner.user)
    client.cookies["django_language"] = "en"  # chosen with the language selector

    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/assessments/new/",
        {"period": str(YEAR), "framework": SME},
        follow=True,
    )

    assert "is not open to the enterprise in" in response.content.decode()


def test_a_framework_picked_on_the_form_is_started(client, three):
    owner = member_of(sized("small"))
    client.force_login(owner.user)

    response = start(client, owner.enterprise, framework=READINESS)

    assessment = Assessment.objects.get()
    assert assessment.framework.code == READINESS
    assert response.redirect_chain[-1][0] == f"/assessments/{assessment.pk}/"
    assert response.status_code == 200
    assert assessment.catalog_version.label == "portal-reference-2023"


def test_an_unknown_year_range_start_keeps_the_2021_behaviour(client, sme_framework):
    """With the 2021 index alone and no opening, starting is as it was: no framework sent."""
    owner = member_of(sized("unknown"))
    client.force_login(owner.user)

    response = start(client, owner.enterprise)

    assert Assessment.objects.get().framework.code == SME
    assert response.redirect_chain[-1][0].startswith("/assessments/")


# --- the start form ------------------------------------------------------------------------

TODAYS_FORM = (
    '<label>Năm <input type="number" name="period" value="{year}" min="2021" max="2100"></label>\n'
    '    <button type="submit" class="button primary">Bắt đầu đánh giá</button></form>'
)


def page(client, enterprise) -> str:
    return client.get(f"/enterprises/{enterprise.pk}/").content.decode()


def test_a_year_offering_only_the_2021_index_shows_the_form_of_today(client, sme_framework):
    owner = member_of(sized("unknown"))
    client.force_login(owner.user)

    html = page(client, owner.enterprise)

    action = f'action="/enterprises/{owner.enterprise.pk}/assessments/new/" class="inline">'
    assert action in html
    assert TODAYS_FORM.format(year=YEAR) in html
    assert 'name="framework"' not in html
    assert 'data-testid="framework-choice"' not in html


def test_the_2021_index_alone_opened_for_an_sme_shows_the_form_of_today(client, three):
    """Other frameworks loaded, but the ministry opened the 2021 index alone for the year."""
    open_for(SME)
    owner = member_of(sized("small"))
    client.force_login(owner.user)

    html = page(client, owner.enterprise)

    assert TODAYS_FORM.format(year=YEAR) in html
    assert 'name="framework"' not in html


def test_the_picker_offers_the_frameworks_of_the_year_and_size(client, three):
    owner = member_of(sized("medium"))
    client.force_login(owner.user)

    html = page(client, owner.enterprise)

    assert 'data-testid="framework-choice"' in html
    assert f"Bộ chỉ số mở cho năm {YEAR}" in html
    assert f'<input type="radio" name="framework" value="{LARGE}" disabled>' in html
    assert f'<input type="radio" name="framework" value="{SME}" checked>' in html
    assert f'<input type="radio" name="framework" value="{READINESS}">' in html
    assert "Quyết định số 2158/QĐ-BTTTT ngày 07/11/2023" in html  # the decision's name
    assert "Doanh nghiệp lớn" in html  # the audiences
    assert "Doanh nghiệp nhỏ và vừa" in html
    assert "nội dung các tiêu chí của bộ chỉ số chưa được nhập" in html
    assert TODAYS_FORM.format(year=YEAR) in html  # then the year and the button


def test_a_small_enterprise_is_not_shown_the_large_index(client, three):
    owner = member_of(sized("small"))
    client.force_login(owner.user)

    html = page(client, owner.enterprise)

    assert f'value="{LARGE}"' not in html
    assert f'value="{SME}" checked' in html
    assert f'value="{READINESS}">' in html


def test_nothing_startable_offers_no_button(client, three):
    owner = member_of(sized("large"))
    client.force_login(owner.user)

    html = page(client, owner.enterprise)

    assert 'data-testid="start-closed"' in html
    assert f'<input type="radio" name="framework" value="{LARGE}" disabled>' in html
    assert "Bắt đầu đánh giá</button>" not in html
    assert "/assessments/new/" not in html


def test_nothing_offered_says_so(client, three):
    open_for(LARGE)
    owner = member_of(sized("small"))
    client.force_login(owner.user)

    html = page(client, owner.enterprise)

    assert 'data-testid="start-closed"' in html
    assert 'data-testid="framework-choice"' not in html
    assert f"Năm {YEAR} chưa có bộ chỉ số nào dùng được" in html


def test_the_empty_results_page_offers_the_same_picker(client, three):
    owner = member_of(sized("medium"))
    client.force_login(owner.user)

    html = client.get(f"/enterprises/{owner.enterprise.pk}/results/").content.decode()

    assert 'data-testid="framework-choice"' in html
    assert f'value="{SME}" checked' in html


def test_the_enterprise_page_costs_the_same_however_many_frameworks(client, sme_framework):
    owner = member_of(sized("unknown"))
    client.force_login(owner.user)
    page(client, owner.enterprise)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        page(client, owner.enterprise)
    load_large()
    load_readiness()
    open_for(SME)
    open_for(READINESS)
    with CaptureQueriesContext(connection) as three_loaded:
        html = page(client, owner.enterprise)

    assert 'data-testid="framework-choice"' in html
    assert len(three_loaded) == len(one)


def test_a_single_framework_on_offer_is_named_on_the_start_form(client, owner):
    client.force_login(owner.user)

    page = client.get(f"/enterprises/{owner.enterprise.pk}/").content.decode()

    assert 'data-testid="start-framework"' in page
    assert "Quyết định số 1970/QĐ-BTTTT" in page
