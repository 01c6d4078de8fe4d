"""The SME readiness index through the HTTP API alone: the enterprise rates every reference
question in its column (levels 1–5), reads R in the results, submits; the province and the
ministry take their steps; a ministry issuer issues the certificate, which names the framework.

The levels are those of test_readiness_assessment.py: pillars 1..7 at 3, 4, 2, 5, 1, 3, 4 give
R = 2.85, level 3."""

import pytest
from django.core.management import call_command

from assessments.models import Framework
from assessments.selectors import catalog_index
from assessments.services import assessment_create

from .api_chain import review_and_certify, step

pytestmark = pytest.mark.django_db

CODE = "dbi-sme-readiness-2023"
PILLAR_LEVELS = {"1": 3, "2": 4, "3": 2, "4": 5, "5": 1, "6": 3, "7": 4}


@pytest.fixture
def started(db, owner):
    call_command("load_catalog", CODE, verbosity=0)
    return assessment_create(
        enterprise=owner.enterprise,
        framework=Framework.objects.get(code=CODE),
        period=2026,
        user=owner.user,
    )


def put(client, assessment, code, **body):
    return client.put(
        f"/api/v1/assessments/{assessment.pk}/ratings/{code}/",
        {"column": "self", "version": 0, **body},
        content_type="application/json",
    )


def column(detail, name):
    return next(r for r in detail["results"] if r["column"] == name)


def rate_every_question(client, assessment):
    for pillar in catalog_index(assessment.framework).snapshot.pillars:
        for criterion in pillar.criteria:
            saved = put(client, assessment, criterion.code, level=PILLAR_LEVELS[pillar.code])
            assert saved.status_code == 200, saved.json()


def test_the_results_say_r_in_its_unit(client, started, owner):
    client.force_login(owner.user)
    rate_every_question(client, started)

    detail = client.get(f"/api/v1/assessments/{started.pk}/").json()

    own = column(detail, "self")
    assert detail["framework"] == CODE
    assert (own["unit"], own["score"], own["total"], own["level"]) == ("readiness", 2.85, 2850, 3)
    assert own["pillar_scores"] == {code: float(level) for code, level in PILLAR_LEVELS.items()}


def test_a_level_outside_one_to_five_is_a_400_naming_the_level(client, started, owner):
    client.force_login(owner.user)
    first = catalog_index(started.framework).snapshot.criterion_codes[0]

    response = put(client, started, first, level=0)

    assert response.status_code == 400
    assert "level" in response.json()["error"]["fields"], response.json()
    detail = client.get(f"/api/v1/assessments/{started.pk}/").json()
    assert [r for r in detail["results"] if r["column"] == "self" and r["answered"]] == []


def test_submission_waits_for_every_question(client, started, owner):
    client.force_login(owner.user)
    first = catalog_index(started.framework).snapshot.criterion_codes[0]
    put(client, started, first, level=3)

    response = step(client, started, "submit")

    assert response.status_code == 409
    assert len(response.json()["error"]["fields"]["missing"]) == 31


def test_the_whole_chain_through_the_api(
    client, started, owner, province_officer, ministry_reviewer
):
    client.force_login(owner.user)
    rate_every_question(client, started)

    issued = review_and_certify(
        client,
        started,
        owner_user=owner.user,
        province_officer=province_officer,
        ministry_reviewer=ministry_reviewer,
    )

    assert issued.status_code in (200, 201), issued.json()
    certificate = issued.json()
    assert (certificate["framework_code"], certificate["overall_level"]) == (CODE, 3)
    assert "2158" in certificate["decision"]
    detail = client.get(f"/api/v1/assessments/{started.pk}/").json()
    assert detail["state"] == "appraised"
    assert (column(detail, "ministry")["score"], column(detail, "ministry")["level"]) == (2.85, 3)
