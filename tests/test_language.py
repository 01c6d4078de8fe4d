"""Vietnamese first: a page is in Vietnamese whatever the browser's language, until the visitor
chooses English with the language selector, which is then remembered; the API still answers in
the language its caller asks for with Accept-Language."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_a_first_visit_from_an_english_browser_is_in_vietnamese(client):
    html = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Log in" not in html


def test_choosing_english_is_remembered_on_the_next_visits(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})

    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] >= 300 * 24 * 60 * 60  # outlives the browser session
    for _visit in range(2):
        html = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert '<html lang="en">' in html
        assert "Log in" in html


def test_choosing_vietnamese_again_brings_vietnamese_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    client.post("/i18n/setlang/", {"language": "vi", "next": LOGIN})

    html = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="vi">' in html


def test_the_api_still_answers_in_the_accept_language_of_its_caller(client):
    english = client.get("/api/v1/frameworks/dbi-nope/", HTTP_ACCEPT_LANGUAGE="en").json()
    vietnamese = client.get("/api/v1/frameworks/dbi-nope/").json()

    assert english["error"]["message"] == "The requested resource was not found."
    assert vietnamese["error"]["message"] != english["error"]["message"]


def test_an_unknown_api_address_answers_in_the_accept_language_too(client):
    response = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "The requested resource was not found."
