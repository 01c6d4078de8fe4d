"""The assessment report PDF as its readers get it: the enterprise and its assessors download it
from the assessment, strangers find nothing, and a repeat download of unchanged results is the
stored file while any change of a level gives a fresh report."""

import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from assessments.models import Column, Criterion, Rating
from assessments.selectors import catalog_index
from assessments.services import figures_save, rating_save
from assessments.services.ratings import write_column_result
from enterprises.models import Province
from reports.assessment_report.selectors import assessment_report_inputs
from reports.assessment_report.services import REPORT_DIR

from ..certification import conftest as certification_world
from ..factories import (
    AssessmentFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    official_version,
)
from ..official_form import answer_all

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("pdftotext"),
        reason="poppler-utils is not installed (scripts/system-deps.sh test)",
    ),
]

# The certificates' world: an enterprise with its owner, and the people around it.
owner = certification_world.owner
people = certification_world.people

ENTERPRISE = "Công ty Cổ phần Đồng Tháp Xanh"  # the `owner` fixture's enterprise
HEADINGS_VI = ("Doanh nghiệp tự đánh giá", "Tư vấn đánh giá", "Sở đánh giá", "Bộ đánh giá")
HEADINGS_EN = (
    "Self-assessment",
    "Consultant assessment",
    "Department assessment",
    "Ministry assessment",
)


def text_of(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def rate(assessment, column: str, levels: dict[str, int]) -> None:
    """Store ``levels`` in ``column`` and the column's result, as saving them one by one does."""
    index = catalog_index(assessment.framework)
    now = timezone.now()
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=assessment,
                criterion_id=index.criterion_id_by_code[code],
                column=column,
                level=level,
                rated_by=assessment.created_by,
                rated_at=now,
            )
            for code, level in levels.items()
        ]
    )
    write_column_result(assessment, column, index)


def codes(framework) -> list[str]:
    return list(
        Criterion.objects.filter(framework=framework)
        .order_by("position")
        .values_list("code", flat=True)
    )


@pytest.fixture
def assessed(owner):
    """A draft of ``owner``'s enterprise rated in all four columns (as a re-opened assessment
    can be), the enterprise's own answers still editable by its owner."""
    assessment = AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user)
    all_codes = codes(assessment.framework)
    for column, level in zip(Column.values, (4, 3, 3, 2), strict=True):
        rate(assessment, column, dict.fromkeys(all_codes, level))
    return assessment


def url(assessment) -> str:
    return f"/assessments/{assessment.pk}/report.pdf"


def stored_reports(assessment) -> list[str]:
    folder = f"{REPORT_DIR}/{assessment.pk}"
    if not default_storage.exists(folder):
        return []
    return sorted(f"{folder}/{name}" for name in default_storage.listdir(folder)[1])


def download(client, assessment) -> bytes:
    response = client.get(url(assessment))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_member_downloads_the_report_with_the_enterprise_four_columns_and_criteria(
    client, owner, assessed, sme_definition
):
    client.force_login(owner.user)

    response = client.get(url(assessed))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    tax_code = owner.enterprise.tax_code
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-DBI-{tax_code}-{assessed.period}.pdf"'
    )
    text = text_of(b"".join(response.streaming_content))
    assert ENTERPRISE in text
    for heading in HEADINGS_VI:
        assert heading in text
    first = sme_definition["pillars"][0]["sub_indices"][0]["criteria"][0]
    assert first["text_vi"] in text


def test_an_english_reader_gets_the_report_in_english(client, owner, assessed):
    client.force_login(owner.user)
    client.cookies["django_language"] = "en"

    response = client.get(url(assessed))

    assert response.status_code == 200
    assert f"DBI-report-{owner.enterprise.tax_code}" in response["Content-Disposition"]
    text = text_of(b"".join(response.streaming_content))
    assert ENTERPRISE in text
    for heading in HEADINGS_EN:
        assert heading in text


def test_the_province_officer_and_the_ministry_download_it(client, owner, assessed):
    officer = ProvinceOfficerFactory(province=owner.enterprise.province).user
    ministry = MinistryReviewerFactory().user
    for user in (officer, ministry):
        client.force_login(user)
        assert ENTERPRISE in text_of(download(client, assessed))


def test_strangers_and_other_provinces_officers_find_nothing(client, people, assessed):
    other_province = ProvinceOfficerFactory(province=Province.objects.get(code=75))
    for user in (people["stranger"], other_province.user):
        client.force_login(user)
        assert client.get(url(assessed)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, assessed):
    response = client.get(url(assessed))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert stored_reports(assessed) == []


def test_the_download_reads_the_same_few_rows_whatever_is_rated(
    client, owner, django_assert_num_queries
):
    few = AssessmentFactory(enterprise=owner.enterprise, period=2025)
    rate(few, Column.SELF, {"1.1.1": 2, "2.1.1": 1})
    full = AssessmentFactory(enterprise=owner.enterprise, period=2026)
    all_codes = codes(full.framework)
    for column in Column.values:
        rate(full, column, dict.fromkeys(all_codes, 5))
    assessment_report_inputs(assessment=few)  # the catalog, read once per process
    client.force_login(owner.user)

    for assessment in (few, full):
        # session, user, the assessment, its ratings, its figures, the ministry's name, the
        # ministry's reasons
        with django_assert_num_queries(7):
            download(client, assessment)


def test_a_second_download_is_the_stored_report(client, owner, assessed):
    client.force_login(owner.user)
    first = download(client, assessed)
    (name,) = stored_reports(assessed)
    modified = default_storage.get_modified_time(name)

    second = download(client, assessed)

    assert second == first
    assert stored_reports(assessed) == [name]
    assert default_storage.get_modified_time(name) == modified


def test_a_changed_level_gives_a_fresh_report_in_place_of_the_old(client, owner, assessed):
    client.force_login(owner.user)
    download(client, assessed)
    (before,) = stored_reports(assessed)

    rating_save(
        assessment_id=assessed.pk,
        column=Column.SELF,
        criterion_code="1.1.1",
        level=5,
        user=owner.user,
        expected_version=1,
    )
    pdf = download(client, assessed)

    (after,) = stored_reports(assessed)
    assert after != before
    assert ENTERPRISE in text_of(pdf)


def test_each_language_is_stored_on_its_own(client, owner, assessed):
    client.force_login(owner.user)
    download(client, assessed)
    client.cookies["django_language"] = "en"
    download(client, assessed)

    names = [name.rsplit("/", 1)[1] for name in stored_reports(assessed)]
    assert sorted(name[:3] for name in names) == ["en-", "vi-"]


def test_the_assessment_its_years_and_its_certificate_panel_link_to_the_report(
    client, owner, assessed
):
    client.force_login(owner.user)
    pages = (
        f"/assessments/{assessed.pk}/",
        f"/enterprises/{owner.enterprise_id}/results/",
        f"/assessments/{assessed.pk}/certificate/",
    )
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'href="{url(assessed)}"' in response.content.decode(), page


@pytest.fixture
def national(owner):
    """A draft on the national form, every question answered at about level 2 by the owner,
    then 1.1.3's figures set to 12 of 40 (30 %: level 3)."""
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    answer_all(assessment, owner.user, level=2)
    figures_save(
        assessment_id=assessment.pk, column=Column.SELF, user=owner.user,
        values={"c1_1_3_num": 12, "c1_1_3_den": 40},
    )  # fmt: skip
    return assessment


def test_the_report_of_the_national_form_names_its_version_and_shows_the_figures(
    client, owner, national
):
    client.force_login(owner.user)

    text = text_of(download(client, national))

    assert "Phiên bản 2: Phiếu khảo sát quốc gia (2021)" in text
    assert "Số liệu của cột Doanh nghiệp tự đánh giá" in text
    assert "12 / 40 = 30 % → mức 3" in text


def test_changed_figures_give_a_fresh_report_even_at_the_same_level(client, owner, national):
    client.force_login(owner.user)
    download(client, national)
    (before,) = stored_reports(national)

    figures_save(
        assessment_id=national.pk, column=Column.SELF, user=owner.user,
        values={"c1_1_3_num": 13},
    )  # fmt: skip
    text = text_of(download(client, national))

    (after,) = stored_reports(national)
    assert after != before
    assert "13 / 40 = 32,5 % → mức 3" in text
