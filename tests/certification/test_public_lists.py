"""Public search by certificate number or tax code, and the honour list of certified
enterprises (valid certificates only, latest per enterprise, opt-out respected, filters)."""

import re
from html import unescape

import pytest
from django.core.cache import cache

from certification.models import Certificate, HonourOptOut
from certification.services import certificate_issue, certificate_revoke
from enterprises.models import Province

from ..factories import EnterpriseFactory
from .conftest import appraised_assessment, backdate

pytestmark = pytest.mark.django_db


def issue(issuer, **kwargs):
    return certificate_issue(assessment_id=appraised_assessment(**kwargs).pk, user=issuer)


def test_search_finds_a_certificate_by_number(client, signer, issuer):
    wanted, other = issue(issuer), issue(issuer)

    html = client.get("/chung-nhan/", {"number": wanted.number.lower()}).content.decode()

    assert f"/chung-nhan/{wanted.verification_code}/" in html
    assert other.number not in html


def test_search_finds_every_certificate_of_a_tax_code(client, signer, issuer):
    enterprise = EnterpriseFactory()
    old = issue(issuer, enterprise=enterprise, period=2025)
    new = issue(issuer, enterprise=enterprise, period=2026)
    stranger = issue(issuer)

    html = client.get("/chung-nhan/", {"tax_code": f" {enterprise.tax_code} "}).content.decode()

    assert old.number in html
    assert new.number in html
    assert stranger.number not in html


def test_search_without_terms_lists_nothing(client, signer, issuer):
    certificate = issue(issuer)

    html = client.get("/chung-nhan/").content.decode()

    assert certificate.number not in html
    assert "Không tìm thấy chứng nhận nào." not in html


def test_search_says_when_nothing_matches(client, sme_framework):
    html = client.get("/chung-nhan/", {"number": "DBI-2026-424242"}).content.decode()

    assert "Không tìm thấy chứng nhận nào." in html


def test_search_is_paginated_in_constant_queries(
    client, signer, issuer, django_assert_max_num_queries
):
    enterprise = EnterpriseFactory()
    for period in range(2021, 2027):
        assessment = appraised_assessment(enterprise=enterprise, period=period)
        for _ in range(4):  # re-issued: every certificate stays on record
            certificate_issue(assessment_id=assessment.pk, user=issuer)

    with django_assert_max_num_queries(4):
        html = client.get("/chung-nhan/", {"tax_code": enterprise.tax_code}).content.decode()

    assert html.count("/chung-nhan/") >= 20
    assert "Trang 1/2" in html


def test_the_honour_list_shows_valid_certificates_only(client, signer, issuer):
    listed = issue(issuer)
    revoked = issue(issuer)
    certificate_revoke(certificate_id=revoked.pk, user=issuer, reason="Sai")
    expired = backdate(issue(issuer), days=400)

    html = client.get("/vinh-danh/").content.decode()

    assert listed.enterprise_name in html
    assert revoked.enterprise_name not in html
    assert expired.enterprise_name not in html


def test_an_enterprise_appears_once_with_its_latest_certificate(client, signer, issuer):
    enterprise = EnterpriseFactory(name_vi="Hợp tác xã Bưởi Năm Roi")
    issue(issuer, enterprise=enterprise, period=2025, level=2)
    latest = issue(issuer, enterprise=enterprise, period=2026, level=3)

    html = client.get("/vinh-danh/").content.decode()

    assert html.count("Hợp tác xã Bưởi Năm Roi") == 1
    assert f"/chung-nhan/{latest.verification_code}/" in html


def test_an_enterprise_that_opted_out_is_not_listed(client, signer, issuer, owner):
    certificate = issue(issuer, enterprise=owner.enterprise)
    HonourOptOut.objects.create(enterprise=owner.enterprise, decided_by=owner.user)

    html = client.get("/vinh-danh/").content.decode()

    assert certificate.enterprise_name not in html
    # …but its certificate still verifies.
    assert client.get(f"/chung-nhan/{certificate.verification_code}/").status_code == 200


def test_the_honour_list_filters_by_level_province_and_sector(client, signer, issuer):
    hanoi = Province.objects.get(code=1)
    a = issue(issuer, enterprise=EnterpriseFactory(sector_section="C"), level=3)
    b = issue(issuer, enterprise=EnterpriseFactory(sector_section="J"), level=2)
    c = issue(issuer, enterprise=EnterpriseFactory(sector_section="J", province=hanoi), level=3)

    def names(**params) -> set[str]:
        html = client.get("/vinh-danh/", params).content.decode()
        return {x.enterprise_name for x in (a, b, c) if x.enterprise_name in html}

    assert names() == {a.enterprise_name, b.enterprise_name, c.enterprise_name}
    assert names(level=3) == {a.enterprise_name, c.enterprise_name}
    assert names(province=hanoi.pk) == {c.enterprise_name}
    assert names(sector="J") == {b.enterprise_name, c.enterprise_name}
    assert names(sector="J", level=2) == {b.enterprise_name}
    assert names(level="rubbish") == {a.enterprise_name, b.enterprise_name, c.enterprise_name}


# --- keyset pages and the cache ------------------------------------------------------------------
#
# The honour list is read by keyset: "next" and "previous" links carry a signed cursor (the last
# or first row's sort key), no page number, no count. Expected orders below are computed by hand
# from the rule: level high to low, then points high to low, then name A→Z, then id.

LIST_MISS_QUERIES = 3  # listed frameworks, the page (with enterprises), provinces
LIST_HIT_QUERIES = 0  # served from the cache: no savepoint either (reads only, no transaction)


def rows_of(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-certificate="(\d+)"', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def walk(client, url: str, params: dict | None = None) -> list[list[int]]:
    """Every page from the first, following "next" links."""
    pages, html = [], client.get(url, params or {}).content.decode()
    while True:
        pages.append(rows_of(html))
        query = link(html, "next")
        if query is None:
            return pages
        html = client.get(f"{url}?{query}").content.decode()


@pytest.fixture
def many(signer, issuer, monkeypatch):
    """Eleven certified enterprises with ties at every step of the order (same level, same
    points, same name), in pages of three; returns the certificates in the expected order."""
    monkeypatch.setattr("certification.views.PUBLIC_PAGE_SIZE", 3)
    specs = [  # (level, points, name)
        (3, 200, "Bến Tre"), (3, 200, "Bến Tre"), (3, 200, "An Giang"), (3, 180, "Cà Mau"),
        (3, 180, "Cà Mau"), (2, 150, "Đồng Tháp"), (2, 150, "Đồng Tháp"), (2, 150, "Đồng Tháp"),
        (2, 120, "Bạc Liêu"), (4, 250, "Long An"), (3, 200, "Bến Tre"),
    ]  # fmt: skip
    made = []
    for level, points, name in specs:
        certificate = issue(issuer, level=3)
        Certificate.objects.filter(pk=certificate.pk).update(
            overall_level=level, total_points=points, enterprise_name=name
        )
        made.append((-level, -points, name, certificate.pk))
    return [pk for *_key, pk in sorted(made)]


def test_the_honour_list_walks_every_page_once_in_order(client, many):
    pages = walk(client, "/vinh-danh/")

    assert [len(p) for p in pages] == [3, 3, 3, 2]
    assert [pk for page in pages for pk in page] == many  # no gap, no duplicate, ties by id


def test_previous_links_lead_back_through_the_same_pages(client, many):
    html = client.get("/vinh-danh/").content.decode()
    assert link(html, "prev") is None
    forward = [rows_of(html)]
    while (query := link(html, "next")) is not None:
        html = client.get(f"/vinh-danh/?{query}").content.decode()
        forward.append(rows_of(html))
    assert 'data-testid="first-page"' in html

    backward = [rows_of(html)]
    while (query := link(html, "prev")) is not None:
        html = client.get(f"/vinh-danh/?{query}").content.decode()
        backward.append(rows_of(html))

    assert backward == forward[::-1]


def test_filters_are_kept_in_the_links(client, many):
    html = client.get("/vinh-danh/", {"level": 3}).content.decode()
    query = link(html, "next")

    assert "level=3" in query
    pages = walk(client, "/vinh-danh/", {"level": 3})
    levels = dict(Certificate.objects.values_list("pk", "overall_level"))
    shown = [pk for page in pages for pk in page]
    assert shown == [pk for pk in many if levels[pk] == 3]


@pytest.mark.parametrize(
    "cursor",
    ["rubbish", "", "a" * 5000, "W1siaG9ub3VyIl1d:1tQ:bad", "eyJ4IjoxfQ"],
    ids=["junk", "empty", "long", "bad-signature", "unsigned"],
)
def test_a_bad_cursor_reads_as_the_first_page(client, many, cursor):
    response = client.get("/vinh-danh/", {"cursor": cursor})

    assert response.status_code == 200
    assert rows_of(response.content.decode()) == many[:3]


def test_a_cursor_of_the_rankings_is_not_one_of_the_honour_list(client, many):
    from dbi_portal.keyset import Cursor, cursor_dumps
    from reports.rankings import RANKING_ORDER

    token = cursor_dumps(RANKING_ORDER, Cursor((-200, "Bến Tre", many[2])))
    response = client.get("/vinh-danh/", {"cursor": token})

    assert rows_of(response.content.decode()) == many[:3]


def test_the_honour_list_reads_a_page_in_constant_queries(
    client, signer, issuer, django_assert_max_num_queries
):
    for _ in range(25):
        issue(issuer)

    with django_assert_max_num_queries(LIST_MISS_QUERIES):
        html = client.get("/vinh-danh/").content.decode()
    assert html.count('data-level="3"') == 20
    with django_assert_max_num_queries(LIST_MISS_QUERIES):
        last = client.get(f"/vinh-danh/?{link(html, 'next')}").content.decode()
    assert last.count('data-level="3"') == 5
    assert link(last, "next") is None


def test_a_page_once_rendered_is_served_from_the_cache(
    client, signer, issuer, django_assert_num_queries
):
    first = issue(issuer)
    html = client.get("/vinh-danh/").content.decode()
    later = issue(issuer)  # shows once the cached page expires (DBI_PUBLIC_CACHE_SECONDS)

    with django_assert_num_queries(LIST_HIT_QUERIES):
        again = client.get("/vinh-danh/").content.decode()

    assert rows_of(again) == rows_of(html) == [first.pk]
    cache.clear()
    assert later.pk in rows_of(client.get("/vinh-danh/").content.decode())


def test_the_cache_tells_languages_filters_and_sign_ins_apart(client, signer, issuer, owner):
    issue(issuer, level=3)
    vietnamese = client.get("/vinh-danh/").content.decode()
    client.cookies["django_language"] = "en"  # chosen with the language selector
    english = client.get("/vinh-danh/").content.decode()
    client.cookies["django_language"] = "vi"
    filtered = client.get("/vinh-danh/", {"level": 2}).content.decode()

    assert "Xác minh" in vietnamese
    assert "Verify" in english
    assert "Xác minh" not in english
    assert "data-level" not in filtered
    client.force_login(owner.user)
    signed_in = client.get("/vinh-danh/").content.decode()
    assert rows_of(signed_in) == rows_of(vietnamese)  # the same list, under the member's menu
