"""The signed-in portal through the browser's eyes: registering an enterprise (and asking to join
one), the owner's decision on join requests, the ward options, the enterprise list with its
filters and pages, and engaging a consultant from invitation to the end.

Expectations, by hand:

* 0100109106: 0·31 + 1·29 + 0·23 + 0·19 + 1·17 + 0·13 + 9·7 + 1·5 + 0·3 = 114; 114 mod 11 = 4;
  10 − 4 = 6, the 10th digit — valid. 0100109107 therefore has a bad check digit.
  0300588569: 3·29 + 5·17 + 8·13 + 8·7 + 5·5 + 6·3 = 375; 375 mod 11 = 1; 10 − 1 = 9 — valid.
  3601234569: 3·31 + 6·29 + 1·19 + 2·17 + 3·13 + 4·7 + 5·5 + 6·3 = 430; 430 mod 11 = 1 → 9 — valid.
* Section C (industry), 40 insured employees, revenue 30 bn: not micro (40 > 10), small
  (40 ≤ 100 and 30 bn ≤ 50 bn).
* VSIC division 47 (retail) belongs to section G (45–47), not C (10–33).
* The list shows 25 enterprises a page: 30 make 2 pages, the second with 5.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from enterprises.models import (
    Engagement,
    Enterprise,
    EnterpriseKind,
    Membership,
    Province,
    Ward,
)

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Pinned after measuring on SQLite and PostgreSQL. Every signed-in request reads the session and
# the user, and the request's SAVEPOINT/RELEASE count too; none of these grows with the rows
# shown (the list is measured with 3 and 30 enterprises, the page with 1 and 6 members).
REGISTER_FORM_QUERIES = 7  # + count and rows of the provinces
REGISTER_QUERIES = 19  # + province, ward, FK checks, 2 check constraints, lock, 2 inserts
REGISTER_INVALID_QUERIES = 15  # the checks that run, then provinces and wards drawn again
WARD_OPTIONS_QUERIES = 3  # savepoint, wards, release
LIST_QUERIES = 10  # + count, page, provinces, and reviewer? officer? for the import button
DETAIL_QUERIES = 11  # + enterprise, memberships, engagements, parent groups, assessments, offer
INVITE_QUERIES = 13  # + enterprise, consultant, member?, accredited?, consultant a member?,
# open already?, insert
DECIDE_QUERIES = 12  # + enterprise, membership, lock, owner?, their consultant?, update
RESPOND_QUERIES = 6  # + engagement with its enterprise
ACCEPT_QUERIES = 12  # + engagement, lock, consultant, a member?, accredited?, update
END_QUERIES = 12  # + engagement, lock, consultant, member? (for the enterprise side), update

NAME = "Công ty Cổ phần Dừa Bến Tre"


# --- reading pages -----------------------------------------------------------------------------


def text(response) -> str:
    """The page as a person reads it: tags kept, whitespace collapsed."""
    return " ".join(response.content.decode().split())


def field_errors(page: str, name: str) -> list[str]:
    """The error messages shown under the form field ``name``."""
    for block in re.findall(r'<div class="field[^"]*">(.*?)</div>', page):
        if f'name="{name}"' in block:
            return re.findall(r'<p class="field-error" role="alert">(.*?)</p>', block)
    raise AssertionError(f"no field {name} on the page")


def input_value(page: str, name: str) -> str | None:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


def selected(page: str, name: str) -> list[str]:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page)
    assert match, f"no select {name}"
    return re.findall(r'<option value="([^"]*)" selected>', match.group(1))


def option_values(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', html)


def listed_tax_codes(page: str) -> list[str]:
    """The tax codes in the list's rows, in order."""
    return re.findall(r"<tr> <td>([0-9-]+)</td>", page)


def followed(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return text(client.get(response["Location"]))


# --- the world ---------------------------------------------------------------------------------


@pytest.fixture
def vinh_long():
    return Province.objects.get(code=86)


@pytest.fixture
def dong_nai():
    return Province.objects.get(code=75)


@pytest.fixture
def user(client):
    person = UserFactory(full_name="Nguyễn Thị Hoa")
    client.force_login(person)
    return person


def registration(vinh_long, **overrides) -> dict:
    ward = Ward.objects.filter(province=vinh_long).order_by("name").first()
    data = {
        "tax_code": "0100109106",
        "kind": "enterprise",
        "name_vi": NAME,
        "province": vinh_long.pk,
        "ward": ward.pk,
        "address": "12 Đường 30/4",
        "sector_section": "C",
        "employees": "40",
        "annual_revenue": "30000000000",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register(client, data, django_assert_max_num_queries, queries):
    with django_assert_max_num_queries(queries):
        return client.post("/enterprises/register/", data)


@pytest.fixture
def owned():
    """An enterprise in Vĩnh Long with its active owner."""
    return MembershipFactory(
        enterprise__name_vi=NAME, user__full_name="Nguyễn Thị Hoa", role=Membership.Role.OWNER
    )


@pytest.fixture
def consultant():
    return AccreditationFactory(
        number="TV-2025-0001", consultant__user__email="tuvan@example.vn"
    ).consultant


# --- registering an enterprise -----------------------------------------------------------------


def test_register_page_requires_login(client):
    response = client.get("/enterprises/register/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/enterprises/register/"


def test_register_page_offers_the_provinces_and_no_wards_yet(
    client, user, django_assert_max_num_queries
):
    with django_assert_max_num_queries(REGISTER_FORM_QUERIES):
        response = client.get("/enterprises/register/")

    assert response.status_code == 200
    page = text(response)
    assert "Đăng ký doanh nghiệp" in page
    assert "Vĩnh Long" in page
    assert "Đồng Nai" in page
    assert option_values(re.search(r'<select name="ward".*?</select>', page).group(0)) == [""]


def test_a_tax_code_typed_with_spaces_is_saved_without_them(client, user, vinh_long):
    response = client.post(
        "/enterprises/register/", registration(vinh_long, tax_code=" 0100 109 106 ")
    )

    assert response.status_code == 302
    assert Enterprise.objects.filter(tax_code="0100109106").exists()


def test_registering_a_new_enterprise_makes_the_user_its_active_owner(
    client, user, vinh_long, django_assert_max_num_queries
):
    response = register(
        client, registration(vinh_long), django_assert_max_num_queries, REGISTER_QUERIES
    )

    enterprise = Enterprise.objects.get(tax_code="0100109106")
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.name_vi == NAME
    assert enterprise.kind == EnterpriseKind.ENTERPRISE
    assert enterprise.province == vinh_long
    assert enterprise.ward.province == vinh_long
    assert enterprise.sector_section == "C"
    assert enterprise.employees == 40
    assert enterprise.annual_revenue == 30_000_000_000
    assert enterprise.size_class == "small"
    membership = enterprise.memberships.get()
    assert (membership.user, membership.role, membership.status) == (user, "owner", "active")
    page = followed(client, response)
    assert "Đã đăng ký doanh nghiệp. Bạn là chủ tài khoản." in page
    assert f"<h1>{NAME}</h1>" in page
    assert "Nhỏ · 40 lao động" in page


def test_a_household_may_register_with_a_12_digit_personal_id(client, user, vinh_long):
    response = client.post(
        "/enterprises/register/",
        registration(
            vinh_long, kind="household", tax_code="086190001234", name_vi="Hộ kinh doanh Bảy Hoa"
        ),
    )

    assert response.status_code == 302
    assert Enterprise.objects.get(tax_code="086190001234").kind == EnterpriseKind.HOUSEHOLD


def test_a_bad_check_digit_is_refused_and_everything_typed_is_kept(
    client, user, vinh_long, django_assert_max_num_queries
):
    data = registration(vinh_long, tax_code="0100109107")

    response = register(client, data, django_assert_max_num_queries, REGISTER_INVALID_QUERIES)

    assert response.status_code == 400
    page = text(response)
    assert field_errors(page, "tax_code") == [
        "Mã số thuế không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không khớp."
    ]
    assert "Những gì bạn đã nhập vẫn được giữ nguyên." in page
    assert input_value(page, "tax_code") == "0100109107"
    assert input_value(page, "name_vi") == NAME
    assert input_value(page, "employees") == "40"
    assert input_value(page, "annual_revenue") == "30000000000"
    assert input_value(page, "address") == "12 Đường 30/4"
    assert selected(page, "kind") == ["enterprise"]
    assert selected(page, "province") == [str(vinh_long.pk)]
    assert selected(page, "ward") == [str(data["ward"])]
    assert selected(page, "sector_section") == ["C"]
    assert not Enterprise.objects.exists()


def test_a_12_digit_code_is_refused_for_a_non_household(client, user, vinh_long):
    response = client.post(
        "/enterprises/register/", registration(vinh_long, tax_code="086190001234")
    )

    assert response.status_code == 400
    assert field_errors(text(response), "tax_code") == [
        "Số định danh cá nhân 12 chữ số chỉ dùng làm mã số thuế cho hộ kinh doanh."
    ]
    assert not Enterprise.objects.exists()


def test_a_ward_of_another_province_is_refused(client, user, vinh_long, dong_nai):
    ward_in_dong_nai = Ward.objects.filter(province=dong_nai).order_by("name").first()

    response = client.post(
        "/enterprises/register/", registration(vinh_long, ward=ward_in_dong_nai.pk)
    )

    assert response.status_code == 400
    assert len(field_errors(text(response), "ward")) == 1
    assert not Enterprise.objects.exists()


def test_a_ward_of_another_province_is_refused_with_a_message_that_says_why(
    client, user, vinh_long, dong_nai
):
    """forms.EnterpriseForm.clean words this case ("not in the chosen province"); the generic
    "choose a valid choice" does not tell the person that the ward and province disagree."""
    ward_in_dong_nai = Ward.objects.filter(province=dong_nai).order_by("name").first()

    response = client.post(
        "/enterprises/register/", registration(vinh_long, ward=ward_in_dong_nai.pk)
    )

    assert response.status_code == 400
    assert field_errors(text(response), "ward") == ["Phường/xã này không thuộc tỉnh/thành đã chọn."]


def test_a_division_outside_its_section_is_refused(client, user, vinh_long):
    response = client.post("/enterprises/register/", registration(vinh_long, sector_division="47"))

    assert response.status_code == 400
    assert field_errors(text(response), "sector_division") == [
        "Ngành cấp 2 47 không thuộc ngành cấp 1 C."
    ]
    assert input_value(text(response), "sector_division") == "47"
    assert not Enterprise.objects.exists()


def test_registering_an_existing_tax_code_asks_to_join_it(client, vinh_long, owned):
    owned.enterprise.tax_code = "0100109106"
    owned.enterprise.save()
    applicant = UserFactory(full_name="Trần Văn Bình")
    client.force_login(applicant)

    response = client.post(
        "/enterprises/register/", registration(vinh_long, name_vi="Tên khác của tôi")
    )

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    home = followed(client, response)
    assert (
        "Mã số thuế 0100109106 đã được đăng ký. Yêu cầu tham gia của bạn đã được gửi tới chủ "
        "tài khoản doanh nghiệp để duyệt."
    ) in home
    assert f"{NAME} <small>Nhân viên · Chờ duyệt</small>" in home
    membership = Membership.objects.get(user=applicant)
    assert membership.enterprise == owned.enterprise
    assert (membership.role, membership.status) == ("staff", "pending")
    assert Enterprise.objects.get().name_vi == NAME  # the existing profile is untouched
    assert client.get(f"/enterprises/{owned.enterprise.pk}/").status_code == 404


def test_asking_again_after_a_rejection_is_not_reported_as_sent_when_it_is_not(
    client, vinh_long, owned
):
    """The page says the request "has been sent to the owner"; after an earlier rejection the
    membership stays rejected and the owner is never asked, so the message must not say so
    (or the request must be pending again)."""
    owned.enterprise.tax_code = "0100109106"
    owned.enterprise.save()
    refused_before = MembershipFactory(
        enterprise=owned.enterprise,
        role=Membership.Role.STAFF,
        status=Membership.Status.REJECTED,
    )
    client.force_login(refused_before.user)

    response = client.post("/enterprises/register/", registration(vinh_long))

    home = followed(client, response)
    refused_before.refresh_from_db()
    said_sent = "Yêu cầu tham gia của bạn đã được gửi" in home
    assert not said_sent or refused_before.status == Membership.Status.PENDING, (
        "told the request was sent, but it is still rejected and the owner sees nothing"
    )


def test_a_join_request_made_by_registering_reaches_the_owner_who_approves_it(client, vinh_long):
    owner = UserFactory(full_name="Nguyễn Thị Hoa")
    applicant = UserFactory(full_name="Trần Văn Bình")
    client.force_login(owner)
    created = client.post("/enterprises/register/", registration(vinh_long))
    client.force_login(applicant)
    client.post("/enterprises/register/", registration(vinh_long))

    client.force_login(owner)
    page = text(client.get(created["Location"]))
    request = Membership.objects.get(user=applicant)
    assert "Trần Văn Bình <small>Nhân viên · Chờ duyệt</small>" in page
    response = client.post(
        f"{created['Location']}members/{request.pk}/decide/", {"decision": "approve"}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE
    client.force_login(applicant)
    assert client.get(created["Location"]).status_code == 200


# --- deciding join requests --------------------------------------------------------------------


@pytest.fixture
def join_request(owned):
    return MembershipFactory(
        enterprise=owned.enterprise,
        user__full_name="Trần Văn Bình",
        role=Membership.Role.STAFF,
        status=Membership.Status.PENDING,
    )


def test_the_owner_sees_the_pending_member_and_approves_it(
    client, owned, join_request, django_assert_max_num_queries
):
    client.force_login(owned.user)
    enterprise = owned.enterprise
    decide_url = f"/enterprises/{enterprise.pk}/members/{join_request.pk}/decide/"

    page = text(client.get(f"/enterprises/{enterprise.pk}/"))
    assert "Trần Văn Bình <small>Nhân viên · Chờ duyệt</small>" in page
    assert f'action="{decide_url}"' in page
    assert 'value="approve"' in page

    with django_assert_max_num_queries(DECIDE_QUERIES):
        response = client.post(decide_url, {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.ACTIVE
    assert join_request.decided_by == owned.user
    assert "Trần Văn Bình <small>Nhân viên · Đang hoạt động</small>" in followed(client, response)
    client.force_login(join_request.user)
    assert client.get(f"/enterprises/{enterprise.pk}/").status_code == 200


def test_the_owner_rejects_a_join_request(client, owned, join_request):
    client.force_login(owned.user)

    client.post(
        f"/enterprises/{owned.enterprise.pk}/members/{join_request.pk}/decide/",
        {"decision": "reject"},
    )

    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.REJECTED


def test_a_staff_member_cannot_decide_a_join_request(client, owned, join_request):
    staff = MembershipFactory(enterprise=owned.enterprise, role=Membership.Role.STAFF)
    client.force_login(staff.user)
    page = text(client.get(f"/enterprises/{owned.enterprise.pk}/"))
    assert "Trần Văn Bình <small>Nhân viên · Chờ duyệt</small>" in page
    assert 'value="approve"' not in page  # no buttons for staff

    response = client.post(
        f"/enterprises/{owned.enterprise.pk}/members/{join_request.pk}/decide/",
        {"decision": "approve"},
    )

    assert response.status_code == 403
    assert "Chỉ chủ tài khoản doanh nghiệp được làm việc này." in text(response)
    join_request.refresh_from_db()
    assert join_request.status == Membership.Status.PENDING


def test_a_join_request_of_another_enterprise_cannot_be_decided_through_mine(client, owned):
    elsewhere = MembershipFactory(role=Membership.Role.STAFF, status=Membership.Status.PENDING)
    client.force_login(owned.user)

    response = client.post(
        f"/enterprises/{owned.enterprise.pk}/members/{elsewhere.pk}/decide/",
        {"decision": "approve"},
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Membership.Status.PENDING


# --- ward options (htmx) -----------------------------------------------------------------------


def test_ward_options_are_those_of_the_chosen_province_only(
    client, vinh_long, django_assert_max_num_queries
):
    with django_assert_max_num_queries(WARD_OPTIONS_QUERIES):
        response = client.get("/enterprises/wards/", {"province": vinh_long.pk})

    assert response.status_code == 200
    values = option_values(response.content.decode())
    assert values[0] == ""
    assert "— Chọn phường/xã —" in text(response)
    expected = {
        str(pk) for pk in Ward.objects.filter(province=vinh_long).values_list("pk", flat=True)
    }
    assert set(values[1:]) == expected
    assert len(values) - 1 == len(expected) == 124  # Vĩnh Long's wards since 1 July 2025


@pytest.mark.parametrize("province", ["", "abc", "99999"], ids=["none", "not-a-number", "unknown"])
def test_ward_options_without_a_known_province_offer_only_the_prompt(client, province):
    response = client.get("/enterprises/wards/", {"province": province})

    assert response.status_code == 200
    assert option_values(response.content.decode()) == [""]
    assert "— Chọn tỉnh/thành trước —" in text(response)


# --- the enterprise list -----------------------------------------------------------------------


@pytest.fixture
def superuser(client):
    person = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(person)
    return person


@pytest.fixture
def four(vinh_long, dong_nai):
    """Four enterprises to filter: by name, tax code, province, sector and size."""
    return {
        "dua": EnterpriseFactory(
            name_vi=NAME, tax_code="0100109106", province=vinh_long, size_class="small"
        ),
        "buoi": EnterpriseFactory(
            name_vi="Hợp tác xã Bưởi Năm Roi",
            tax_code="0300588569",
            kind=EnterpriseKind.COOPERATIVE,
            province=vinh_long,
            sector_section="A",
            size_class="micro",
        ),
        "go": EnterpriseFactory(
            name_vi="Công ty TNHH Gỗ Biên Hòa",
            tax_code="3601234569",
            province=dong_nai,
            size_class="medium",
        ),
        "sieu_thi": EnterpriseFactory(
            name_vi="Siêu thị Long Thành",
            province=dong_nai,
            sector_section="G",
            size_class="small",
        ),
    }


def listed(client, **params) -> set[str]:
    response = client.get("/enterprises/", params)
    assert response.status_code == 200
    return set(listed_tax_codes(text(response)))


def codes(four, *keys) -> set[str]:
    return {four[key].tax_code for key in keys}


def test_the_list_requires_login(client):
    response = client.get("/enterprises/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/enterprises/"


def test_the_list_without_filters_shows_every_visible_enterprise_by_name(client, superuser, four):
    response = client.get("/enterprises/")

    page = text(response)
    assert "4 doanh nghiệp" in page
    assert listed_tax_codes(page) == [
        four[key].tax_code for key in ("dua", "go", "buoi", "sieu_thi")
    ]  # Công ty Cổ phần…, Công ty TNHH…, Hợp tác xã…, Siêu thị…


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dừa", {"dua"}),
        ("Công ty", {"dua", "go"}),
        ("0300588569", {"buoi"}),
        ("030058", {"buoi"}),
        ("36", {"go"}),
        ("588569", set()),  # a tax code matches from its start only
    ],
    ids=["name-lowercase", "name-part", "tax-code", "tax-code-prefix", "dong-nai-prefix", "middle"],
)
def test_the_list_searches_names_and_tax_code_prefixes(client, superuser, four, query, expected):
    assert listed(client, q=query) == codes(four, *expected)


def test_the_list_filters_by_province(client, superuser, four, dong_nai):
    assert listed(client, province=dong_nai.pk) == codes(four, "go", "sieu_thi")


def test_the_list_filters_by_sector(client, superuser, four):
    assert listed(client, sector="C") == codes(four, "dua", "go")


def test_the_list_filters_by_size(client, superuser, four):
    assert listed(client, size="small") == codes(four, "dua", "sieu_thi")


def test_the_list_combines_filters_and_keeps_them_in_the_form(client, superuser, four, dong_nai):
    response = client.get("/enterprises/", {"province": dong_nai.pk, "sector": "C", "q": "gỗ"})

    page = text(response)
    assert set(listed_tax_codes(page)) == codes(four, "go")
    assert selected(page, "province") == [str(dong_nai.pk)]
    assert selected(page, "sector") == ["C"]
    assert input_value(page, "q") == "gỗ"


def test_an_empty_filter_result_says_so(client, superuser, four):
    response = client.get("/enterprises/", {"q": "Không tồn tại"})

    assert response.status_code == 200
    page = text(response)
    assert listed_tax_codes(page) == []
    assert "0 doanh nghiệp" in page
    assert "Không có doanh nghiệp nào khớp với bộ lọc." in page


def test_the_list_pages_by_25(client, superuser):
    everyone = {e.tax_code for e in EnterpriseFactory.create_batch(30)}

    first = text(client.get("/enterprises/"))
    second = text(client.get("/enterprises/", {"page": 2}))

    assert "30 doanh nghiệp" in first
    assert len(listed_tax_codes(first)) == 25
    assert "Trang 1/2" in first
    assert 'href="?page=2" rel="next"' in first
    assert len(listed_tax_codes(second)) == 5
    assert "Trang 2/2" in second
    assert 'href="?page=1" rel="prev"' in second
    assert set(listed_tax_codes(first)) | set(listed_tax_codes(second)) == everyone


def test_the_page_links_keep_the_filters(client, superuser, vinh_long):
    EnterpriseFactory.create_batch(26, province=vinh_long, sector_section="G")

    page = text(client.get("/enterprises/", {"sector": "G"}))

    assert 'href="?sector=G&amp;page=2" rel="next"' in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30_enterprises(
    client, vinh_long, count, django_assert_max_num_queries
):
    client.force_login(ProvinceOfficerFactory(province=vinh_long).user)
    EnterpriseFactory.create_batch(count, province=vinh_long)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/enterprises/")

    assert response.status_code == 200
    assert len(listed_tax_codes(text(response))) == min(count, 25)


# --- an enterprise's page ----------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 5], ids=["one-member", "six-members"])
def test_the_enterprise_page_takes_the_same_queries_however_many_members(
    client, owned, consultant, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        MembershipFactory(enterprise=owned.enterprise, role=Membership.Role.STAFF)
        EngagementFactory(enterprise=owned.enterprise, consultant=AccreditationFactory().consultant)
    client.force_login(owned.user)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(f"/enterprises/{owned.enterprise.pk}/")

    assert response.status_code == 200
    assert text(response).count("<small>Nhân viên · Đang hoạt động</small>") == extra


def test_an_unknown_enterprise_is_not_found(client, superuser):
    assert client.get("/enterprises/999999/").status_code == 404


# --- engaging a consultant ---------------------------------------------------------------------


def invite(client, enterprise, typed, django_assert_max_num_queries=None):
    if django_assert_max_num_queries is None:
        return client.post(f"/enterprises/{enterprise.pk}/invite/", {"consultant": typed})
    with django_assert_max_num_queries(INVITE_QUERIES):
        return client.post(f"/enterprises/{enterprise.pk}/invite/", {"consultant": typed})


@pytest.mark.parametrize(
    "typed",
    ["tuvan@example.vn", "TuVan@Example.vn", " TV-2025-0001 "],
    ids=["email", "case", "number"],
)
def test_an_owner_invites_a_consultant_by_email_or_accreditation_number(
    client, owned, consultant, typed, django_assert_max_num_queries
):
    client.force_login(owned.user)

    response = invite(client, owned.enterprise, typed, django_assert_max_num_queries)

    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{owned.enterprise.pk}/"
    engagement = Engagement.objects.get()
    assert (engagement.enterprise, engagement.consultant) == (owned.enterprise, consultant)
    assert engagement.status == Engagement.Status.INVITED
    assert engagement.invited_by == owned.user
    page = followed(client, response)
    assert "Đã gửi lời mời tới chuyên gia." in page
    assert f"{consultant} <small>Đã mời" in page


def test_inviting_an_unknown_consultant_says_so_and_keeps_the_text(client, owned):
    client.force_login(owned.user)

    response = invite(client, owned.enterprise, "nobody@example.vn")

    assert response.status_code == 400
    page = text(response)
    assert field_errors(page, "consultant") == ["Không tìm thấy chuyên gia với email hoặc số này."]
    assert input_value(page, "consultant") == "nobody@example.vn"
    assert not Engagement.objects.exists()


def test_a_consultant_with_an_expired_accreditation_cannot_be_invited(client, owned):
    AccreditationFactory(
        number="TV-2023-0009",
        consultant__user__email="hethan@example.vn",
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(owned.user)

    response = invite(client, owned.enterprise, "hethan@example.vn")

    assert response.status_code == 400
    assert field_errors(text(response), "consultant") == [
        "Chuyên gia chưa được Bộ công nhận hoặc công nhận đã hết hạn, nên không thể mời."
    ]
    assert not Engagement.objects.exists()


def test_the_same_consultant_cannot_be_invited_twice(client, owned, consultant):
    client.force_login(owned.user)
    invite(client, owned.enterprise, "tuvan@example.vn")

    response = invite(client, owned.enterprise, "TV-2025-0001")

    assert response.status_code == 400
    assert field_errors(text(response), "consultant") == [
        "Doanh nghiệp đã mời hoặc đang làm việc với chuyên gia này."
    ]
    assert Engagement.objects.count() == 1


@pytest.fixture
def invitation(client, owned, consultant):
    """The owner has invited the consultant; the consultant is signed in."""
    client.force_login(owned.user)
    invite(client, owned.enterprise, "tuvan@example.vn")
    client.force_login(consultant.user)
    return Engagement.objects.get()


def test_the_consultant_sees_the_invitation_on_home_and_opens_it(
    client, invitation, django_assert_max_num_queries
):
    home = text(client.get("/me/"))
    assert f'href="/engagements/{invitation.pk}/"' in home
    assert "Trả lời lời mời" in home

    with django_assert_max_num_queries(RESPOND_QUERIES):
        response = client.get(f"/engagements/{invitation.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert f"Lời mời tư vấn từ {NAME}" in page
    assert "Cam kết và nhận lời" in page


@pytest.mark.parametrize(
    "ticked",
    [{}, {"not_insured_employee": "on"}, {"not_member_unit": "on"}],
    ids=["none", "only-not-employee", "only-not-member-unit"],
)
def test_accepting_without_both_independence_declarations_is_refused(
    client, owned, invitation, ticked
):
    response = client.post(f"/engagements/{invitation.pk}/", {"decision": "accept", **ticked})

    assert response.status_code == 400
    assert (
        "Cần cam kết độc lập: không phải người lao động có đóng bảo hiểm của doanh nghiệp và "
        "không phải đơn vị thành viên của doanh nghiệp."
    ) in text(response)
    invitation.refresh_from_db()
    assert invitation.status == Engagement.Status.INVITED
    assert client.get(f"/enterprises/{owned.enterprise.pk}/").status_code == 404


def test_accepting_with_both_declarations_gives_access_to_the_enterprise(
    client, owned, invitation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(ACCEPT_QUERIES):
        response = client.post(
            f"/engagements/{invitation.pk}/",
            {"decision": "accept", "not_insured_employee": "on", "not_member_unit": "on"},
        )

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert "Đã nhận lời. Bạn có thể đánh giá doanh nghiệp này." in followed(client, response)
    invitation.refresh_from_db()
    assert invitation.status == Engagement.Status.ACTIVE
    assert invitation.independence_declared_at is not None
    detail = client.get(f"/enterprises/{owned.enterprise.pk}/")
    assert detail.status_code == 200
    assert f"<h1>{NAME}</h1>" in text(detail)
    assert "Thành viên" not in text(detail)  # members and consultants are the members' business


def test_the_consultant_declines_an_invitation(client, owned, invitation):
    response = client.post(f"/engagements/{invitation.pk}/", {"decision": "decline"})

    assert response.status_code == 302
    assert "Đã từ chối lời mời." in followed(client, response)
    invitation.refresh_from_db()
    assert invitation.status == Engagement.Status.DECLINED
    assert client.get(f"/enterprises/{owned.enterprise.pk}/").status_code == 404


@pytest.fixture
def engaged(client, owned, invitation):
    client.post(
        f"/engagements/{invitation.pk}/",
        {"decision": "accept", "not_insured_employee": "on", "not_member_unit": "on"},
    )
    invitation.refresh_from_db()
    assert invitation.status == Engagement.Status.ACTIVE
    return invitation


@pytest.mark.parametrize("side", ["consultant", "owner"])
def test_either_side_ends_the_engagement_and_the_consultant_loses_access(
    client, owned, consultant, engaged, side, django_assert_max_num_queries
):
    ender = consultant.user if side == "consultant" else owned.user
    client.force_login(ender)

    with django_assert_max_num_queries(END_QUERIES):
        response = client.post(f"/engagements/{engaged.pk}/end/", {"reason": "Hết hợp đồng"})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert "Đã kết thúc hợp đồng tư vấn." in followed(client, response)
    engaged.refresh_from_db()
    assert engaged.status == Engagement.Status.ENDED
    assert engaged.ended_by == ender
    assert engaged.end_reason == "Hết hợp đồng"
    client.force_login(consultant.user)
    assert client.get(f"/enterprises/{owned.enterprise.pk}/").status_code == 404


def test_the_owner_can_withdraw_an_invitation_before_it_is_answered(
    client, owned, consultant, invitation
):
    client.force_login(owned.user)

    response = client.post(f"/engagements/{invitation.pk}/end/")

    assert "Đã kết thúc hợp đồng tư vấn." in followed(client, response)
    invitation.refresh_from_db()
    assert invitation.status == Engagement.Status.ENDED


def test_ending_an_ended_engagement_again_says_it_is_out_of_date(client, owned, engaged):
    client.force_login(owned.user)
    client.post(f"/engagements/{engaged.pk}/end/")

    response = client.post(f"/engagements/{engaged.pk}/end/")

    assert "Thao tác không còn phù hợp với trạng thái hiện tại; hãy tải lại trang." in followed(
        client, response
    )
