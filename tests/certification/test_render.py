"""The PDF is rendered from the frozen record by a re-runnable task that overwrites its one
file; the download reads only: when the file is missing it queues that task (which, with Celery
eager as here, renders at once) and, while no worker has run it, says the PDF is being
prepared."""

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


class QueueWithoutWorker:
    """Stands in for ``certificate_render_task``: records what is queued, runs nothing."""

    def __init__(self) -> None:
        self.queued: list[int] = []

    def delay(self, *, certificate_id: int) -> None:
        self.queued.append(certificate_id)


@pytest.fixture
def no_worker(monkeypatch):
    queue = QueueWithoutWorker()
    monkeypatch.setattr("certification.services.certificate_render_task", queue)
    return queue


def test_while_the_pdf_is_not_rendered_the_download_says_it_is_being_prepared(
    client, certificate, owner, no_worker
):
    client.force_login(owner.user)

    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Tệp PDF đang được chuẩn bị" in html
    assert certificate.number in html
    assert no_worker.queued == [certificate.pk]
    # Read only: nothing rendered, stored or written on the certificate.
    assert stored_files(certificate) == []
    assert Certificate.objects.get(pk=certificate.pk).pdf.name in ("", None)


def test_waiting_in_english_and_reloading_queue_the_rendering_once(
    client, certificate, owner, no_worker
):
    client.force_login(owner.user)
    client.cookies["django_language"] = "en"

    first = client.get(f"/certificates/{certificate.pk}/pdf/")
    again = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert first.status_code == again.status_code == 202
    assert "The PDF is being prepared" in again.content.decode()
    assert no_worker.queued == [certificate.pk]


def test_a_stored_pdf_is_served_without_queuing_anything(client, certificate, owner, no_worker):
    certificate_render_task.delay(certificate_id=certificate.pk).get()
    client.force_login(owner.user)

    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert no_worker.queued == []
