"""What the reports keep on each column result — the reference and counted markers, the year, the
enterprise's place, sector, size and type, the pillar levels — stays right through the real
services: rating saves, every transition, a return, a new assessment, and every way an
enterprise's profile changes (its page, the admin, an import); and the migration fills it in for
the results that were there before."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from assessments.column_results import (
    PILLAR_FIELDS,
    reference_column,
)
from assessments.models import Assessment, Column, ColumnResult, PillarResult
from assessments.services import (
    assessment_create,
    assessment_return,
    assessment_transition,
    rating_save,
)
from enterprises.admin import EnterpriseAdmin
from enterprises.models import Enterprise, EnterpriseKind, Province, Ward
from enterprises.services import (
    enterprise_update,
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from reports.selectors import BY_PROVINCE, DashboardQuery, dashboard, dashboard_framework

from ..assessments.review_columns import rest_not_assessed
from ..assessments.sme_reference import ALL_CODES, PILLAR_CRITERIA
from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
)
from .conftest import assessed

pytestmark = pytest.mark.django_db
State = Assessment.State


@pytest.mark.parametrize(
    ("state", "answered", "expected"),
    [
        ("appraised", {"self", "province", "ministry"}, "ministry"),
        ("appraised", {"self", "consultant"}, "consultant"),  # nobody else scored anything
        ("ministry_appraisal", {"self", "province", "ministry"}, "province"),
        ("province_approved", {"self", "consultant", "province"}, "province"),
        ("province_review", {"self", "consultant", "province"}, "consultant"),
        ("province_review", {"self", "province"}, "self"),
        ("consultant_assessing", {"self", "consultant"}, "self"),
        ("submitted", {"self"}, "self"),
        ("returned", {"self", "province", "ministry"}, "self"),
        ("draft", {"self"}, "self"),
        ("draft", set(), None),
    ],
)
def test_the_reference_is_the_most_authoritative_finished_column_with_answers(
    state, answered, expected
):
    assert reference_column(state, answered) == expected


@pytest.fixture
def chain(sme_framework):
    owner = MembershipFactory()
    enterprise = owner.enterprise
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=enterprise)
    users = {
        "owner": owner.user,
        "consultant": consultant.user,
        "province": ProvinceOfficerFactory(province=enterprise.province, can_approve=True).user,
        "ministry": MinistryReviewerFactory().user,
    }
    return AssessmentFactory(enterprise=enterprise, created_by=owner.user), users


def save(assessment, column, user, levels: dict[str, int | None]):
    for code, level in levels.items():
        version = (
            assessment.ratings.filter(column=column, criterion__code=code)
            .values_list("version", flat=True)
            .first()
        )
        rating_save(
            assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
            user=user, expected_version=version or 0, reason="Điều chỉnh",
        )  # fmt: skip


def step(assessment, name, user):
    assessment_transition(assessment_id=assessment.pk, name=name, user=user)


def marked(assessment) -> list[str]:
    return list(
        ColumnResult.objects.filter(assessment=assessment, is_reference=True).values_list(
            "column", flat=True
        )
    )


def stored_pillar_levels(assessment, column) -> list[int]:
    """The pillar rows' levels in pillar order; the SMALLINT columns must say the same as the
    rows (NULL past the last pillar)."""
    result = ColumnResult.objects.get(assessment=assessment, column=column)
    rows = [
        r.level for r in PillarResult.objects.filter(result=result).order_by("pillar__position")
    ]
    columns = [getattr(result, name) for name in PILLAR_FIELDS]
    assert columns == rows + [None] * (len(PILLAR_FIELDS) - len(rows))
    return rows


ENTERPRISE_FIELDS = ("province_id", "ward_id", "sector_section", "size_class", "kind")


def copies(enterprise) -> set[tuple]:
    """The distinct (year, framework, enterprise fields) its results carry."""
    return set(
        ColumnResult.objects.filter(assessment__enterprise=enterprise).values_list(
            "period", "framework_id", *ENTERPRISE_FIELDS
        )
    )


def fields_of(enterprise) -> tuple:
    enterprise.refresh_from_db()
    return tuple(getattr(enterprise, name) for name in ENTERPRISE_FIELDS)


def counted(assessment) -> dict[str, bool]:
    return dict(ColumnResult.objects.filter(assessment=assessment).values_list("column", "counted"))


def test_the_marker_follows_the_review_chain(chain):
    assessment, users = chain
    save(assessment, Column.SELF, users["owner"], {"1.1.1": 2})
    assert marked(assessment) == ["self"]  # a draft counts its own answers
    save(assessment, Column.SELF, users["owner"], {"1.1.1": None})
    assert marked(assessment) == []  # no answer left
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 3))
    step(assessment, "submit", users["owner"])
    assert marked(assessment) == ["self"]

    step(assessment, "consultant_start", users["consultant"])
    save(assessment, Column.CONSULTANT, users["consultant"], {"1.1.1": 1})
    assert marked(assessment) == ["self"]  # the consultant is not finished
    rest_not_assessed(assessment, Column.CONSULTANT, users["consultant"])
    step(assessment, "consultant_finish", users["consultant"])
    assert marked(assessment) == ["consultant"]

    save(assessment, Column.PROVINCE, users["province"], {"1.1.1": 4, "2.1.1": 5})
    assert marked(assessment) == ["consultant"]
    rest_not_assessed(assessment, Column.PROVINCE, users["province"])
    step(assessment, "province_approve", users["province"])
    assert marked(assessment) == ["province"]

    step(assessment, "ministry_start", users["ministry"])  # the ministry column starts full
    assert marked(assessment) == ["province"]
    save(assessment, Column.MINISTRY, users["ministry"], {"1.1.1": 2})
    assert marked(assessment) == ["province"]
    step(assessment, "ministry_appraise", users["ministry"])
    assert marked(assessment) == ["ministry"]


def test_a_return_hands_the_count_back_to_the_enterprise(chain):
    assessment, users = chain
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 3))
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    save(assessment, Column.PROVINCE, users["province"], {"1.1.1": 4})
    rest_not_assessed(assessment, Column.PROVINCE, users["province"])
    step(assessment, "province_approve", users["province"])
    assert marked(assessment) == ["province"]

    assessment_return(assessment_id=assessment.pk, user=users["ministry"], comment="Bổ sung")
    assert marked(assessment) == ["self"]
    save(assessment, Column.SELF, users["owner"], {"1.1.1": 5})
    assert marked(assessment) == ["self"]
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    assert marked(assessment) == ["self"]  # no consultant: the enterprise's answers count


def test_a_province_that_approves_without_scoring_leaves_the_earlier_column(chain):
    assessment, users = chain
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 2))
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    step(assessment, "province_approve", users["province"])

    assert marked(assessment) == ["self"]


def test_the_pillar_columns_match_the_pillar_rows_after_every_save(chain):
    assessment, users = chain
    levels = dict.fromkeys(PILLAR_CRITERIA["1"], 5) | dict.fromkeys(PILLAR_CRITERIA["3"], 2)
    save(assessment, Column.SELF, users["owner"], levels)
    assert stored_pillar_levels(assessment, Column.SELF) == [5, 0, 2, 0, 0, 0]

    save(assessment, Column.SELF, users["owner"], {"2.1.1": 3, "1.1.1": 0, "1.1.2": 0, "1.1.3": 0})
    assert stored_pillar_levels(assessment, Column.SELF) == [4, 3, 2, 0, 0, 0]

    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 4))
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    save(assessment, Column.PROVINCE, users["province"], {"6.1.1": 1})
    assert len(stored_pillar_levels(assessment, Column.PROVINCE)) == 6


def test_every_save_carries_the_year_and_the_enterprise_and_counts_once_submitted(chain):
    assessment, users = chain
    enterprise = assessment.enterprise
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 3))
    assert copies(enterprise) == {(2026, assessment.framework_id, *fields_of(enterprise))}
    assert counted(assessment) == {"self": False}  # a draft is never counted

    step(assessment, "submit", users["owner"])
    assert counted(assessment) == {"self": True}
    step(assessment, "province_start", users["province"])
    save(assessment, Column.PROVINCE, users["province"], {"1.1.1": 4})
    assert counted(assessment) == {"self": True, "province": True}
    rest_not_assessed(assessment, Column.PROVINCE, users["province"])
    step(assessment, "province_approve", users["province"])
    step(assessment, "ministry_start", users["ministry"])  # writes the ministry's column
    assert copies(enterprise) == {(2026, assessment.framework_id, *fields_of(enterprise))}
    assert counted(assessment) == {"self": True, "province": True, "ministry": True}

    assessment_return(assessment_id=assessment.pk, user=users["ministry"], comment="Bổ sung")
    assert counted(assessment) == {"self": True, "province": True, "ministry": True}
    assert marked(assessment) == ["self"]


def test_a_new_assessment_starts_with_the_enterprise_as_it_is(sme_framework):
    owner = MembershipFactory(
        enterprise__sector_section="G", enterprise__kind=EnterpriseKind.COOPERATIVE
    )
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )

    assert copies(owner.enterprise) == {(2026, sme_framework.pk, *fields_of(owner.enterprise))}
    assert counted(assessment) == {"self": False}


@pytest.fixture
def moved(sme_framework):
    """An enterprise of Vĩnh Long with two years assessed (three results), about to move: this
    year's assessment was returned to it, since no province may change while one is with the
    reviewers (tests/enterprises/test_duties.py)."""
    vinh_long = Province.objects.get(code=86)
    owner = MembershipFactory(
        enterprise__province=vinh_long,
        enterprise__ward=Ward.objects.filter(province=vinh_long).first(),
    )
    enterprise = owner.enterprise
    assessed(
        enterprise, 2025, State.APPRAISED,
        {Column.SELF: [3] * 6, Column.MINISTRY: [2] * 6}, owner.user,
    )  # fmt: skip
    assessed(enterprise, 2026, State.RETURNED, {Column.SELF: [4] * 6}, owner.user)
    return owner


def national_rows() -> dict:
    board = dashboard(
        DashboardQuery(framework=dashboard_framework(), period=2026, breakdown=BY_PROVINCE)
    )
    return {row.key: (row.registered, row.assessed) for row in board.rows}


def test_a_profile_edit_moves_every_result_and_the_dashboard_follows(client, moved):
    enterprise = moved.enterprise
    assert national_rows() == {86: (1, 1)}
    client.force_login(moved.user)

    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        {
            "kind": EnterpriseKind.ENTERPRISE,
            "name_vi": enterprise.name_vi,
            "province": Province.objects.get(code=79).pk,  # Hồ Chí Minh, no ward
            "sector_section": "G",
            "employees": 80,  # trade: medium up to 100
            "annual_revenue": 1_000_000_000,
        },
    )

    assert response.status_code == 302
    fields = fields_of(enterprise)
    assert fields[1:4] == (None, "G", "medium")
    assert copies(enterprise) == {
        (2025, enterprise.assessments.first().framework_id, *fields),
        (2026, enterprise.assessments.first().framework_id, *fields),
    }
    assert national_rows() == {79: (1, 1)}  # the figures moved with it


def test_a_profile_save_costs_the_same_queries_however_many_results(
    moved, django_assert_max_num_queries
):
    enterprise = Enterprise.objects.get(pk=moved.enterprise.pk)
    enterprise.sector_section = "F"
    # Savepoint, the enterprise locked, the province check, the enterprise, its results (one
    # statement), release.
    with django_assert_max_num_queries(6):
        enterprise_update(enterprise=enterprise)

    assert {row[4] for row in copies(enterprise)} == {"F"}


def test_an_edit_in_the_admin_moves_the_results_too(moved, rf):
    enterprise = Enterprise.objects.get(pk=moved.enterprise.pk)
    enterprise.kind, enterprise.sector_section = EnterpriseKind.COOPERATIVE, "A"
    EnterpriseAdmin(Enterprise, admin.site).save_model(rf.post("/"), enterprise, None, True)

    assert {row[-3:] for row in copies(enterprise)} == {("A", "", "cooperative")}


def test_an_import_that_changes_an_enterprise_moves_its_results(moved):
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=86)).user
    enterprise = moved.enterprise
    before = copies(enterprise)
    header = "tax_code,name_vi,kind,province,sector_section,employees,annual_revenue"
    line = f"{enterprise.tax_code},{enterprise.name_vi},enterprise,86,F,120,30000000000"
    upload = SimpleUploadedFile("ds.csv", f"{header}\n{line}\n".encode())
    checked = import_job_run(job_id=import_job_create(user=officer, upload=upload).pk)
    assert checked.dry_run  # a check first, which changes nothing
    assert copies(enterprise) == before
    done = import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)

    assert done.updated_count == 1
    fields = fields_of(enterprise)
    assert fields[2:4] == ("F", "medium")  # the file has no ward: it stays
    assert {row[2:] for row in copies(enterprise)} == {fields}


def _as_0008_left_them():
    """The models as 0008 knew them, with the ``pillar_levels`` text column (removed by 0009)
    added back for the rest of the test (the test's transaction drops it again)."""
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(
        ("assessments", "0008_result_dashboard_columns")
    )
    table = ColumnResult._meta.db_table
    with connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        if postgresql:  # PostgreSQL alters no table with foreign key checks still pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"ALTER TABLE {table} ADD COLUMN pillar_levels varchar(40) NOT NULL DEFAULT ''"
        )
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return state.apps


def test_the_migration_fills_the_results_stored_before_it(moved):
    from importlib import import_module

    fill = import_module("assessments.migrations.0008_result_dashboard_columns").fill
    old_apps = _as_0008_left_them()
    enterprise = moved.enterprise
    expected = copies(enterprise)
    pillars = list(ColumnResult.objects.order_by("pk").values_list(*PILLAR_FIELDS, "counted"))
    # As 0007 left them: nothing but the text, in another place, not counted.
    OldResult = old_apps.get_model("assessments", "ColumnResult")
    for pk, *levels in ColumnResult.objects.values_list("pk", *PILLAR_FIELDS):
        text = "".join(f"{level:02d}" for level in levels if level is not None)
        OldResult.objects.filter(pk=pk).update(pillar_levels=text)
    ColumnResult.objects.update(
        province=Province.objects.get(code=1), ward=None, sector_section="", size_class="",
        kind="", counted=False, **dict.fromkeys(PILLAR_FIELDS),
    )  # fmt: skip

    with connection.cursor() as cursor:
        fill(old_apps, SimpleNamespace(connection=connection, execute=cursor.execute))

    assert copies(enterprise) == expected
    assert list(ColumnResult.objects.order_by("pk").values_list(*PILLAR_FIELDS, "counted")) == (
        pillars
    )


def test_going_back_before_0009_writes_the_pillar_levels_text_again(moved):
    from importlib import import_module

    write_back = import_module(
        "assessments.migrations.0009_remove_result_pillar_levels_text"
    ).write_text_back
    old_apps = _as_0008_left_them()

    write_back(old_apps, None)

    OldResult = old_apps.get_model("assessments", "ColumnResult")
    texts = dict(OldResult.objects.values_list("column", "pillar_levels").filter(period=2025))
    assert texts == {Column.SELF: "03" * 6, Column.MINISTRY: "02" * 6}
