"""Review API: evidence files (upload checked by content, download only for those who see the
assessment), the history of changes and steps, and the four-column comparison; strangers 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence_files import MAX_EVIDENCE_BYTES
from assessments.models import Assessment, Column, Evidence
from assessments.selectors import catalog_index
from assessments.services import assessment_return, assessment_transition, rating_save

from ..factories import (
    UserFactory,
)
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program"
REFUSED_VI = "Chỉ nhận tệp PDF, PNG, JPEG, Excel (.xlsx) hoặc Word (.docx)"
REFUSED_EN = "Only PDF, PNG, JPEG, Excel (.xlsx) or Word (.docx) files are accepted"


@pytest.fixture
def setup(assessment, owner, province_officer, sme_framework):
    """The shared cast (tests/cast.py): a draft, its owner, a province officer who approves."""
    catalog_index(sme_framework)  # cached per process: the pinned counts are the steady state
    return assessment, owner.user, province_officer


def upload(client, assessment, name="bien-ban.pdf", content=PDF, language="vi", **fields):
    return client.post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {"criterion": "1.1.1", "column": "self", "file": SimpleUploadedFile(name, content)}
        | fields,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def save(assessment, user, column, code, level, *, version=0, reason=""):
    rating_save(
        assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
        user=user, expected_version=version, reason=reason,
    )  # fmt: skip


# Evidence ---------------------------------------------------------------------------------------


def test_a_member_uploads_a_pdf_and_lists_it(client, setup, django_assert_max_num_queries):
    assessment, owner, _officer = setup
    client.force_login(owner)

    with django_assert_max_num_queries(11):  # with the lock, the role check and the insert
        response = upload(client, assessment)

    assert response.status_code == 201
    body = response.json()
    evidence = Evidence.objects.get()
    assert body["id"] == evidence.pk
    assert (body["criterion"], body["column"], body["file_name"]) == (
        "1.1.1", "self", "bien-ban.pdf",
    )  # fmt: skip
    assert (body["size"], body["content_type"]) == (len(PDF), "application/pdf")
    assert body["uploaded_by"] == str(owner)
    assert body["download_url"].endswith(f"/api/v1/evidence/{evidence.pk}/")

    listed = client.get(f"/api/v1/assessments/{assessment.pk}/evidence/").json()
    assert [item["id"] for item in listed] == [evidence.pk]


def test_the_list_filters_by_criterion_and_column_in_flat_queries(
    client, setup, django_assert_max_num_queries
):
    assessment, owner, _officer = setup
    client.force_login(owner)
    for code in ["1.1.1", "1.1.1", "2.1.1", "3.1.1", "3.1.2"]:
        assert upload(client, assessment, criterion=code).status_code == 201
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"

    with django_assert_max_num_queries(6):  # the request savepoint, session, user, assessment, list
        everything = client.get(url).json()
    only_111 = client.get(url, {"criterion": "1.1.1"}).json()
    other_column = client.get(url, {"column": "province"}).json()

    assert len(everything) == 5
    assert [item["criterion"] for item in only_111] == ["1.1.1", "1.1.1"]
    assert other_column == []
    assert client.get(url, {"column": "nobody"}).status_code == 400


def test_a_renamed_executable_is_refused_with_the_pages_message(client, setup):
    assessment, owner, _officer = setup
    client.force_login(owner)

    response = upload(client, assessment, name="bao-cao.pdf", content=EXECUTABLE)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["file"][0].startswith(REFUSED_VI)
    assert not Evidence.objects.exists()


def test_the_refusal_is_in_english_for_an_english_client(client, setup):
    assessment, owner, _officer = setup
    client.force_login(owner)

    response = upload(client, assessment, name="bao-cao.pdf", content=EXECUTABLE, language="en")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"][0].startswith(REFUSED_EN)


def test_a_file_over_the_limit_is_refused(client, setup):
    assessment, owner, _officer = setup
    client.force_login(owner)
    big = b"%PDF-1.7\n" + b"0" * MAX_EVIDENCE_BYTES

    response = upload(client, assessment, name="lon.pdf", content=big)

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"][0].startswith("Tệp quá lớn")
    assert not Evidence.objects.exists()


def test_an_unknown_criterion_is_a_field_error(client, setup):
    assessment, owner, _officer = setup
    client.force_login(owner)

    response = upload(client, assessment, criterion="9.9.9")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["criterion"] == [
        "Không có tiêu chí mã này trong bộ chỉ số dbi-sme-2021."
    ]


def test_the_wrong_role_is_403_and_a_closed_column_409(client, setup):
    assessment, owner, officer = setup
    client.force_login(officer)
    refused = upload(client, assessment)  # the officer does not fill in the self column
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_your_column"

    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(owner)
    closed = upload(client, assessment)
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "column_closed"
    assert not Evidence.objects.exists()


def test_the_download_is_the_uploaded_file(client, setup):
    assessment, owner, officer = setup
    client.force_login(owner)
    url = upload(client, assessment).json()["download_url"]

    client.force_login(officer)  # anyone who sees the assessment may read its evidence
    response = client.get(url, HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_strangers_neither_see_nor_add_nor_download_evidence(client, setup):
    assessment, owner, _officer = setup
    client.force_login(owner)
    evidence_id = upload(client, assessment).json()["id"]

    client.force_login(UserFactory())
    assert client.get(f"/api/v1/assessments/{assessment.pk}/evidence/").status_code == 404
    assert upload(client, assessment).status_code == 404
    download = client.get(f"/api/v1/evidence/{evidence_id}/")
    assert download.status_code == 404
    assert download.json()["error"]["code"] == "not_found"
    assert Evidence.objects.count() == 1


# History ----------------------------------------------------------------------------------------


def test_the_history_shows_changes_and_steps_in_order_with_reasons(
    client, setup, ministry_reviewer, django_assert_max_num_queries
):
    assessment, owner, officer = setup
    save(assessment, owner, Column.SELF, "1.1.1", 2)
    save(assessment, owner, Column.SELF, "1.1.1", 3, version=1)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    save(assessment, officer, Column.PROVINCE, "1.1.1", 1)
    assessment_return(assessment_id=assessment.pk, user=officer, comment="Thiếu minh chứng")
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.MINISTRY_APPRAISAL)
    reviewer = ministry_reviewer
    save(assessment, reviewer, Column.MINISTRY, "2.1.1", 4, reason="Theo biên bản kiểm tra")
    assessment_transition(
        assessment_id=assessment.pk, name="ministry_appraise", user=reviewer, comment="Đạt"
    )
    client.force_login(owner)

    with django_assert_max_num_queries(7):  # the same as for 55 entries
        response = client.get(f"/api/v1/assessments/{assessment.pk}/history/")

    body = response.json()
    assert body["count"] == 6
    entries = body["results"]
    assert [(e["kind"], e["column"], e["criterion"]) for e in entries] == [
        ("rating", "self", "1.1.1"),
        ("rating", "self", "1.1.1"),
        ("rating", "province", "1.1.1"),
        ("transition", "", None),
        ("rating", "ministry", "2.1.1"),
        ("transition", "", None),
    ]
    assert [(e["old_level"], e["new_level"]) for e in entries] == [
        (None, 2), (2, 3), (None, 1), (None, None), (None, 4), (None, None),
    ]  # fmt: skip
    assert [(e["from_state"], e["to_state"]) for e in entries if e["kind"] == "transition"] == [
        ("province_review", "returned"),
        ("ministry_appraisal", "appraised"),
    ]
    assert [e["actor"] for e in entries] == [str(owner)] * 2 + [str(officer)] * 2 + [
        str(reviewer)
    ] * 2
    assert [e["reason"] for e in entries] == [
        "", "", "", "Thiếu minh chứng", "Theo biên bản kiểm tra", "Đạt",
    ]  # fmt: skip
    assert all(e["at"] for e in body["results"])


def test_the_history_is_paginated_with_flat_queries(client, setup, django_assert_max_num_queries):
    assessment, owner, _officer = setup
    for level in range(1, 6):  # 11 criteria × 5 changes = 55 entries
        for code in ALL_CODES[:11]:
            save(assessment, owner, Column.SELF, code, level, version=level - 1)
    client.force_login(owner)
    url = f"/api/v1/assessments/{assessment.pk}/history/"

    with django_assert_max_num_queries(7):  # savepoint, session, user, assessment, count, page
        first = client.get(url).json()
    second = client.get(url, {"page": 2}).json()

    assert first["count"] == second["count"] == 55
    assert len(first["results"]) == 50
    assert len(second["results"]) == 5
    assert [e["new_level"] for e in second["results"]] == [5] * 5
    assert first["next"].endswith("page=2")
    assert second["previous"] is not None


# Comparison -------------------------------------------------------------------------------------


def test_the_comparison_marks_differences_and_gives_each_columns_result(
    client, setup, django_assert_max_num_queries
):
    assessment, owner, officer = setup
    for code, level in {"1.1.1": 3, "2.1.1": 2}.items():
        save(assessment, owner, Column.SELF, code, level)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    for code, level in {"1.1.1": 3, "2.1.1": 4, "3.1.1": 1}.items():
        save(assessment, officer, Column.PROVINCE, code, level)
    client.force_login(owner)

    # 4 per request + 9 for the table + 1 for the ministry's reasons, whatever the size
    with django_assert_max_num_queries(14):
        response = client.get(f"/api/v1/assessments/{assessment.pk}/comparison/")

    body = response.json()
    criteria = {c["code"]: c for c in body["criteria"]}
    assert len(criteria) == 60
    assert criteria["2.1.1"]["levels"] == {
        "self": 2, "consultant": None, "province": 4, "ministry": None,
    }  # fmt: skip
    assert criteria["2.1.1"]["differs"] is True
    assert criteria["1.1.1"]["differs"] is False  # the same level twice
    assert criteria["3.1.1"]["differs"] is False  # only one column rated it
    assert criteria["6.1.7"] == criteria["6.1.7"] | {
        "pillar": "6",
        "levels": {"self": None, "consultant": None, "province": None, "ministry": None},
        "differs": False,
    }
    assert [c["code"] for c in body["criteria"] if c["differs"]] == ["2.1.1"]

    columns = {c["column"]: c for c in body["columns"]}
    assert list(columns) == ["self", "consultant", "province", "ministry"]
    # Self: 3 + 2×5 = 13 points; province: 3 + 4×5 + 1 = 24 points.
    assert (columns["self"]["total"], columns["self"]["level"]) == (13, 0)
    assert (columns["province"]["total"], columns["province"]["answered"]) == (24, 3)
    assert {"code": "2", "points": 20, "level": 4} in columns["province"]["pillars"]
    assert {"code": "2", "points": 10, "level": 2} in columns["self"]["pillars"]
    assert columns["consultant"]["total"] is None
    assert columns["consultant"]["pillars"][0] == {"code": "1", "points": None, "level": None}


@pytest.mark.parametrize("path", ["evidence/", "history/", "comparison/"])
def test_strangers_get_404(client, setup, path):
    assessment, _owner, _officer = setup
    client.force_login(UserFactory())

    response = client.get(f"/api/v1/assessments/{assessment.pk}/{path}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["evidence/", "history/", "comparison/"])
def test_anonymous_callers_are_refused(client, setup, path):
    assessment, _owner, _officer = setup
    response = client.get(f"/api/v1/assessments/{assessment.pk}/{path}")
    assert response.status_code == 403
