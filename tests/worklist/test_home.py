"""/me/ says what waits for each person ("Việc cần làm"): an officer the files with their
province, by what is to be done; a consultant their invitations and their clients' files; the
ministry the files to appraise and the certificates to issue; an enterprise member the next step
of each assessment, with its button. Nobody sees what the visibility rules hide from them, a
member never sees their own enterprise among the files to review, and the page takes the same
queries for few or many files."""

import re

import pytest
from django.utils import timezone

from assessments.models import Assessment, Column, Criterion, Rating
from assessments.selectors import QUEUE_SIZE, catalog_index
from assessments.services import rating_save
from assessments.services.ratings import write_column_result
from certification.services import certificate_issue
from enterprises.models import Accreditation, Engagement, Membership, Province

from ..cast import DONG_NAI, VINH_LONG
from ..certification.conftest import rate_ministry_column
from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    SignerFactory,
)

pytestmark = pytest.mark.django_db
State = Assessment.State


def queues(page: str) -> dict[str, dict[str, tuple[int, list[int]]]]:
    """{role: {group: (count, [assessment ids listed])}} as the page shows them."""
    found = {}
    for role, body in re.findall(r'data-queue="(\w+)"(.*?)</section>', page, re.S):
        groups = {}
        for key, group in re.findall(r'data-group="(\w+)">(.*?)</div>', body, re.S):
            count = int(re.search(r'data-testid="count">(\d+)<', group).group(1))
            groups[key] = (count, [int(i) for i in re.findall(r'data-assessment="(\d+)"', group)])
        found[role] = groups
    return found


def steps(page: str) -> dict[int | None, tuple[str, str]]:
    """{assessment id (None: a year to start): (button text, link)} of a member's next steps."""
    found = {}
    for attrs, body in re.findall(r'<li data-testid="next-step"([^>]*)>(.*?)</li>', page, re.S):
        pk = re.search(r'data-assessment="(\d+)"', attrs)
        button = re.search(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', body)
        found[int(pk.group(1)) if pk else None] = (button.group(2), button.group(1))
    return found


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def in_province(code: int, state: str, **kwargs) -> Assessment:
    enterprise = EnterpriseFactory(province=Province.objects.get(code=code))
    return AssessmentFactory(enterprise=enterprise, state=state, **kwargs)


def rate_column(assessment: Assessment, column: str, *, user) -> None:
    """Every criterion of ``column`` rated, with its stored result, as a finished review."""
    now = timezone.now()
    rated = Rating.objects.filter(assessment=assessment, column=column).values("criterion_id")
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            criterion=c,
            column=column,
            level=3,
            rated_by=user,
            rated_at=now,
        )
        for c in Criterion.objects.filter(framework=assessment.framework).exclude(pk__in=rated)
    )
    write_column_result(assessment, column, catalog_index(assessment.framework))


# --- province officers --------------------------------------------------------------------------


@pytest.fixture
def province_files(places, sme_framework, province_officer):
    """Files of Vĩnh Long in every state an officer cares about, and some they do not."""
    files = {state: in_province(VINH_LONG, state) for state in State.values}
    engaged = in_province(VINH_LONG, State.SUBMITTED)
    EngagementFactory(enterprise=engaged.enterprise, consultant=AccreditationFactory().consultant)
    finished = in_province(VINH_LONG, State.PROVINCE_REVIEW)
    rate_column(finished, Column.PROVINCE, user=province_officer)
    return {
        **files,
        "engaged": engaged,
        "finished": finished,
        "elsewhere": in_province(DONG_NAI, State.SUBMITTED),
    }


def test_an_officer_sees_the_files_with_their_province_by_what_is_to_be_done(
    client, province_officer, province_files
):
    files = province_files

    page = home(client, province_officer)

    officer = queues(page)["officer"]
    assert officer == {
        # Submitted with a consultant engaged: the consultant's first, not listed.
        "to_start": (1, [files[State.SUBMITTED].pk]),
        "to_finish": (1, [files[State.PROVINCE_REVIEW].pk]),
        "to_approve": (1, [files["finished"].pk]),
        "returned": (1, [files[State.RETURNED].pk]),
    }
    # What there is to do: the returned file waits on its enterprise.
    assert '<span class="count" data-testid="work-count">3</span>' in page


def test_each_entry_opens_the_assessment_for_the_officer(client, province_officer, province_files):
    page = home(client, province_officer)
    submitted = province_files[State.SUBMITTED]

    assert f'href="/assessments/{submitted.pk}/"' in page
    assert client.get(f"/assessments/{submitted.pk}/").status_code == 200
    assert "Hồ sơ của Sở – " in page


def test_an_assessor_who_may_not_approve_has_nothing_to_approve(
    client, province_assessor, province_files
):
    officer = queues(home(client, province_assessor))["officer"]

    assert set(officer) == {"to_start", "to_finish", "returned"}


def test_an_officer_of_another_province_sees_none_of_these_files(
    client, other_province_officer, province_files
):
    page = home(client, other_province_officer)

    officer = queues(page)["officer"]
    assert officer["to_start"] == (1, [province_files["elsewhere"].pk])
    assert officer["to_finish"] == (0, [])
    assert officer["returned"] == (0, [])
    assert "Không có hồ sơ nào Sở đang đánh giá dở." in page
    vinh_long = province_files[State.SUBMITTED]
    assert client.get(f"/assessments/{vinh_long.pk}/").status_code == 404


def test_an_officer_who_is_a_member_does_not_see_their_own_enterprise_to_review(
    client, province_officer, province_files
):
    own = province_files[State.SUBMITTED]
    MembershipFactory(enterprise=own.enterprise, user=province_officer, role="staff")

    page = home(client, province_officer)

    assert queues(page)["officer"]["to_start"] == (0, [])
    assert own.pk in steps(page)  # as a member, its next step


def test_a_long_queue_lists_the_first_and_links_to_all_of_them(
    client, places, sme_framework, province_officer
):
    for _ in range(QUEUE_SIZE + 2):
        in_province(VINH_LONG, State.RETURNED)

    page = home(client, province_officer)

    count, listed = queues(page)["officer"]["returned"]
    assert (count, len(listed)) == (QUEUE_SIZE + 2, QUEUE_SIZE)
    assert f'href="/enterprises/?state=returned">Xem tất cả ({QUEUE_SIZE + 2})</a>' in page


# --- consultants ---------------------------------------------------------------------------------


@pytest.fixture
def clients_files(sme_framework, owner, consultant):
    """The consultant's client's files (submitted, being assessed), another enterprise's
    submitted file, and an invitation from a third."""
    elsewhere = in_province(VINH_LONG, State.SUBMITTED)
    invitation = EngagementFactory(
        consultant=consultant,
        enterprise__name_vi="Công ty Mời Tư Vấn",
        status=Engagement.Status.INVITED,
        independence_declared_at=None,
    )
    return {
        "submitted": AssessmentFactory(enterprise=owner.enterprise, state=State.SUBMITTED),
        "assessing": AssessmentFactory(
            enterprise=owner.enterprise, state=State.CONSULTANT_ASSESSING, period=2025
        ),
        "elsewhere": elsewhere,
        "invitation": invitation,
    }


def test_a_consultant_sees_invitations_and_the_files_of_their_clients(
    client, consultant, clients_files
):
    page = home(client, consultant.user)

    assert queues(page)["consultant"] == {
        "invitations": (1, []),
        "to_start": (1, [clients_files["submitted"].pk]),
        "to_finish": (1, [clients_files["assessing"].pk]),
    }
    invitation = clients_files["invitation"]
    assert f'href="/engagements/{invitation.pk}/">Trả lời lời mời</a>' in page
    assert client.get(f"/assessments/{clients_files['elsewhere'].pk}/").status_code == 404


def test_a_consultant_whose_accreditation_lapsed_sees_no_files(client, consultant, clients_files):
    Accreditation.objects.filter(consultant=consultant).update(
        valid_until=timezone.localdate().replace(year=2020)
    )

    page = home(client, consultant.user)

    assert queues(page)["consultant"] == {"invitations": (1, [])}
    assert "chưa có hiệu lực" in page


# --- the ministry --------------------------------------------------------------------------------


@pytest.fixture
def ministry_files(places, sme_framework):
    files = {state: in_province(VINH_LONG, state) for state in State.values}
    rate_ministry_column(files[State.APPRAISED])
    certified = in_province(DONG_NAI, State.APPRAISED)
    rate_ministry_column(certified)
    SignerFactory()
    certificate_issue(assessment_id=certified.pk, user=MinistryReviewerFactory(can_issue=True).user)
    return {**files, "certified": certified}


def test_the_ministry_sees_files_to_appraise_and_certificates_to_issue(client, ministry_files):
    reviewer = MinistryReviewerFactory(can_appraise=True, can_issue=True).user

    page = home(client, reviewer)

    assert queues(page)["ministry"] == {
        "to_start": (1, [ministry_files[State.PROVINCE_APPROVED].pk]),
        "to_finish": (1, [ministry_files[State.MINISTRY_APPRAISAL].pk]),
        "to_issue": (1, [ministry_files[State.APPRAISED].pk]),  # not the certified one
    }
    appraised = ministry_files[State.APPRAISED]
    assert f'href="/assessments/{appraised.pk}/certificate/"' in page


def test_an_appraiser_who_does_not_issue_has_no_certificates_to_issue(client, ministry_files):
    page = home(client, MinistryReviewerFactory(can_appraise=True, can_issue=False).user)

    assert set(queues(page)["ministry"]) == {"to_start", "to_finish"}


def test_an_issuer_who_does_not_appraise_has_only_certificates_to_issue(client, ministry_files):
    page = home(client, MinistryReviewerFactory(can_appraise=False, can_issue=True).user)

    assert set(queues(page)["ministry"]) == {"to_issue"}


# --- enterprise members --------------------------------------------------------------------------


def test_a_member_sees_the_next_step_of_each_assessment_with_its_button(
    client, owner, province_officer, sme_framework
):
    year = timezone.localdate().year

    def mine(state: str) -> Assessment:
        enterprise = EnterpriseFactory(province=owner.enterprise.province)
        MembershipFactory(enterprise=enterprise, user=owner.user, role=Membership.Role.STAFF)
        return AssessmentFactory(enterprise=enterprise, state=state, period=year)

    draft = AssessmentFactory(enterprise=owner.enterprise, period=year)
    older = AssessmentFactory(enterprise=owner.enterprise, period=year - 1, state=State.APPRAISED)
    returned = mine(State.RETURNED)
    returned.audit.create(
        action="transition",
        from_state=State.PROVINCE_REVIEW,
        to_state=State.RETURNED,
        reason="Bổ sung minh chứng cho 3.2.5",
        actor=province_officer,
    )
    waiting = mine(State.PROVINCE_REVIEW)
    stranger_file = AssessmentFactory(state=State.DRAFT, period=year)

    page = home(client, owner.user)

    found = steps(page)
    assert found == {
        draft.pk: ("Bắt đầu tự đánh giá", f"/assessments/{draft.pk}/"),
        returned.pk: ("Xem ý kiến trả lại và sửa", f"/assessments/{returned.pk}/"),
        waiting.pk: ("Xem hồ sơ", f"/assessments/{waiting.pk}/"),
    }  # the latest of each enterprise's index only; every enterprise has this year's
    assert older.pk not in found
    assert stranger_file.pk not in found
    assert "Sở đang xem xét." in page
    assert "Bổ sung minh chứng cho 3.2.5" in page
    assert client.get(f"/assessments/{stranger_file.pk}/").status_code == 404


def test_a_member_continues_then_submits_a_draft(client, owner, assessment):
    for code in ("1.1.1", "1.1.2"):
        rating_save(
            assessment_id=assessment.pk,
            column=Column.SELF,
            criterion_code=code,
            level=2,
            user=owner.user,
            expected_version=0,
        )
    assert steps(home(client, owner.user))[assessment.pk][0] == "Tiếp tục tự đánh giá"
    assert "Đã trả lời 2/60 tiêu chí." in home(client, owner.user)

    rate_column(assessment, Column.SELF, user=owner.user)  # (the two rated again: all 60)
    assert steps(home(client, owner.user))[assessment.pk][0] == "Nộp hồ sơ"


def test_a_member_sees_the_certificate_of_an_appraised_assessment(client, owner, assessment_in):
    appraised = assessment_in(State.APPRAISED, period=timezone.localdate().year)
    rate_ministry_column(appraised)
    assert steps(home(client, owner.user))[appraised.pk][0] == "Xem kết quả"
    SignerFactory()
    certificate_issue(assessment_id=appraised.pk, user=MinistryReviewerFactory(can_issue=True).user)

    found = steps(home(client, owner.user))

    assert found[appraised.pk] == ("Xem chứng nhận", f"/assessments/{appraised.pk}/certificate/")


def test_a_member_without_this_years_assessment_is_offered_to_start_it(client, owner, places):
    found = steps(home(client, owner.user))

    year = timezone.localdate().year
    assert found == {None: (f"Bắt đầu đánh giá năm {year}", f"/enterprises/{owner.enterprise.pk}/")}


def test_someone_with_no_role_has_nothing_to_do(client, stranger):
    page = home(client, stranger)

    assert "Hiện không có việc nào chờ bạn." in page
    assert queues(page) == {}


# --- queries --------------------------------------------------------------------------------------

HOME_QUERIES = 16  # an officer 14, an issuer 16, a member 11 (the view, session, user, counts)


def test_the_page_takes_the_same_queries_for_few_or_many_files(
    client, places, sme_framework, province_officer, owner, django_assert_max_num_queries
):
    reviewer = MinistryReviewerFactory(can_issue=True).user

    def counted(user) -> int:
        client.force_login(user)
        with django_assert_max_num_queries(HOME_QUERIES) as captured:
            assert client.get("/me/").status_code == 200
        return len(captured)

    periods = iter(range(2021, 2100))

    def add(n: int) -> None:
        for state in State.values:
            for _ in range(n):
                in_province(VINH_LONG, state)
        for _ in range(n):
            AssessmentFactory(
                enterprise=owner.enterprise, state=State.RETURNED, period=next(periods)
            )
        for _ in range(n):
            other = EnterpriseFactory(province=owner.enterprise.province)
            MembershipFactory(enterprise=other, user=owner.user, role=Membership.Role.STAFF)
            AssessmentFactory(enterprise=other, state=State.SUBMITTED)

    add(1)
    few = [counted(user) for user in (province_officer, reviewer, owner.user)]
    add(QUEUE_SIZE + 5)
    many = [counted(user) for user in (province_officer, reviewer, owner.user)]

    assert many == few, (few, many)


def test_staff_do_not_get_a_consultant_card_they_have_no_use_for(
    client, province_officer, ministry_reviewer
):
    for person in (province_officer, ministry_reviewer):
        page = home(client, person)
        assert "Chuyên gia tư vấn</h2>" not in page
        assert "Chưa có lời mời nào." not in page
