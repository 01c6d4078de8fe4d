"""The assessments API on the national form: reading a column's ratings gives each one's basis,
the position of the answer picked and, for a criterion asked as figures, the figures and the
computation; writing takes an answer's position, a criterion's figures, or a reviewer's direct
level with a note; bad input is named under its field, in the caller's language; the roles are
those of the pages."""

import pytest

from assessments.models import Assessment, Column, Figure, Rating
from assessments.services import figures_save, rating_save

from ..factories import AssessmentFactory, UserFactory, official_version
from ..official_form import answer_all

pytestmark = pytest.mark.django_db

# 1.1.3: digital marketing spending (c1_1_3_num) over all marketing spending (c1_1_3_den);
# level 2 from 10 %, 3 from 25 %, 4 from 50 %, 5 from 75 %. 1.1.1 is asked with answers.
NUM, DEN = "c1_1_3_num", "c1_1_3_den"


@pytest.fixture
def national(owner, province_officer):
    """A draft on the national form: the owner answered 1.1.1 with its third answer (position
    2) and entered 12 of 40 for 1.1.3 (30 %: level 3)."""
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    figures_save(
        assessment_id=assessment.pk, column=Column.SELF, user=owner.user,
        values={NUM: 12, DEN: 40},
    )  # fmt: skip
    rating_save(
        assessment_id=assessment.pk, column=Column.SELF, criterion_code="1.1.1", level=None,
        option=2, user=owner.user, expected_version=0,
    )  # fmt: skip
    return assessment, owner.user, province_officer


@pytest.fixture
def in_review(national):
    """The same assessment with the province."""
    assessment, owner, officer = national
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    return assessment, owner, officer


def ratings_url(assessment, column="self") -> str:
    return f"/api/v1/assessments/{assessment.pk}/ratings/?column={column}"


def put(client, assessment, code, language="vi", **body):
    return client.put(
        f"/api/v1/assessments/{assessment.pk}/ratings/{code}/",
        {"column": "self", "version": 0, **body},
        content_type="application/json",
        headers={"accept-language": language},
    )


def version_of(assessment, column, code) -> int:
    return Rating.objects.get(assessment=assessment, column=column, criterion__code=code).version


# --- reading ---


def test_the_ratings_say_their_basis_option_figures_and_computation(
    client, national, django_assert_max_num_queries
):
    assessment, owner, _ = national
    client.force_login(owner)

    # session, user, the assessment with its version, its figures, the ratings (and savepoints)
    with django_assert_max_num_queries(7):
        ratings = {r["criterion"]: r for r in client.get(ratings_url(assessment)).json()}

    answered, computed = ratings["1.1.1"], ratings["1.1.3"]
    assert (answered["kind"], answered["basis"], answered["option"]) == ("descriptors", "answer", 2)
    assert (answered["figures"], answered["computation"]) == ({}, None)
    assert (computed["kind"], computed["basis"], computed["option"]) == ("figures", "figures", None)
    assert computed["level"] == 3
    assert computed["figures"] == {NUM: 12, DEN: 40}
    assert computed["computation"] == {
        "numerator": 12,
        "denominator": 40,
        "percent": 30.0,
        "level": 3,
        "text": "12 / 40 = 30 % → mức 3",
    }


def test_the_computation_is_in_the_callers_language(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    ratings = client.get(ratings_url(assessment), headers={"accept-language": "en"}).json()

    computed = next(r for r in ratings if r["criterion"] == "1.1.3")
    assert computed["computation"]["text"] == "12 / 40 = 30 % → level 3"


def test_a_level_set_directly_reads_as_direct_with_its_note(client, in_review):
    assessment, _owner, officer = in_review
    rating_save(
        assessment_id=assessment.pk, column=Column.PROVINCE, criterion_code="1.1.3", level=5,
        note="Theo hợp đồng quảng cáo", user=officer, expected_version=0,
    )  # fmt: skip
    client.force_login(officer)

    (rating,) = client.get(ratings_url(assessment, "province")).json()

    assert (rating["basis"], rating["level"], rating["note"]) == (
        "direct", 5, "Theo hợp đồng quảng cáo",
    )  # fmt: skip
    assert rating["computation"] is None  # the province entered no figures


# --- writing ---


def test_an_answer_is_written_by_its_position(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    response = put(client, assessment, "1.1.1", option=4, version=1)

    assert response.status_code == 200
    body = response.json()
    assert (body["option"], body["basis"], body["version"]) == (4, "answer", 2)
    assert body["level"] == 4


def test_figures_are_written_and_give_the_level(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    response = put(
        client, assessment, "1.1.3", figures={NUM: 20, DEN: 40},
        version=version_of(assessment, Column.SELF, "1.1.3"),
    )  # fmt: skip

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["level"], body["basis"]) == (4, "figures")
    assert body["figures"] == {NUM: 20, DEN: 40}
    assert body["computation"]["text"] == "20 / 40 = 50 % → mức 4"
    stored = dict(
        Figure.objects.filter(assessment=assessment, column=Column.SELF).values_list(
            "field__key", "value"
        )
    )
    assert stored == {NUM: 20, DEN: 40}


def test_a_reviewer_sets_a_figures_criterion_directly_with_a_note(client, in_review):
    assessment, _owner, officer = in_review
    client.force_login(officer)

    response = put(
        client, assessment, "1.1.3", column="province", level=5, note="Có hợp đồng quảng cáo số"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["basis"], response.json()["level"]) == ("direct", 5)


def test_a_reviewer_enters_figures_in_their_own_column(client, in_review):
    assessment, _owner, officer = in_review
    client.force_login(officer)

    response = put(client, assessment, "1.1.3", column="province", figures={NUM: 4, DEN: 40})

    assert response.status_code == 200, response.json()
    assert response.json()["computation"]["text"] == "4 / 40 = 10 % → mức 2"
    own = client.get(ratings_url(assessment)).json()
    assert next(r for r in own if r["criterion"] == "1.1.3")["level"] == 3  # unchanged


# --- bad input, under its field ---


def test_a_direct_level_without_a_note_is_refused_under_note(client, in_review):
    assessment, _owner, officer = in_review
    client.force_login(officer)

    response = put(client, assessment, "1.1.3", column="province", level=5)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["note"]


def test_the_enterprise_may_not_set_a_figures_criterions_level(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    response = put(
        client, assessment, "1.1.3", level=5, note="Tự đặt",
        version=version_of(assessment, Column.SELF, "1.1.3"),
    )  # fmt: skip

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["level"] == [
        "Mức của tiêu chí này được tính từ số liệu; hãy nhập số liệu thay vì chọn mức."
    ]


def test_a_numerator_above_its_denominator_is_named_under_the_figure(client, national):
    assessment, owner, _ = national
    client.force_login(owner)
    version = version_of(assessment, Column.SELF, "1.1.3")

    response = put(client, assessment, "1.1.3", figures={NUM: 50}, version=version)
    english = put(client, assessment, "1.1.3", "en", figures={NUM: 50}, version=version)

    assert response.status_code == english.status_code == 400
    (message,) = response.json()["error"]["fields"]["figures"][NUM]
    assert message.startswith("Tiêu chí 1.1.3: Tổng đầu tư vào hoạt động tiếp thị số lớn hơn")
    (message,) = english.json()["error"]["fields"]["figures"][NUM]
    assert message.startswith("Criterion 1.1.3: ")
    assert Figure.objects.get(assessment=assessment, field__key=NUM).value == 12  # unchanged


@pytest.mark.parametrize(
    ("code", "body", "field"),
    [
        ("1.1.3", {"figures": {NUM: -1}}, ["figures", NUM]),
        ("1.1.3", {"figures": {NUM: "mười hai"}}, ["figures", NUM]),
        ("1.1.3", {"figures": {"staff_total": 10}}, ["figures", "staff_total"]),
        ("1.1.3", {"option": 1}, ["option"]),
        ("1.1.1", {"figures": {NUM: 1}}, ["figures"]),
        ("1.1.1", {"option": 9}, ["option"]),
        ("1.1.1", {"option": 1, "level": 1}, ["level"]),
    ],
)
def test_bad_input_is_named_under_its_field(client, national, code, body, field):
    assessment, owner, _ = national
    client.force_login(owner)

    response = put(client, assessment, code, **body, version=version_of(assessment, "self", code))

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    found = error["fields"]
    for key in field:
        found = found[key]
    assert found
    assert all(isinstance(m, str) for m in found)


def test_a_figures_field_error_speaks_english(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    response = put(client, assessment, "1.1.1", "en", figures={NUM: 1}, version=1)

    assert response.json()["error"]["fields"]["figures"] == [
        "This criterion is asked with answers, not with figures."
    ]


def test_an_unknown_criterion_is_a_404(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    assert put(client, assessment, "9.9.9", option=1).status_code == 404


def test_stale_figures_are_a_409_and_nothing_is_saved(client, national):
    assessment, owner, _ = national
    client.force_login(owner)

    response = put(client, assessment, "1.1.3", figures={NUM: 20}, version=0)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "stale"
    assert Figure.objects.get(assessment=assessment, field__key=NUM).value == 12


# --- who may write ---


def test_the_enterprise_may_not_write_the_provinces_figures_or_level(client, in_review):
    assessment, owner, _officer = in_review
    client.force_login(owner)

    figures = put(client, assessment, "1.1.3", column="province", figures={NUM: 1, DEN: 2})
    direct = put(client, assessment, "1.1.3", column="province", level=5, note="Tự đặt")

    assert figures.status_code == direct.status_code == 403
    assert not Figure.objects.filter(assessment=assessment, column=Column.PROVINCE).exists()
    assert not Rating.objects.filter(assessment=assessment, column=Column.PROVINCE).exists()


def test_the_province_may_not_write_the_enterprises_figures(client, national):
    assessment, _owner, officer = national
    client.force_login(officer)

    response = put(
        client, assessment, "1.1.3", figures={NUM: 1},
        version=version_of(assessment, Column.SELF, "1.1.3"),
    )  # fmt: skip

    assert response.status_code == 403
    assert Figure.objects.get(assessment=assessment, field__key=NUM).value == 12


def test_strangers_neither_read_nor_write_figures(client, national):
    assessment, _owner, _officer = national
    client.force_login(UserFactory())

    assert client.get(ratings_url(assessment)).status_code == 404
    assert put(client, assessment, "1.1.3", figures={NUM: 1}).status_code == 404
    assert Figure.objects.get(assessment=assessment, field__key=NUM).value == 12


def test_writing_figures_takes_as_many_queries_with_every_answer_given_as_with_two(
    client, national, django_assert_max_num_queries
):
    """The figures, the re-levelling, the rating, the column's result: a fixed number of
    queries however much of the form is answered."""
    assessment, owner, _ = national
    full = AssessmentFactory(
        enterprise=assessment.enterprise, created_by=owner, period=2025,
        catalog_version=official_version(),
    )  # fmt: skip
    answer_all(full, owner, level=2)
    client.force_login(owner)

    counts = []
    for each in (assessment, full):
        version = version_of(each, Column.SELF, "1.1.3")
        with django_assert_max_num_queries(36) as queries:
            response = put(client, each, "1.1.3", figures={NUM: 20, DEN: 40}, version=version)
        assert response.status_code == 200, response.json()
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# --- the comparison ---


def test_the_comparison_gives_the_version_and_each_columns_computation(client, in_review):
    assessment, owner, officer = in_review
    rating_save(
        assessment_id=assessment.pk, column=Column.PROVINCE, criterion_code="1.1.3", level=5,
        note="Theo hợp đồng", user=officer, expected_version=0,
    )  # fmt: skip
    client.force_login(owner)

    body = client.get(f"/api/v1/assessments/{assessment.pk}/comparison/").json()

    assert body["version"] == {
        "number": 2, "label": "official-2021", "name": "Phiếu khảo sát quốc gia (2021)",
    }  # fmt: skip
    criteria = {c["code"]: c for c in body["criteria"]}
    answers = criteria["1.1.3"]["answers"]
    assert criteria["1.1.3"]["kind"] == "figures"
    assert answers["self"]["basis"] == "figures"
    assert answers["self"]["computation"]["text"] == "12 / 40 = 30 % → mức 3"
    assert (answers["province"]["basis"], answers["province"]["note"]) == (
        "direct", "Theo hợp đồng",
    )  # fmt: skip
    assert answers["consultant"] is None
    assert criteria["1.1.1"]["answers"]["self"]["option"] == 2
