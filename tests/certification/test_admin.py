"""The admin keeps signers as data and shows certificates read-only (changes go through the
services, which check and log them)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from certification.services import certificate_issue

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label == "certification"],
    ids=lambda m: m._meta.label,
)
def test_every_admin_list_opens_and_searches(superuser_client, appraised, issuer, model):
    certificate_issue(assessment_id=appraised.pk, user=issuer)
    url = reverse(f"admin:certification_{model._meta.model_name}_changelist")

    assert superuser_client.get(url).status_code == 200
    assert superuser_client.get(url, {"q": "DBI"}).status_code == 200


def test_a_certificate_cannot_be_edited_in_the_admin(superuser_client, appraised, issuer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    url = reverse("admin:certification_certificate_change", args=[certificate.pk])

    response = superuser_client.post(url, {"status": "valid", "overall_level": 5})

    certificate.refresh_from_db()
    assert certificate.overall_level == 3
    assert response.status_code == 403
