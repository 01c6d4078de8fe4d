"""The review chain taken through the HTTP API, as a client program would: submit, the
province's two steps, the ministry's two, then a ministry issuer issues the certificate."""

from __future__ import annotations

from ..factories import MinistryReviewerFactory, SignerFactory


def step(client, assessment, name: str):
    return client.post(
        f"/api/v1/assessments/{assessment.pk}/transitions/",
        {"name": name, "comment": ""},
        content_type="application/json",
    )


def review_and_certify(client, assessment, *, owner_user, province_officer, ministry_reviewer):
    """Take a fully answered assessment from submission to its certificate; every step must
    succeed. Returns the certificate API's response."""
    for user, names in (
        (owner_user, ("submit",)),
        (province_officer, ("province_start", "province_approve")),
        (ministry_reviewer, ("ministry_start", "ministry_appraise")),
    ):
        client.force_login(user)
        for name in names:
            response = step(client, assessment, name)
            assert response.status_code == 200, (name, response.json())
    SignerFactory()
    client.force_login(MinistryReviewerFactory(can_issue=True).user)
    return client.post(f"/api/v1/assessments/{assessment.pk}/certificate/")
