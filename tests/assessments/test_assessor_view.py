"""Assessors work beside the earlier columns: the ministry sees the enterprise's, the
consultant's and the province's level and note for each criterion, and everyone sees the evidence
files listed under the criterion — on the page and in the fragment an autosave returns."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Assessment, Column
from assessments.services import assessment_create, evidence_add, rating_save

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"
State = Assessment.State


def move(assessment, state):
    # Tests of what a page shows start from a state; the transitions have their own tests.
    Assessment.objects.filter(pk=assessment.pk).update(state=state)


def save(assessment, user, column, code, level, note=""):
    rating_save(
        assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
        note=note, user=user, reason="Đối chiếu hồ sơ", expected_version=0,
    )  # fmt: skip


@pytest.fixture
def chain(sme_framework, owner, consultant, province_assessor, ministry_reviewer):
    """An assessment scored in three columns: self 4, consultant 3, province 2 on 1.1.1 (by the
    shared cast, tests/cast.py)."""
    enterprise = owner.enterprise
    assessment = assessment_create(
        enterprise=enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    save(assessment, owner.user, Column.SELF, "1.1.1", 4, "Website cập nhật hằng tháng")
    evidence_add(
        assessment_id=assessment.pk, column=Column.SELF, criterion_code="1.1.1",
        upload=SimpleUploadedFile("ảnh-chụp-website.pdf", PDF), user=owner.user,
    )  # fmt: skip
    move(assessment, State.CONSULTANT_ASSESSING)
    save(assessment, consultant.user, Column.CONSULTANT, "1.1.1", 3, "Thiếu phần tiếng Anh")
    officer = province_assessor
    move(assessment, State.PROVINCE_REVIEW)
    save(assessment, officer, Column.PROVINCE, "1.1.1", 2)
    reviewer = ministry_reviewer
    return {"assessment": assessment, "owner": owner.user, "officer": officer, "reviewer": reviewer}


def beside(page: str, code: str) -> list[tuple[str, str]]:
    """(column, level) pairs shown beside ``code``, in page order."""
    block = page[page.index(f'id="criterion-{code}"') :]
    block = block[: block.index("</fieldset>")]
    return re.findall(r'data-column="(\w+)" data-level="(\d*)"', block)


def test_the_ministry_sees_the_three_earlier_columns_in_order(client, chain):
    move(chain["assessment"], State.MINISTRY_APPRAISAL)
    client.force_login(chain["reviewer"])

    page = client.get(f"/assessments/{chain['assessment'].pk}/").content.decode()

    assert beside(page, "1.1.1") == [("self", "4"), ("consultant", "3"), ("province", "2")]
    assert "Thiếu phần tiếng Anh" in page
    assert "Website cập nhật hằng tháng" in page


def test_the_province_sees_the_enterprise_and_consultant_but_not_later_columns(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    assert beside(page, "1.1.1") == [("self", "4"), ("consultant", "3")]
    assert beside(page, "1.1.2") == []


def test_evidence_files_are_listed_under_their_criterion_with_a_download_link(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    block = page[page.index('id="criterion-1.1.1"') :]
    block = block[: block.index("</fieldset>")]
    assert "ảnh-chụp-website.pdf" in block
    link = re.search(r'href="(/evidence/\d+/)"', block).group(1)
    assert b"".join(client.get(link).streaming_content) == PDF


def test_an_autosave_keeps_the_earlier_columns_and_files_beside_the_criterion(client, chain):
    assessment = chain["assessment"]
    move(assessment, State.MINISTRY_APPRAISAL)
    client.force_login(chain["reviewer"])

    fragment = client.post(
        f"/assessments/{assessment.pk}/ratings/1.1.1/",
        {"c-1.1.1": "3", "v-1.1.1": "0", "r-1.1.1": "Website chưa có tiếng Anh"},
        headers={"HX-Request": "true"},
    ).content.decode()

    assert "Đã lưu" in fragment
    assert beside(fragment, "1.1.1") == [("self", "4"), ("consultant", "3"), ("province", "2")]
    assert "ảnh-chụp-website.pdf" in fragment


def test_the_assessor_page_takes_the_same_queries_with_one_or_many_files(
    client, chain, django_assert_max_num_queries
):
    assessment = chain["assessment"]
    move(assessment, State.MINISTRY_APPRAISAL)
    client.force_login(chain["reviewer"])
    client.get(f"/assessments/{assessment.pk}/")  # warms the catalog index
    with django_assert_max_num_queries(21) as few:  # 21: the ministry's reasons
        client.get(f"/assessments/{assessment.pk}/")
    move(assessment, State.DRAFT)
    for code in ("1.1.2", "2.1.1", "3.2.1", "6.1.6"):  # answered questions (not figures)
        evidence_add(
            assessment_id=assessment.pk, column=Column.SELF, criterion_code=code,
            upload=SimpleUploadedFile(f"{code}.pdf", PDF), user=chain["owner"],
        )  # fmt: skip
        save(assessment, chain["owner"], Column.SELF, code, 2)
    move(assessment, State.MINISTRY_APPRAISAL)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    assert page.count("/evidence/") >= 5
