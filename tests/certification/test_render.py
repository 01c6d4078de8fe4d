"""The PDF is rendered from the frozen record by a re-runnable task that overwrites its one
file; the download renders it on demand when the file is missing."""

import pytest
from django.core.files.storage import default_storage

from certification.models import Certificate
from certification.services import certificate_issue, pdf_name
from certification.tasks import certificate_render_task

pytestmark = pytest.mark.django_db

pytest.importorskip("certification.pdf", reason="the PDF renderer has not landed yet")


@pytest.fixture
def certificate(appraised, issuer):
    return certificate_issue(assessment_id=appraised.pk, user=issuer)


def stored_files(certificate) -> list[str]:
    folder = f"certificates/{certificate.year}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_issuing_queues_the_rendering(appraised, issuer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    certificate.refresh_from_db()
    assert certificate.pdf.name == pdf_name(certificate)
    assert certificate.pdf_rendered_at is not None
    with default_storage.open(certificate.pdf.name, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_rendering_twice_leaves_one_file(certificate):
    first = certificate_render_task.delay(certificate_id=certificate.pk).get()
    second = certificate_render_task.delay(certificate.pk).get()

    assert first == second == f"certificates/{certificate.year}/{certificate.number}.pdf"
    assert stored_files(certificate) == [f"{certificate.number}.pdf"]
    certificate.refresh_from_db()
    assert certificate.pdf.name == first


@pytest.mark.parametrize("role", ["member", "consultant", "officer", "appraiser"])
def test_the_enterprise_and_its_assessors_download_it(client, certificate, people, role):
    client.force_login(people[role])

    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{certificate.number}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_missing_file_is_rendered_on_demand(client, certificate, owner):
    certificate_render_task.delay(certificate_id=certificate.pk).get()
    default_storage.delete(pdf_name(certificate))
    client.force_login(owner.user)

    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert stored_files(certificate) == [f"{certificate.number}.pdf"]
    assert Certificate.objects.get(pk=certificate.pk).pdf.name == pdf_name(certificate)
