"""A corporate group's page (/enterprises/<pk>/group/, assessments/group_views.py) and its
selector (assessments/groups.py): the members with their shares and reference results, the
ownership-weighted result in the framework's unit (worked out by hand below), who sees the page
and who edits the list, and a query count that does not grow with the members.

Member results are written directly as column results (what ``write_column_result`` stores):
``total`` in the framework's unit, ``is_reference`` and ``counted`` as the dashboards read them.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from assessments.groups import group_periods, group_result, share_input, share_text
from assessments.models import (
    Assessment,
    CatalogVersion,
    ColumnResult,
    Framework,
    ScoreThreshold,
)
from enterprises.models import GroupMember, Province

from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LARGE = "dbi-large-2023"


@pytest.fixture
def large(places) -> Framework:
    call_command("load_catalog", LARGE, verbosity=0)
    return Framework.objects.get(code=LARGE)


@pytest.fixture
def group(owner):
    return owner.enterprise


def member_of(group, share: int, *, by=None, confirmed=True, **fields):
    """A member listed with ``share``; ``confirmed``: the member has confirmed the listing (the
    group reads its results only then, enterprises/services/groups.py)."""
    member = EnterpriseFactory(**fields)
    confirmer = UserFactory() if confirmed else None
    GroupMember.objects.create(
        group=group,
        member=member,
        share=share,
        added_by=by or UserFactory(),
        confirmed_by=confirmer,
        confirmed_at=timezone.now() if confirmed else None,
    )
    return member


def result_of(
    enterprise,
    framework: Framework,
    total: int,
    level: int,
    *,
    period: int = 2025,
    state: str = Assessment.State.APPRAISED,
    column: str = "ministry",
    reference: bool = True,
    counted: bool = True,
    version: CatalogVersion | None = None,
) -> ColumnResult:
    assessment = AssessmentFactory(
        enterprise=enterprise,
        framework=framework,
        catalog_version=version or framework.versions.order_by("number").first(),
        period=period,
        state=state,
    )
    return ColumnResult.objects.create(
        assessment=assessment,
        column=column,
        total=total,
        level=level,
        answered=1,
        is_reference=reference,
        counted=counted,
        framework=framework,
        period=period,
        province_id=enterprise.province_id,
        sector_section=enterprise.sector_section,
        kind=enterprise.kind,
    )


@pytest.fixture
def world(group, large):
    """A 80 % (share 60 %), B 40 % (share 40 %), C not assessed (share 30 %), D a draft
    (share 20 %): the group is (60·80 + 40·40) / (60 + 40) = 64 % → level 3 (50 ≤ 64 < 75)."""
    a = member_of(group, 6000, name_vi="Công ty A")
    b = member_of(group, 4000, name_vi="Công ty B")
    c = member_of(group, 3000, name_vi="Công ty C")
    d = member_of(group, 2000, name_vi="Công ty D")
    result_of(a, large, 8000, 4)
    result_of(b, large, 4000, 2)
    result_of(
        d,
        large,
        9000,
        4,
        state=Assessment.State.DRAFT,
        column="self",
        reference=True,
        counted=False,
    )
    return {"a": a, "b": b, "c": c, "d": d}


# ---- the weighted result -------------------------------------------------------------------


def test_the_groups_result_is_the_ownership_weighted_mean_of_the_counted_members(
    world, group, large
):
    reading = group_result(group, large, 2025)

    assert reading.result.score == 6400  # 64 %, in hundredths
    assert reading.result.level == 3
    assert reading.level_name == "Hình thành"
    assert reading.score_text == "64 %"
    assert (reading.result.members_scored, reading.result.members_total) == (2, 4)
    assert (reading.result.share_scored, reading.result.share_total) == (10000, 15000)
    assert reading.coverage_text == "66,6 %"  # 100 of 150 listed, rounded down
    by_name = {m.member.name_vi: m for m in reading.members}
    assert by_name["Công ty A"].score == 8000
    assert by_name["Công ty C"].assessment is None
    assert by_name["Công ty C"].result is None
    assert by_name["Công ty D"].assessment.state == "draft"
    assert by_name["Công ty D"].result is None


def test_a_fraction_of_a_percent_is_rounded_down_and_the_level_read_on_the_exact_value(
    group, large
):
    """A 75 % (share 1 %), B 74,99 % (share 2 %): (75·1 + 74,99·2) / 3 = 74,9933… % → shown
    74,99 %, level 3 (below 75 %)."""
    result_of(member_of(group, 100), large, 7500, 4)
    result_of(member_of(group, 200), large, 7499, 3)

    reading = group_result(group, large, 2025)

    assert reading.result.score == 7499
    assert reading.result.level == 3
    assert reading.score_text == "74,99 %"


def test_only_the_reference_result_of_the_year_and_framework_counts(group, large, sme_framework):
    a = member_of(group, 5000)
    result_of(
        a, large, 3000, 2, column="self", reference=False
    )  # a column that is not the reference
    ColumnResult.objects.filter(assessment__enterprise=a).update(is_reference=False)
    result_of(member_of(group, 5000), large, 9000, 4, period=2024)  # another year
    result_of(member_of(group, 5000), sme_framework, 200, 3)  # another framework

    reading = group_result(group, large, 2025)

    assert reading.result.score is None
    assert reading.result.level == 0
    assert reading.result.members_scored == 0
    assert reading.score_text == "—"


def test_the_2021_index_gives_a_weighted_total_of_points_without_a_level(group, sme_framework):
    """A 200 points (share 50 %), B 101 points (share 100 %): (200·50 + 101·100) / 150 = 134."""
    result_of(member_of(group, 5000), sme_framework, 200, 3)
    result_of(member_of(group, 10000), sme_framework, 101, 2)

    reading = group_result(group, sme_framework, 2025)

    assert reading.result.score == 134
    assert reading.result.level == 0
    assert not reading.has_level
    assert reading.score_text == "134 điểm"


def test_the_readiness_index_weighs_r_in_thousandths(group, places):
    """R 3,45 (share 100 %) and R 1,2 (share 50 %): (3,45·100 + 1,2·50) / 150 = 2,7 → level 3
    with thresholds 1 / 1,8 / 2,6 / 3,4 / 4,2."""
    readiness = Framework.objects.create(
        code="test-readiness",
        name_vi="Chỉ số sẵn sàng (thử)",
        scoring_method="readiness-median-2023",
        min_level=1,
    )
    for level, minimum in enumerate((1000, 1800, 2600, 3400, 4200), start=1):
        ScoreThreshold.objects.create(framework=readiness, level=level, minimum=minimum)
    version = CatalogVersion.objects.create(
        framework=readiness,
        number=1,
        label="reference",
        name_vi="Câu hỏi tham khảo",
        is_reference=True,
        is_current=True,
    )
    result_of(member_of(group, 10000), readiness, 3450, 4, version=version)
    result_of(member_of(group, 5000), readiness, 1200, 1, version=version)

    reading = group_result(group, readiness, 2025)

    assert reading.result.score == 2700
    assert reading.result.level == 3
    assert reading.score_text == "R = 2,7"
    assert reading.on_reference_questions


def test_shares_read_the_vietnamese_or_the_english_way():
    assert share_text(5150) == "51,5 %"
    assert share_input(10000) == "100"
    assert share_input(1) == "0,01"
    with translation.override("en"):
        assert share_input(5150) == "51.5"


def test_the_years_offered_are_those_with_counted_results_latest_first(world, group, large):
    result_of(world["c"], large, 5000, 3, period=2023)

    assert group_periods(group, large) == [2025, 2023]


# ---- the page ------------------------------------------------------------------------------


def test_the_page_shows_members_shares_results_and_the_weighted_result(client, owner, world):
    client.force_login(owner.user)

    response = client.get(f"/enterprises/{owner.enterprise.pk}/group/")

    assert response.status_code == 200
    assert response.context["framework"].code == LARGE  # the default framework
    assert response.context["period"] == 2025  # the latest year with results
    page = response.content.decode()
    assert 'data-score="6400"' in page
    assert 'data-level="3"' in page
    assert "<strong>64 %</strong>" in page
    assert "Hình thành" in page
    assert "2 trong 4 công ty thành viên được tính, chiếm 66,6 % tổng tỷ lệ sở hữu" in page
    assert "(100 % trên 150 %)" in page
    assert "tổng các tỷ lệ không cần bằng 100 %" in page
    for member, share in ((world["a"], "60 %"), (world["b"], "40 %"), (world["c"], "30 %")):
        assert member.name_vi in page
        assert member.tax_code in page
        assert share in page
    assert "80 % – Mức 4" in page
    assert page.count("chưa có kết quả") == 2  # C (no assessment) and D (a draft)
    assert "Nháp" in page
    assert "chưa có hồ sơ" in page
    assert f'action="/enterprises/{owner.enterprise.pk}/group/members/"' in page
    assert "<script>" not in page


def test_the_pickers_choose_another_framework_and_year(client, owner, world, sme_framework):
    result_of(world["c"], sme_framework, 180, 2, period=2024)
    client.force_login(owner.user)

    response = client.get(
        f"/enterprises/{owner.enterprise.pk}/group/",
        {"framework": "dbi-sme-2021", "period": "2024"},
    )

    page = response.content.decode()
    assert response.context["reading"].result.score == 180
    assert "180 điểm" in page
    assert 'data-testid="no-level-note"' in page
    assert "không quy định mức cho tổng bình quân có trọng số" in page


@pytest.mark.parametrize("period", ["abc", "1999", "٢٠٢٥", ""])
def test_a_wrong_year_falls_back_to_the_latest(client, owner, world, period):
    client.force_login(owner.user)

    response = client.get(f"/enterprises/{owner.enterprise.pk}/group/", {"period": period})

    assert response.status_code == 200
    assert response.context["period"] == 2025


def test_a_group_without_members_says_so(client, owner, large):
    client.force_login(owner.user)

    page = client.get(f"/enterprises/{owner.enterprise.pk}/group/").content.decode()

    assert "Chưa có công ty thành viên nào." in page
    assert "Chưa có kết quả" in page


def test_the_enterprise_page_links_to_the_group_page(client, owner):
    client.force_login(owner.user)

    page = client.get(f"/enterprises/{owner.enterprise.pk}/").content.decode()

    assert f'href="/enterprises/{owner.enterprise.pk}/group/"' in page


def test_the_page_in_english(client, owner, world):
    client.force_login(owner.user)

    client.cookies["django_language"] = "en"  # chosen with the language selector
    page = client.get(f"/enterprises/{owner.enterprise.pk}/group/").content.decode()

    assert "Member companies" in page
    assert "2 of 4 member companies counted, covering 66.6 % of the listed shares" in page


# ---- who sees, who edits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "edits"),
    [
        ("owner", 200, True),
        ("staff_member", 200, False),
        ("consultant", 200, False),
        ("province_officer", 200, True),
        ("ministry_reviewer", 200, True),
        ("other_province_officer", 404, False),
        ("stranger", 404, False),
        ("member_owner", 404, False),  # a member's owner does not see its parent
    ],
)
def test_who_sees_the_page_and_who_gets_the_forms(
    client, world, group, who, status, edits, request
):
    if who == "owner":
        user = request.getfixturevalue("owner").user
    elif who == "consultant":
        user = request.getfixturevalue("consultant").user
    elif who == "member_owner":
        user = MembershipFactory(enterprise=world["a"]).user
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.get(f"/enterprises/{group.pk}/group/")

    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert world["a"].name_vi in page  # members' names are visible to whoever sees the group
        assert ("Thêm công ty thành viên" in page) is edits
        assert ("Bỏ khỏi danh sách" in page) is edits


def test_a_visitor_is_sent_to_sign_in(client, group):
    url = f"/enterprises/{group.pk}/group/"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_a_member_is_linked_only_when_the_viewer_may_see_it(client, province_officer, world, group):
    province = Province.objects.get(code=75)
    elsewhere = member_of(group, 100, province=province, name_vi="Công ty ngoài tỉnh")
    client.force_login(province_officer)

    page = client.get(f"/enterprises/{group.pk}/group/").content.decode()

    assert f'href="/enterprises/{world["a"].pk}/"' in page  # same province: visible
    assert elsewhere.name_vi in page
    assert f'href="/enterprises/{elsewhere.pk}/"' not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff_member", 403),
        ("consultant", 403),
        ("other_province_officer", 404),
        ("stranger", 404),
    ],
)
def test_others_cannot_add_change_or_remove(client, world, group, who, status, request):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(user)
    entry = GroupMember.objects.get(member=world["a"])
    newcomer = EnterpriseFactory()

    add = client.post(
        f"/enterprises/{group.pk}/group/members/", {"tax_code": newcomer.tax_code, "share": "10"}
    )
    change = client.post(f"/enterprises/{group.pk}/group/members/{entry.pk}/", {"share": "99"})
    remove = client.post(f"/enterprises/{group.pk}/group/members/{entry.pk}/remove/")

    assert (add.status_code, change.status_code, remove.status_code) == (status,) * 3
    assert GroupMember.objects.filter(group=group).count() == 4
    assert GroupMember.objects.get(pk=entry.pk).share == 6000


def test_the_owner_adds_a_member_by_tax_code_with_a_comma_share(client, owner, large):
    member = EnterpriseFactory(name_vi="Công ty con")
    client.force_login(owner.user)

    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/group/members/",
        {"tax_code": f" {member.tax_code} ", "share": "51,5", "framework": LARGE, "period": "2025"},
    )

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/enterprises/{owner.enterprise.pk}/group/?framework={LARGE}&period=2025"
    )
    entry = GroupMember.objects.get()
    assert (entry.member, entry.share, entry.added_by) == (member, 5150, owner.user)
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm Công ty con" in page
    assert "51,5 %" in page


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"tax_code": "0100109106", "share": "10"}, "Không tìm thấy doanh nghiệp"),
        ({"tax_code": "SELF", "share": "10"}, "không thể là công ty thành viên của chính nó"),
        ({"tax_code": "A", "share": "10"}, "đã có trong danh sách"),
        ({"tax_code": "OWNER_OF_GROUP", "share": "10"}, "vòng sở hữu"),
        ({"tax_code": "NEW", "share": "0"}, "từ 0,01 đến 100"),
        ({"tax_code": "NEW", "share": "51,555"}, "tối đa hai chữ số thập phân"),
        ({"tax_code": "NEW", "share": "120"}, "từ 0,01 đến 100"),
    ],
)
def test_a_refused_addition_is_shown_on_the_form_with_what_was_typed(
    client, owner, world, group, sent, message
):
    parent_of_group = EnterpriseFactory()  # owns the group: listing it under the group is a cycle
    GroupMember.objects.create(group=parent_of_group, member=group, share=100, added_by=owner.user)
    names = {
        "SELF": group.tax_code,
        "A": world["a"].tax_code,
        "OWNER_OF_GROUP": parent_of_group.tax_code,
        "NEW": EnterpriseFactory().tax_code,
    }
    client.force_login(owner.user)
    data = {**sent, "tax_code": names.get(sent["tax_code"], sent["tax_code"])}

    response = client.post(f"/enterprises/{group.pk}/group/members/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{data["share"]}"' in page  # what was typed stays
    assert GroupMember.objects.filter(group=group).count() == 4


def test_the_province_changes_a_share_and_the_owner_removes_a_member(
    client, owner, province_officer, world, group
):
    entry = GroupMember.objects.get(member=world["b"])
    client.force_login(province_officer)

    response = client.post(
        f"/enterprises/{group.pk}/group/members/{entry.pk}/", {"share": "45.25", "period": "2025"}
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.share, entry.added_by) == (4525, province_officer)
    assert "45,25 %" in client.get(response["Location"]).content.decode()

    client.force_login(owner.user)
    response = client.post(f"/enterprises/{group.pk}/group/members/{entry.pk}/remove/")
    assert response.status_code == 302
    assert not GroupMember.objects.filter(pk=entry.pk).exists()


def test_a_bad_share_on_change_goes_back_with_the_message(client, owner, world, group):
    entry = GroupMember.objects.get(member=world["b"])
    client.force_login(owner.user)

    response = client.post(
        f"/enterprises/{group.pk}/group/members/{entry.pk}/", {"share": "0"}, follow=True
    )

    assert "từ 0,01 đến 100" in response.content.decode()
    entry.refresh_from_db()
    assert entry.share == 4000


def test_an_entry_of_another_group_is_not_found(client, owner, world, group):
    other = EnterpriseFactory()
    foreign = GroupMember.objects.create(
        group=other, member=world["a"], share=100, added_by=owner.user
    )
    client.force_login(owner.user)

    response = client.post(f"/enterprises/{group.pk}/group/members/{foreign.pk}/remove/")

    assert response.status_code == 404
    assert GroupMember.objects.filter(pk=foreign.pk).exists()


# ---- queries -------------------------------------------------------------------------------


def _members_with_results(group, large, n: int) -> None:
    for i in range(n):
        member = member_of(group, 1000 + i)
        if i % 2 == 0:
            result_of(member, large, 5000 + i, 3)
        else:
            result_of(member, large, 5000, 3, state=Assessment.State.DRAFT, counted=False)


def test_the_page_costs_the_same_for_two_members_as_for_six(
    client, owner, large, django_assert_max_num_queries
):
    group = owner.enterprise
    client.force_login(owner.user)
    _members_with_results(group, large, 2)
    url = f"/enterprises/{group.pk}/group/"
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200

    _members_with_results(group, large, 4)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["reading"].result.members_total == 6


# ---- the API -------------------------------------------------------------------------------


def test_the_api_gives_members_and_the_weighted_result(client, owner, world, group):
    client.force_login(owner.user)

    body = client.get(f"/api/v1/enterprises/{group.pk}/group/").json()

    assert body["framework"] == LARGE
    assert body["period"] == 2025
    assert body["periods"] == [2025]
    assert body["unit"] == "percent"
    assert body["score"] == 64.0
    assert body["level"] == 3
    assert body["level_name"] == "Hình thành"
    assert (body["members_counted"], body["members_total"]) == (2, 4)
    assert (body["share_counted"], body["share_total"]) == (100.0, 150.0)
    members = {m["tax_code"]: m for m in body["members"]}
    assert members[world["a"].tax_code] | {"assessment": None} == {
        "id": world["a"].pk,
        "tax_code": world["a"].tax_code,
        "name": "Công ty A",
        "share": 60.0,
        "assessment": None,
        "confirmed": True,
        "counted": True,
        "score": 80.0,
        "level": 4,
    }
    assert members[world["c"].tax_code]["assessment"] is None
    assert members[world["d"].tax_code]["assessment"]["state"] == "draft"
    assert members[world["d"].tax_code]["counted"] is False
    assert members[world["d"].tax_code]["score"] is None


def test_the_api_on_the_2021_index_has_points_and_no_level(client, owner, group, sme_framework):
    result_of(member_of(group, 5000), sme_framework, 200, 3)
    client.force_login(owner.user)

    body = client.get(
        f"/api/v1/enterprises/{group.pk}/group/", {"framework": "dbi-sme-2021"}
    ).json()

    assert (body["unit"], body["score"], body["level"], body["level_name"]) == (
        "points",
        200,
        None,
        "",
    )


@pytest.mark.parametrize(
    "query", [{"period": "1999"}, {"period": "abc"}, {"framework": "dbi-nope"}]
)
def test_the_api_refuses_a_bad_query(client, owner, world, group, query):
    client.force_login(owner.user)

    response = client.get(f"/api/v1/enterprises/{group.pk}/group/", query)

    assert response.status_code == 400


@pytest.mark.parametrize("who", ["stranger", "other_province_officer"])
def test_the_api_hides_a_group_the_caller_may_not_see(client, world, group, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(f"/api/v1/enterprises/{group.pk}/group/").status_code == 404


def test_the_api_costs_the_same_for_two_members_as_for_six(
    client, owner, large, django_assert_max_num_queries
):
    group = owner.enterprise
    client.force_login(owner.user)
    _members_with_results(group, large, 2)
    url = f"/api/v1/enterprises/{group.pk}/group/"
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200

    _members_with_results(group, large, 4)
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert client.get(url).json()["members_total"] == 6
