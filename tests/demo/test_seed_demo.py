"""manage.py seed_demo: documented logins for every role, each seeing what the README says."""

import pytest
from django.core.management import CommandError, call_command

from enterprises.access import visible_enterprises
from enterprises.models import Enterprise, User

pytestmark = pytest.mark.django_db

# The README's table of demo logins and what each sees.
EXPECTED_VISIBLE = {
    "admin@dbi.local": 31,
    "bo.thamdinh@dbi.local": 31,
    "so.vinhlong@dbi.local": 10,
    "so.phutho@dbi.local": 10,
    "so.dongnai@dbi.local": 10,
    "tuvan@dbi.local": 2,
    "dn.chu@dbi.local": 1,
    "dn.nhanvien@dbi.local": 1,
    "dn.tapdoan@dbi.local": 1,
}


def test_demo_logins_see_what_the_readme_promises(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")

    for email, count in EXPECTED_VISIBLE.items():
        user = User.objects.get(email=email)
        assert visible_enterprises(user).count() == count, email
    response = client.post(
        "/accounts/login/", {"username": "dn.chu@dbi.local", "password": "dbi-demo-2026"}
    )
    assert response.status_code == 302
    assert response.url == "/me/"
    # Staff logins then ask for the documented demo code (tests/enterprises/test_two_factor.py).
    response = client.post(
        "/accounts/login/", {"username": "so.vinhlong@dbi.local", "password": "dbi-demo-2026"}
    )
    assert "Nhập mã xác thực" in response.content.decode()


def test_seed_demo_twice_creates_nothing_more(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    users, enterprises = User.objects.count(), Enterprise.objects.count()

    call_command("seed_demo")

    assert (User.objects.count(), Enterprise.objects.count()) == (users, enterprises)


def test_every_demo_enterprise_has_a_size_class_and_a_valid_province(settings):
    settings.DEBUG = True
    call_command("seed_demo")

    demo = Enterprise.objects.filter(province__code__in=[86, 25, 75])
    assert demo.count() == 30
    assert not demo.filter(size_class="").exists()


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
    assert not User.objects.filter(email="admin@dbi.local").exists()


def test_the_demo_group_shows_its_members_and_weighted_result(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    group = Enterprise.objects.get(tax_code="0109876546")
    client.force_login(User.objects.get(email="dn.tapdoan@dbi.local"))

    page = client.get(f"/enterprises/{group.pk}/group/").content.decode()

    assert group.size_class == "large"
    assert page.count("data-member=") == 3
    assert 'data-share="6500"' in page
    assert 'data-testid="group-result"' in page
