"""Issuing many certificates at once: a background task works through the batch and the page
polls its progress; assessments that already have a certificate are skipped, refusals are
listed; only ministry issuers may start or watch a batch."""

import pytest
from django.db import OperationalError, connection

from certification.models import Certificate, CertificateBatch
from certification.services import certificate_batch_run, certificate_issue, certificate_issue_batch
from certification.tasks import certificate_batch_task

from ..refusals import refused
from .conftest import appraised_assessment

pytestmark = pytest.mark.django_db


def test_a_batch_issues_skips_and_reports(signer, issuer, django_capture_on_commit_callbacks):
    fresh = [appraised_assessment() for _ in range(3)]
    certified = appraised_assessment()
    certificate_issue(assessment_id=certified.pk, user=issuer)
    partial = appraised_assessment(skip=5)
    ids = [a.pk for a in fresh] + [certified.pk, partial.pk, fresh[0].pk]

    with django_capture_on_commit_callbacks(execute=True):
        batch = certificate_issue_batch(assessment_ids=ids, user=issuer)

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.issued, batch.skipped, batch.failed) == (
        "done",
        5,
        3,
        1,
        1,
    )
    assert batch.progress_percent == 100
    assert batch.problems == [
        {"assessment_id": partial.pk, "message": batch.problems[0]["message"]}
    ]
    assert "55/60" in batch.problems[0]["message"]
    assert Certificate.objects.filter(status="valid").count() == 4
    numbers = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_a_rerun_carries_on_where_it_stopped(signer, issuer):
    assessments = [appraised_assessment() for _ in range(3)]
    batch = CertificateBatch.objects.create(
        created_by=issuer,
        assessment_ids=[a.pk for a in assessments],
        total=3,
        issued=1,
        processed=1,
    )

    certificate_batch_run(batch_id=batch.pk)

    assert not Certificate.objects.filter(assessment=assessments[0]).exists()
    assert Certificate.objects.filter(assessment__in=assessments[1:]).count() == 2
    assert certificate_batch_run(batch_id=batch.pk).issued == 3


def test_only_issuers_start_a_batch(appraised, people):
    with refused("not_issuer"):
        certificate_issue_batch(assessment_ids=[appraised.pk], user=people["appraiser"])


def test_an_empty_batch_is_refused(issuer):
    with refused("empty_batch"):
        certificate_issue_batch(assessment_ids=[], user=issuer)


def test_the_page_lists_what_may_be_issued_and_starts_a_batch(
    client, signer, issuer, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    waiting = [appraised_assessment() for _ in range(3)]
    certificate_issue(assessment_id=waiting[2].pk, user=issuer)
    client.force_login(issuer)

    with django_assert_max_num_queries(9):
        html = client.get("/certificates/batch/").content.decode()
    assert f'value="{waiting[0].pk}"' in html
    assert f'value="{waiting[2].pk}"' not in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/certificates/batch/", {"assessment": [waiting[0].pk, waiting[1].pk]}
        )
    batch = CertificateBatch.objects.get()
    assert response["Location"] == f"/certificates/batch/{batch.pk}/"
    assert Certificate.objects.filter(status="valid").count() == 3


def test_issue_all_takes_every_waiting_assessment(
    client, signer, issuer, django_capture_on_commit_callbacks
):
    for _ in range(4):
        appraised_assessment()
    client.force_login(issuer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/certificates/batch/", {"all": "yes"})

    assert CertificateBatch.objects.get().total == 4
    assert Certificate.objects.count() == 4


def test_the_progress_fragment_polls_until_done(client, issuer):
    batch = CertificateBatch.objects.create(
        created_by=issuer,
        assessment_ids=[1, 2, 3, 4],
        total=4,
        issued=1,
        processed=1,
        status="running",
    )
    client.force_login(issuer)

    fragment = client.get(
        f"/certificates/batch/{batch.pk}/?progress=1", HTTP_HX_REQUEST="true"
    ).content.decode()

    assert fragment.startswith('<div id="batch-progress"')
    assert 'hx-trigger="every 1s"' in fragment
    assert '<progress max="100" value="25">' in fragment

    CertificateBatch.objects.filter(pk=batch.pk).update(status="done", issued=4, processed=4)
    page = client.get(f"/certificates/batch/{batch.pk}/").content.decode()
    assert "<h1>" in page
    assert "hx-trigger" not in page
    assert '<progress max="100" value="100">' in page


@pytest.mark.parametrize("role", ["member", "consultant", "officer", "appraiser", "stranger"])
def test_other_roles_may_not_use_batches(client, appraised, issuer, people, role):
    batch = CertificateBatch.objects.create(created_by=issuer, assessment_ids=[], total=0)
    client.force_login(people[role])

    assert client.get("/certificates/batch/").status_code == 403
    assert client.post("/certificates/batch/", {"all": "yes"}).status_code == 403
    assert client.get(f"/certificates/batch/{batch.pk}/").status_code == 403
    assert CertificateBatch.objects.count() == 1


def test_a_batch_whose_task_dies_past_its_retries_says_failed_and_stops_polling(
    client, signer, issuer
):
    assessments = [appraised_assessment() for _ in range(2)]
    batch = CertificateBatch.objects.create(
        created_by=issuer, assessment_ids=[a.pk for a in assessments], total=2
    )

    def database_down(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith('INSERT INTO "CERTIFICATION_CERTIFICATE"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_down), pytest.raises(OperationalError):
        certificate_batch_task.apply(
            kwargs={"batch_id": batch.pk}, retries=certificate_batch_task.max_retries
        )

    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.finished_at is not None
    client.force_login(issuer)
    fragment = client.get(
        f"/certificates/batch/{batch.pk}/?progress=1", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in fragment
    assert "hx-get" not in fragment
    assert 'data-status="failed"' in fragment
    assert "Bị dừng do lỗi" in fragment
    assert "Đợt cấp đã dừng vì lỗi hệ thống" in fragment
    client.cookies["django_language"] = "en"  # chosen with the language selector
    english = client.get(f"/certificates/batch/{batch.pk}/").content.decode()
    assert "hx-trigger" not in english
    assert "The batch stopped after repeated system errors" in english
