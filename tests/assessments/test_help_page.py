"""The help page (/help/): public, linked from every page's header and footer, says how to
register, self-assess and invite a consultant, what each level means (the catalog's level names,
descriptions and overall rules: data, not template text), questions often asked, and whom to
contact (the authorities in force, from data; the visitor's own department first)."""

import re

import pytest
from django.contrib.staticfiles import finders

from enterprises.models import Authority

pytestmark = pytest.mark.django_db

URL = "/help/"
# Its own four (frameworks, their level names and rules, the authorities) and the memberships,
# plus what every signed-in page reads (session, user, unread notifications…); none per row.
HELP_QUERIES = 12


def levels_of(html: str, code: str) -> list[str]:
    table = re.search(
        rf'<table class="data help-levels" data-framework="{code}">.*?</table>', html, re.S
    )
    assert table, code
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr data-level.*?</tr>", table.group(0), re.S)
    ]


def test_anyone_reads_how_to_register_assess_and_invite_a_consultant(client, sme_framework):
    html = client.get(URL).content.decode()

    assert "Đăng ký tài khoản và doanh nghiệp" in html
    assert "Bắt đầu đánh giá" in html
    assert "Mời chuyên gia tư vấn" in html
    assert html.count("<details>") >= 5  # the questions often asked, each opening its answer


def test_each_level_of_the_sme_index_says_its_name_and_overall_rule_from_the_catalog(
    client, sme_framework
):
    rule = sme_framework.overall_rules.get(level=3)
    rule.total_above, rule.min_pillars = 130, 5  # the catalog is data: the page follows it
    rule.save()

    rows = levels_of(client.get(URL).content.decode(), "dbi-sme-2021")

    assert len(rows) == 6
    assert rows[0].startswith("0 Chưa khởi động")
    assert rows[3] == "3 Hình thành Tổng điểm trên 130 và ít nhất 5 trụ cột đạt mức này trở lên."
    assert rows[5].startswith("5 Dẫn dắt Tổng điểm trên 256")


def test_a_level_description_of_the_catalog_is_shown(client, sme_framework):
    level = sme_framework.level_names.get(level=4)
    level.description_vi = "Số hóa phần lớn hoạt động."
    level.save()

    rows = levels_of(client.get(URL).content.decode(), "dbi-sme-2021")

    assert rows[4] == "4 Nâng cao Số hóa phần lớn hoạt động."


def test_a_member_sees_the_department_of_the_enterprise_s_province_first(client, owner):
    department = Authority.objects.get(
        kind=Authority.Kind.DEPARTMENT, province=owner.enterprise.province, valid_until=None
    )
    department.phone, department.email = "0270 3822 000", "sokhcn@vinhlong.gov.vn"
    department.save()
    client.force_login(owner.user)

    html = client.get(URL).content.decode()

    mine = re.search(r'<p data-testid="my-department">.*?</p>', html, re.S).group(0)
    assert department.name_vi in mine
    assert 'href="tel:0270 3822 000"' in mine
    assert 'href="mailto:sokhcn@vinhlong.gov.vn"' in mine
    assert "Bộ Khoa học và Công nghệ" in re.search(
        r'<p data-testid="ministry">.*?</p>', html, re.S
    ).group(0)
    listed = re.findall(r"<li data-province=", html)
    assert len(listed) == Authority.objects.filter(kind="department", valid_until=None).count()


def test_a_visitor_sees_every_department_but_no_own_one(client, places):
    html = client.get(URL).content.decode()

    assert 'data-testid="my-department"' not in html
    assert "Sở Khoa học và Công nghệ thành phố Hà Nội" in html


def test_the_page_reads_in_english_once_english_is_chosen(client, sme_framework):
    client.cookies["django_language"] = "en"  # chosen with the language selector

    html = client.get(URL).content.decode()

    assert "<h1>User guide</h1>" in html
    assert levels_of(html, "dbi-sme-2021")[0].startswith("0 Not started")
    assert "Department of Science and Technology of Hà Nội City" in html


def test_every_page_links_to_the_help_from_its_header_and_footer(client, places):
    html = client.get("/accounts/login/").content.decode()

    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert 'href="/help/"' in header
    assert 'href="/help/"' in footer
    assert 'href="/help/#contact"' in footer


def test_the_page_reads_a_fixed_number_of_queries(
    client, owner, sme_framework, django_assert_max_num_queries
):
    client.force_login(owner.user)
    with django_assert_max_num_queries(HELP_QUERIES):
        assert client.get(URL).status_code == 200


def test_every_page_names_its_icon_and_the_browser_s_default_address_leads_to_it(client, places):
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico")  # served by WhiteNoise from the collected static files
    assert finders.find("img/favicon.svg")
