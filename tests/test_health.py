import pytest

from assessments.models import Framework


@pytest.mark.django_db
def test_health_reports_every_part_ok(client, sme_framework):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "catalog": "ok",
        "worker": "eager",
    }


@pytest.mark.django_db
def test_health_fails_when_no_catalog_is_loaded(client, sme_framework):
    Framework.objects.all().delete()
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["catalog"] == "empty"
