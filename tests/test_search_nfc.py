"""Searching enterprises by name finds "Nguyễn" whether the query was typed composed or
decomposed (NFD), on every database; on PostgreSQL also typed without its diacritics."""

import unicodedata

import pytest
from django.db import connection

from .factories import EnterpriseFactory, MinistryReviewerFactory

pytestmark = pytest.mark.django_db

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="searching without diacritics uses PostgreSQL's unaccent; SQLite (the development "
    "default) finds composed and decomposed text but not text typed without its accents",
)


@pytest.fixture
def names():
    return {
        "thang": EnterpriseFactory(name_vi="Công ty TNHH Nguyễn Đức Thắng").pk,
        "dua": EnterpriseFactory(name_vi="Hợp tác xã Dừa Bến Tre").pk,
        "other": EnterpriseFactory(name_vi="Công ty Cổ phần Gỗ Đồng Nai").pk,
    }


@pytest.fixture
def search(client, names):
    client.force_login(MinistryReviewerFactory().user)

    def found(query: str) -> set[str]:
        response = client.get("/api/v1/enterprises/", {"q": query})
        assert response.status_code == 200
        by_pk = {pk: key for key, pk in names.items()}
        return {by_pk[row["id"]] for row in response.json()["results"] if row["id"] in by_pk}

    return found


def test_a_query_typed_decomposed_finds_the_composed_name(search):
    query = unicodedata.normalize("NFD", "Nguyễn Đức")
    assert query != "Nguyễn Đức"

    assert search(query) == {"thang"}
    assert search("Nguyễn Đức") == {"thang"}


def test_the_list_page_finds_a_decomposed_query_too(client, names):
    client.force_login(MinistryReviewerFactory().user)

    response = client.get("/enterprises/", {"q": unicodedata.normalize("NFD", "Dừa Bến")})

    assert "Hợp tác xã Dừa Bến Tre" in response.content.decode()
    assert "Nguyễn Đức Thắng" not in response.content.decode()


def test_a_name_saved_decomposed_is_found_by_a_composed_query(search, names):
    names["troi"] = EnterpriseFactory(
        name_vi=unicodedata.normalize("NFD", "Công ty Nguyễn Văn Trỗi")
    ).pk

    assert search("Nguyễn Văn Trỗi") == {"troi"}
    assert search("Nguyễn") == {"thang", "troi"}


@on_postgresql_only
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Nguyen Duc Thang", {"thang"}),
        ("nguyen duc", {"thang"}),
        ("NGUYEN", {"thang"}),
        ("Dua Ben Tre", {"dua"}),
        ("dong nai", {"other"}),
        ("Nguyẽn", {"thang"}),  # a wrong tone mark: the letters still match
    ],
)
def test_on_postgresql_a_query_without_diacritics_finds_the_name(search, query, expected):
    assert search(query) == expected


@on_postgresql_only
def test_on_postgresql_a_percent_sign_in_the_query_is_a_letter(search):
    assert search("%") == set()
