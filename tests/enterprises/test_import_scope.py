"""An import stays within the importer's provinces: another province's enterprise, found by its tax
code, cannot be renamed or moved, and the check does not tell where it is or what it holds."""

import pytest
from django.urls import reverse

from enterprises.duties import province_locked_message
from enterprises.models import Enterprise, Province
from enterprises.resources import OUT_OF_SCOPE
from enterprises.services import import_job_confirm, import_job_run

from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
)
from .test_imports import csv_upload, run, valid_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return ProvinceOfficerFactory(province=Province.objects.get(code=86)).user


@pytest.fixture
def dong_nai():
    return Province.objects.get(code=75)


@pytest.fixture
def theirs(dong_nai):
    """An enterprise of Đồng Nai, which the Vĩnh Long officer may not touch."""
    return EnterpriseFactory(name_vi="Điều Đồng Nai", province=dong_nai, employees=7)


@pytest.mark.parametrize("row_province", ["Vĩnh Long", "86", "Đồng Nai"])
def test_an_officer_cannot_rename_or_move_another_provinces_enterprise(
    officer, theirs, dong_nai, row_province
):
    checked = run(
        officer,
        csv_upload([f"{theirs.tax_code},Tên của tôi,enterprise,{row_province},,C,,5,"]),
    )
    assert (checked.failed, checked.updated_count) == (1, 0)

    real = import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)

    assert (real.failed, real.updated_count, real.new_count) == (1, 0, 0)
    theirs.refresh_from_db()
    assert (theirs.name_vi, theirs.province_id, theirs.employees) == (
        "Điều Đồng Nai",
        dong_nai.pk,
        7,
    )


def test_being_a_member_elsewhere_does_not_let_an_officer_import_that_enterprise(officer, theirs):
    # The officer sees the Đồng Nai enterprise as its member, but imports as Vĩnh Long's officer.
    MembershipFactory(user=officer, enterprise=theirs)

    checked = run(officer, csv_upload([f"{theirs.tax_code},Tên của tôi,enterprise,86,,C,,5,"]))
    import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)

    theirs.refresh_from_db()
    assert (theirs.name_vi, theirs.province.code) == ("Điều Đồng Nai", 75)


def test_the_check_tells_nothing_about_another_provinces_enterprise(client, officer, theirs):
    free = valid_codes(1, 30_000_000)[0]
    job = run(
        officer,
        csv_upload(
            [
                # Its tax code, with the officer's province: the row a take-over would use.
                f"{theirs.tax_code},X,enterprise,Vĩnh Long,,C,,x,",
                # Its tax code, exactly as it is stored (an "unchanged" would confirm the data).
                f"{theirs.tax_code},Điều Đồng Nai,enterprise,Đồng Nai,,C,,7,",
                # A tax code nobody has, in another province.
                f"{free},X,enterprise,Đồng Nai,,C,,x,",
            ]
        ),
    )

    # The same single refusal for all three: not "exists elsewhere", not "unchanged", and no
    # other check whose result would differ between a stored enterprise and none.
    assert [e["errors"] for e in sorted(job.row_errors, key=lambda e: e["row"])] == [
        {"province": [str(OUT_OF_SCOPE)]}
    ] * 3
    assert (job.failed, job.new_count, job.updated_count, job.skipped_count) == (3, 0, 0, 0)
    client.force_login(officer)
    page = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert "Điều Đồng Nai" not in page
    assert "Đồng Nai" not in page  # neither its name nor its province


def test_the_ministry_imports_for_every_province(theirs):
    reviewer = MinistryReviewerFactory().user
    checked = run(reviewer, csv_upload([f"{theirs.tax_code},Tên mới,enterprise,Đồng Nai,,C,,5,"]))
    real = import_job_run(job_id=import_job_confirm(job=checked, user=reviewer).pk)

    assert real.updated_count == 1
    assert Enterprise.objects.get(pk=theirs.pk).name_vi == "Tên mới"


def test_an_officer_still_updates_their_own_provinces_enterprise(officer):
    own = EnterpriseFactory(name_vi="Tên cũ")  # Vĩnh Long
    checked = run(officer, csv_upload([f"{own.tax_code},Tên mới,enterprise,Vĩnh Long,,C,,5,"]))
    real = import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)

    assert (real.updated_count, real.failed) == (1, 0)
    own.refresh_from_db()
    assert own.name_vi == "Tên mới"


@pytest.mark.parametrize(("state", "moves"), [("province_review", False), ("draft", True)])
def test_an_import_moves_no_enterprise_while_its_assessment_is_with_the_reviewers(
    theirs, state, moves
):
    # The same rule as the profile page and the admin (enterprises/duties.py): the department
    # reviewing an assessment does not change under the review, whoever imports.
    AssessmentFactory(enterprise=theirs, state=state)
    reviewer = MinistryReviewerFactory().user
    checked = run(reviewer, csv_upload([f"{theirs.tax_code},Tên mới,enterprise,Vĩnh Long,,C,,5,"]))
    real = import_job_run(job_id=import_job_confirm(job=checked, user=reviewer).pk)

    theirs.refresh_from_db()
    assert (theirs.province.code == 86) is moves
    if not moves:
        assert real.failed == 1
        assert real.row_errors[0]["errors"] == {"province": [province_locked_message()]}
