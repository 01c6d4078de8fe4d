"""The admin: every list page opens with search and filters, and decisions go through services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from enterprises.models import Accreditation

from .factories import AccreditationFactory, EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label in ("enterprises", "assessments")],
    ids=lambda m: m._meta.label,
)
def test_every_admin_list_opens_and_searches(superuser_client, model):
    MembershipFactory()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200
    assert superuser_client.get(url, {"q": "0100"}).status_code == 200


def test_admin_approves_accreditations_through_the_service(superuser_client):
    pending = AccreditationFactory(status=Accreditation.Status.PENDING)
    url = reverse("admin:enterprises_accreditation_changelist")

    superuser_client.post(url, {"action": "approve", "_selected_action": [pending.pk]})

    pending.refresh_from_db()
    assert pending.status == Accreditation.Status.APPROVED
    assert pending.decided_by is not None


def test_saving_an_enterprise_in_the_admin_recomputes_its_size(superuser_client):
    enterprise = EnterpriseFactory(employees=5, annual_revenue=1_000_000_000)
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    page = superuser_client.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"employees": 150, "province": enterprise.province_id, "ward": ""})
    data.update(
        {
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise.refresh_from_db()
    # Industry (C): 150 employees is over the small cap (100), within medium (200).
    assert enterprise.size_class == "medium"


def test_a_non_staff_user_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_admin_refuses_a_tax_code_with_a_wrong_check_digit(superuser_client):
    from enterprises.models import Enterprise, Province

    response = superuser_client.post(
        reverse("admin:enterprises_enterprise_add"),
        {
            "tax_code": "0100109107",
            "name_vi": "Công ty Sai Số",
            "kind": "enterprise",
            "province": Province.objects.get(code=86).pk,
            "sector_section": "C",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        },
    )

    assert response.status_code == 200
    assert "chữ số kiểm tra" in response.content.decode()
    assert not Enterprise.objects.filter(name_vi="Công ty Sai Số").exists()
