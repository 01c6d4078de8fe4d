"""manage.py seed_demo also leaves demo assessments in every state of the review chain, made
through the real services: last year's answered on the guidance version by level, this year's
on the national form with answers and figures (the figures' levels are their thresholds'),
stored results match the scoring of the stored ratings, every step is in the history, the
appraised ones have certificates anyone can verify, and seeding again changes nothing."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from assessments import scoring
from assessments.figures import level_from_figures
from assessments.models import (
    Assessment,
    AuditEntry,
    Column,
    ColumnResult,
    Figure,
    NeedAnswer,
    PillarResult,
    QuestionKind,
    Rating,
    RatingBasis,
    SurveyAnswer,
)
from assessments.selectors import catalog_index, figures_by_column, questionnaire_of
from certification.models import Certificate, CertificateEvent, Signer
from certification.verification import verification_url
from demo.assessments import (
    DIRECT_CODE,
    DIRECT_NOTE,
    FIGURE_CORRECTION,
    LAST_YEAR_VERSION,
    MINISTRY_CHANGES,
    PROVINCE_RETURN,
    STAFF_CORRECTION,
    THIS_YEAR_VERSION,
)
from demo.certificates import DEMO_SIGNER_NAME
from enterprises.models import Engagement, Enterprise, Membership, User
from notifications.models import Notification

pytestmark = pytest.mark.django_db
State = Assessment.State

PINNED_TOTALS = {
    ("Công ty TNHH Thực phẩm Sông Tiền", State.APPRAISED, "self"): 148,
    ("Công ty TNHH Thực phẩm Sông Tiền", State.APPRAISED, "province"): 138,
    ("Công ty TNHH Thực phẩm Sông Tiền", State.APPRAISED, "ministry"): 136,
    ("Công ty TNHH Thực phẩm Sông Tiền", State.DRAFT, "self"): 178,
    ("Công ty Cổ phần Dừa Cửu Long", State.CONSULTANT_ASSESSING, "self"): 202,
    ("Công ty Cổ phần Dừa Cửu Long", State.CONSULTANT_ASSESSING, "consultant"): 67,
    ("Hợp tác xã Cơ khí Phương Nam", State.PROVINCE_REVIEW, "self"): 150,
    ("Hợp tác xã Cơ khí Phương Nam", State.PROVINCE_REVIEW, "consultant"): 139,
    ("Hợp tác xã Cơ khí Phương Nam", State.PROVINCE_REVIEW, "province"): 80,
    ("Công ty TNHH Du lịch An Phát", State.PROVINCE_APPROVED, "self"): 196,
    ("Công ty TNHH Du lịch An Phát", State.PROVINCE_APPROVED, "province"): 195,
    ("Công ty Cổ phần Phần mềm Minh Long", State.APPRAISED, "self"): 256,
    ("Công ty Cổ phần Phần mềm Minh Long", State.APPRAISED, "province"): 245,
    ("Công ty Cổ phần Phần mềm Minh Long", State.APPRAISED, "ministry"): 243,
    ("Hợp tác xã Vận tải Hòa Bình", State.RETURNED, "self"): 94,
    ("Hợp tác xã Vận tải Hòa Bình", State.RETURNED, "province"): 24,
    ("Công ty TNHH Nông sản Tân Tiến", State.MINISTRY_APPRAISAL, "self"): 136,
    ("Công ty TNHH Nông sản Tân Tiến", State.MINISTRY_APPRAISAL, "province"): 137,
    (
        "Công ty TNHH Nông sản Tân Tiến",
        State.MINISTRY_APPRAISAL,
        "ministry",
    ): 137,  # starts at the province's levels
    ("Công ty Cổ phần Xây dựng Hưng Thịnh", State.SUBMITTED, "self"): 135,
    ("Hợp tác xã Thủy sản Sông Tiền", State.DRAFT, "self"): 54,
}


MODELS = (
    Assessment,
    Rating,
    AuditEntry,
    ColumnResult,
    Figure,
    SurveyAnswer,
    NeedAnswer,
    Notification,
    Membership,
    Certificate,
    CertificateEvent,
    Signer,
)


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the module (a few seconds) inside a transaction rolled back at its end;
    each test runs in a savepoint within it, so nothing a test does leaks to the next. Marked
    as a test case's block (as Django's TestCase marks its own), so a task queued in a test is
    sent at once, as it would be outside the test, instead of waiting for a commit that never
    comes (dbi_portal.celery.in_transaction)."""
    rollback_block = transaction.atomic()
    rollback_block._from_testcase = True  # type: ignore[attr-defined]
    with django_db_blocker.unblock(), rollback_block, override_settings(DEBUG=True):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, settings) -> str:
    settings.DEBUG = True
    return seeded_once


def _main_enterprise() -> Enterprise:
    return Membership.objects.get(user__email="dn.chu@dbi.local").enterprise


def _levels(assessment: Assessment, column: str) -> dict[str, int]:
    rows = Rating.objects.filter(
        assessment=assessment, column=column, level__isnull=False
    ).values_list("criterion__code", "level")
    return {code: level for code, level in rows if level is not None}


def test_every_state_of_the_review_chain_is_seeded_and_printed_with_its_owner_login(seeded):
    assert set(Assessment.objects.values_list("state", flat=True)) == set(State.values)
    year = timezone.localdate().year
    main = _main_enterprise().name
    assert f"{main} (Vĩnh Long), {year - 1}: Đã thẩm định · dn.chu@dbi.local" in seeded
    assert f"{main} (Vĩnh Long), {year}: Nháp · dn.chu@dbi.local" in seeded
    for state in State:
        assert f": {state.label} · " in seeded
    assert "dn02@dbi.local" in seeded
    assert "dbi-demo-2026" in seeded


def test_main_login_enterprise_was_appraised_last_year_after_a_return(seeded):
    year = timezone.localdate().year
    last = Assessment.objects.get(enterprise=_main_enterprise(), period=year - 1)

    steps = list(
        AuditEntry.objects.filter(assessment=last, action=AuditEntry.Action.TRANSITION)
        .order_by("pk")
        .values_list("to_state", "reason")
    )
    assert [state for state, _ in steps] == [
        State.SUBMITTED,
        State.PROVINCE_REVIEW,
        State.RETURNED,
        State.SUBMITTED,
        State.PROVINCE_REVIEW,
        State.PROVINCE_APPROVED,
        State.MINISTRY_APPRAISAL,
        State.APPRAISED,
    ]
    assert steps[2][1] == PROVINCE_RETURN
    # The enterprise answered the return by changing criteria the province named.
    fixed = AuditEntry.objects.filter(
        assessment=last,
        column=Column.SELF,
        pk__gt=AuditEntry.objects.get(assessment=last, to_state=State.RETURNED).pk,
    )
    assert set(fixed.values_list("criterion__code", flat=True)) == {"1.1.4", "3.2.5"}


def test_main_login_enterprise_answers_this_years_form_from_last_years_levels(seeded):
    """Last year's answers do not carry over to another version's questions: the owner and a
    staff member answer the national form, about half the levels revised."""
    year = timezone.localdate().year
    enterprise = _main_enterprise()
    last = Assessment.objects.get(enterprise=enterprise, period=year - 1)
    this = Assessment.objects.get(enterprise=enterprise, period=year)

    assert this.state == State.DRAFT
    assert this.catalog_version != last.catalog_version
    before, now = _levels(last, Column.SELF), _levels(this, Column.SELF)
    assert set(now) == set(before)
    revised = {code for code in now if now[code] != before[code]}
    assert 20 <= len(revised) <= 40
    editors = set(
        AuditEntry.objects.filter(assessment=this, column=Column.SELF).values_list(
            "actor__email", flat=True
        )
    )
    assert editors == {"dn.chu@dbi.local", "dn.nhanvien@dbi.local"}


def test_last_year_is_on_the_guidance_version_and_this_year_on_the_national_form(seeded):
    year = timezone.localdate().year
    labels = dict(Assessment.objects.values_list("pk", "catalog_version__label"))
    by_year = {
        period: {
            labels[pk]
            for pk in Assessment.objects.filter(period=period).values_list("pk", flat=True)
        }
        for period in (year - 1, year)
    }
    assert by_year == {year - 1: {LAST_YEAR_VERSION}, year: {THIS_YEAR_VERSION}}
    last_year = Rating.objects.filter(assessment__period=year - 1)
    # Answered by level, one answer per level: every rating is that level's answer.
    assert set(last_year.values_list("basis", flat=True)) == {RatingBasis.ANSWER}
    assert not Figure.objects.filter(assessment__period=year - 1).exists()


def _this_year() -> list[Assessment]:
    return list(Assessment.objects.filter(period=timezone.localdate().year).order_by("pk"))


def test_this_years_seeded_answers_come_with_the_survey_and_last_years_have_none(seeded):
    """demo/survey.py answers the national form's survey of each assessment whose self answers
    are seeded; the guidance version has no survey, and the two drafts started empty prompt
    for it."""
    year = timezone.localdate().year
    surveyed = set(SurveyAnswer.objects.values_list("assessment", flat=True))
    assert surveyed == set(NeedAnswer.objects.values_list("assessment", flat=True))
    this_year = Assessment.objects.filter(period=year)
    assert surveyed == set(
        this_year.exclude(state=State.DRAFT).values_list("pk", flat=True)
    )  # both of this year's drafts were started empty


def test_this_years_answers_are_the_forms_answers(seeded):
    for assessment in _this_year():
        asked = questionnaire_of(assessment)
        ratings = Rating.objects.filter(assessment=assessment)
        for rating in ratings.select_related("criterion", "option"):
            question = asked.questions[rating.criterion.code]
            if question.kind == QuestionKind.FIGURES:
                continue
            assert rating.basis == RatingBasis.ANSWER
            assert rating.option in list(question.options.all()), rating
            assert rating.level == rating.option.level


def test_this_years_figures_criteria_take_their_levels_from_stored_figures(seeded):
    """Every figures criterion a column rated has that column's figures stored, and its level
    is the one the question's thresholds give them; the shared total staff is the enterprise's
    headcount (a province corrected it once); one level was set directly, with a note."""
    direct = []
    for assessment in _this_year():
        asked = questionnaire_of(assessment)
        figures = figures_by_column(assessment)
        assert figures[Column.SELF].get("staff_total") in (None, assessment.enterprise.employees)
        # The ministry's column starts from the province's answers and figures.
        ratings = Rating.objects.filter(assessment=assessment, level__isnull=False)
        for rating in ratings.select_related("criterion"):
            question = asked.questions[rating.criterion.code]
            if question.kind != QuestionKind.FIGURES:
                continue
            if rating.basis == RatingBasis.DIRECT:
                direct.append(rating)
                continue
            assert rating.basis == RatingBasis.FIGURES
            assert question.numerator is not None
            assert question.denominator is not None
            values = figures[rating.column]
            numerator, denominator = (
                values[question.numerator.key],
                values[question.denominator.key],
            )
            assert 0 <= numerator <= denominator
            level = level_from_figures(
                numerator, denominator, asked.thresholds(question.criterion.code)
            )
            assert rating.level == level, rating
        if assessment.state != State.DRAFT:  # submitted: every figures criterion answered
            assert (
                Rating.objects.filter(
                    assessment=assessment,
                    column=Column.SELF,
                    basis=RatingBasis.FIGURES,
                    level__isnull=False,
                ).count()
                == len(asked.figure_questions())
                == 26
            )
    # The province's, and the ministry's starting level taken from it.
    assert sorted((r.column, r.criterion.code) for r in direct) == [
        (Column.MINISTRY, DIRECT_CODE),
        (Column.PROVINCE, DIRECT_CODE),
    ]
    assert {r.note for r in direct if r.column == Column.PROVINCE} == {DIRECT_NOTE}


def test_reviewers_enter_the_figures_they_checked_and_correct_some(seeded):
    corrections = AuditEntry.objects.filter(
        assessment__period=timezone.localdate().year,
        action=AuditEntry.Action.RATING,
        reason__contains=FIGURE_CORRECTION,
    )
    assert corrections.exists()
    assert Column.SELF not in set(corrections.values_list("column", flat=True))
    staff = AuditEntry.objects.filter(
        reason__contains=STAFF_CORRECTION.split("%")[0], column=Column.PROVINCE
    )
    assert staff.values("assessment").distinct().count() == 1
    assessment = staff.earliest("pk").assessment
    figures = figures_by_column(assessment)
    assert figures[Column.PROVINCE]["staff_total"] > figures[Column.SELF]["staff_total"]


def test_the_main_enterprises_results_page_shows_the_two_years_on_their_versions(seeded, client):
    enterprise = _main_enterprise()
    client.force_login(User.objects.get(email="dn.chu@dbi.local"))

    response = client.get(f"/enterprises/{enterprise.pk}/results/")

    assert response.status_code == 200
    page = response.content.decode()
    year = timezone.localdate().year
    for period in (year - 1, year):
        assert f'<th scope="col" data-period="{period}">' in page
    assert re.findall(r'data-version="(\d+)"', page) == ["1", "2"]
    assert 'data-testid="version-change"' in page


def test_each_stored_result_is_the_scoring_of_its_columns_stored_ratings(seeded, sme_framework):
    index = catalog_index(sme_framework)
    results = ColumnResult.objects.select_related("assessment")
    assert results.count() == 21
    for stored in results:
        levels = _levels(stored.assessment, stored.column)
        expected = scoring.score(index.snapshot, levels)
        assert (stored.total, stored.level, stored.answered) == (
            expected.total,
            expected.level,
            len(levels),
        ), stored
        pillars = dict(
            PillarResult.objects.filter(result=stored).values_list("pillar__code", "points")
        )
        assert pillars == {p.code: p.points for p in expected.pillars}


def test_each_assessments_steps_and_rating_changes_are_in_its_history(seeded):
    for assessment in Assessment.objects.all():
        state: str = State.DRAFT
        for entry in AuditEntry.objects.filter(
            assessment=assessment, action=AuditEntry.Action.TRANSITION
        ).order_by("pk"):
            assert entry.from_state == state
            state = entry.to_state
        assert state == assessment.state
        # The ministry's starting levels are the province's, copied by its first step.
        rated = Rating.objects.filter(assessment=assessment).exclude(column="ministry").count()
        changes = AuditEntry.objects.filter(
            assessment=assessment, action=AuditEntry.Action.RATING
        ).count()
        assert changes >= rated > 0


def test_the_demo_is_the_same_on_every_install(seeded):
    """Seeded random levels: these totals change only when the scenarios do."""
    totals = {
        (r.assessment.enterprise.name_vi, r.assessment.state, r.column): r.total
        for r in ColumnResult.objects.select_related("assessment__enterprise")
    }
    assert totals == PINNED_TOTALS


def test_ministry_starts_from_the_province_and_changes_two_criteria_with_reasons(seeded):
    appraised = Assessment.objects.filter(state=State.APPRAISED, period=timezone.localdate().year)
    assessment = appraised.get()
    ministry, province = _levels(assessment, Column.MINISTRY), _levels(assessment, Column.PROVINCE)

    assert len(ministry) == 60
    assert {code for code in ministry if ministry[code] != province[code]} == set(MINISTRY_CHANGES)
    reasons = dict(
        AuditEntry.objects.filter(assessment=assessment, column=Column.MINISTRY)
        .exclude(old_level__isnull=True)  # the starting levels, copied from the province
        .values_list("criterion__code", "reason")
    )
    # Beside the starting levels, the trail holds the ministry's two changes with their reasons.
    assert reasons == {code: reason for code, (_delta, reason) in MINISTRY_CHANGES.items()}


def test_consultant_columns_are_filled_by_the_engaged_consultant(seeded):
    consultant_rated = Assessment.objects.filter(ratings__column=Column.CONSULTANT).distinct()
    assert {a.state for a in consultant_rated} == {
        State.CONSULTANT_ASSESSING,
        State.PROVINCE_REVIEW,
    }
    for assessment in consultant_rated:
        assert Engagement.objects.filter(
            enterprise=assessment.enterprise,
            consultant__user__email="tuvan@dbi.local",
            status=Engagement.Status.ACTIVE,
        ).exists()
        raters = set(
            Rating.objects.filter(assessment=assessment, column=Column.CONSULTANT).values_list(
                "rated_by__email", flat=True
            )
        )
        assert raters == {"tuvan@dbi.local"}


def test_the_returned_one_carries_the_province_officers_comment(seeded):
    returned = Assessment.objects.get(state=State.RETURNED)
    entry = AuditEntry.objects.filter(assessment=returned, to_state=State.RETURNED).get()
    assert entry.reason
    assert entry.actor.province_officer.province == returned.enterprise.province


def test_a_first_draft_has_pillars_one_to_three_answered(seeded):
    first_drafts = Assessment.objects.filter(state=State.DRAFT).exclude(
        enterprise=_main_enterprise()
    )
    answered = _levels(first_drafts.get(), Column.SELF)
    assert len(answered) == 30
    assert {code.split(".")[0] for code in answered} == {"1", "2", "3"}


@pytest.mark.parametrize(
    ("email", "state", "button"),
    [
        ("so.vinhlong@dbi.local", State.SUBMITTED, "Sở bắt đầu xem xét"),
        ("tuvan@dbi.local", State.CONSULTANT_ASSESSING, "Hoàn tất, chuyển Sở"),
        ("so.dongnai@dbi.local", State.PROVINCE_REVIEW, "Sở phê duyệt"),
        ("bo.thamdinh@dbi.local", State.PROVINCE_APPROVED, "Bộ bắt đầu thẩm định"),
        ("bo.thamdinh@dbi.local", State.MINISTRY_APPRAISAL, "Hoàn tất thẩm định"),
        ("dn07@dbi.local", State.RETURNED, "Nộp hồ sơ"),
    ],
)
def test_each_demo_login_finds_its_next_step_waiting(seeded, client, email, state, button):
    client.force_login(User.objects.get(email=email))

    response = client.get(f"/assessments/{Assessment.objects.get(state=state).pk}/")

    assert response.status_code == 200
    assert button in response.content.decode()


def test_seeding_twice_adds_nothing(settings, seeded):
    counts = [model.objects.count() for model in MODELS]
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert [model.objects.count() for model in MODELS] == counts
    assert "0 hồ sơ đánh giá mới" in out.getvalue()
    assert out.getvalue().split("Mật khẩu chung")[1] == seeded.split("Mật khẩu chung")[1]


def test_each_appraised_demo_assessment_has_a_valid_certificate_printed_with_its_link(seeded):
    appraised = Assessment.objects.filter(state=State.APPRAISED)
    certificates = Certificate.objects.select_related("assessment", "issued_by")

    assert appraised.count() == 2
    assert {c.assessment for c in certificates} == set(appraised)
    for certificate in certificates:
        assert certificate.status == Certificate.Status.VALID
        assert certificate.issued_by.email == "bo.thamdinh@dbi.local"
        assert certificate.signer_name == DEMO_SIGNER_NAME
        assert certificate.enterprise_name == certificate.assessment.enterprise.name_vi
        line = f"{certificate.number} {certificate.enterprise_name}: "
        assert line + verification_url(certificate.verification_code) in seeded


def test_a_demo_certificate_verifies_on_the_public_page(seeded, client):
    certificate = Certificate.objects.get(enterprise=_main_enterprise())

    response = client.get(urlsplit(verification_url(certificate.verification_code)).path)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="valid"' in page
    assert certificate.number in page
    assert _main_enterprise().name_vi in page


def test_the_main_demo_login_downloads_its_certificate(seeded, client):
    certificate = Certificate.objects.get(enterprise=_main_enterprise())
    client.force_login(User.objects.get(email="dn.chu@dbi.local"))

    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
