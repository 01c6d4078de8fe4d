"""The history page: newest first, filtered by column, criterion and person (the filters kept
across pages), the same number of queries however long the trail; strangers get a 404."""

import re

import pytest

from assessments.models import Assessment, Column
from assessments.selectors import questionnaire_of
from assessments.services import assessment_create, assessment_return, rating_save

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

# Eleven criteria of the official form answered by picking an answer (not by figures).
ANSWERED = [
    "1.1.1",
    "1.1.2",
    "1.1.7",
    "1.1.9",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "2.1.1",
    "3.1.1",
    "3.1.2",
    "3.2.1",
]
HISTORY_QUERIES = 10  # session, user, assessment, people, criteria, count, page (+ savepoints)


def save(assessment, user, column, code, level, version=0, reason=""):
    rating_save(
        assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
        user=user, reason=reason, expected_version=version,
    )  # fmt: skip


@pytest.fixture
def trail(sme_framework, owner, province_assessor):
    """The enterprise rates 1.1.1 then 1.1.2 and 1.1.1 again; the province rates 1.1.1 and
    returns the file."""
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    save(assessment, owner.user, Column.SELF, "1.1.1", 2)
    save(assessment, owner.user, Column.SELF, "1.1.2", 3)
    save(assessment, owner.user, Column.SELF, "1.1.1", 4, version=1)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    save(assessment, province_assessor, Column.PROVINCE, "1.1.1", 1)
    assessment_return(assessment_id=assessment.pk, user=province_assessor, comment="Thiếu")
    return {"assessment": assessment, "owner": owner.user, "officer": province_assessor}


def changes(html: str) -> list[str]:
    """The rows' change cells, top to bottom, as text."""
    cells = re.findall(
        r'<tr data-action="\w+"[^>]*>\s*<td>.*?</td><td>.*?</td>\s*<td>(.*?)</td>', html, re.S
    )
    return [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells]


def history(client, trail, **params):
    return client.get(f"/assessments/{trail['assessment'].pk}/history/", params).content.decode()


def test_the_history_is_newest_first(client, trail):
    client.force_login(trail["owner"])

    assert changes(history(client, trail)) == [
        "Sở đang xem xét → Trả lại doanh nghiệp",
        "Sở đánh giá · 1.1.1: — → 1",
        "Doanh nghiệp tự đánh giá · 1.1.1: 2 → 4",
        "Doanh nghiệp tự đánh giá · 1.1.2: — → 3",
        "Doanh nghiệp tự đánh giá · 1.1.1: — → 2",
    ]


def test_the_history_filters_by_column(client, trail):
    client.force_login(trail["owner"])

    html = history(client, trail, column="province")

    assert changes(html) == ["Sở đánh giá · 1.1.1: — → 1"]
    assert '<option value="province" selected>' in html


def test_the_history_filters_by_criterion(client, trail):
    client.force_login(trail["owner"])

    html = history(client, trail, criterion="1.1.1")

    assert [c.split("·")[1].strip() for c in changes(html)] == [
        "1.1.1: — → 1",
        "1.1.1: 2 → 4",
        "1.1.1: — → 2",
    ]
    assert re.findall(r'<option value="(\d+\.\d+\.\d+)"', html) == ["1.1.1", "1.1.2"]


def test_the_history_filters_by_person_with_their_steps(client, trail):
    client.force_login(trail["owner"])

    html = history(client, trail, person=trail["officer"].pk)

    assert len(changes(html)) == 2
    assert 'data-action="transition"' in html
    assert f'<option value="{trail["officer"].pk}" selected>{trail["officer"]}</option>' in html


def test_filters_that_match_nothing_say_so_and_unknown_values_are_ignored(client, trail):
    client.force_login(trail["owner"])

    assert 'data-testid="history-empty"' in history(
        client, trail, column="province", criterion="1.1.2"
    )
    assert len(changes(history(client, trail, column="nope", person="x", criterion="9.9"))) == 5


def test_the_pages_keep_the_filters_and_the_queries_stay_flat(
    client, trail, django_assert_max_num_queries
):
    assessment, owner = trail["assessment"], trail["owner"]
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.DRAFT)
    asked = questionnaire_of(assessment)
    for change in range(5):  # 11 criteria × 5 changes: 55 more entries
        for code in ANSWERED:
            levels = sorted({o.level for o in asked.questions[code].options.all()})
            version = 2 if code == "1.1.1" else 1 if code == "1.1.2" else 0
            level = levels[0] if change % 2 else levels[-1]  # alternating: each save is a change
            save(assessment, owner, Column.SELF, code, level, version=version + change)
    client.force_login(owner)

    with django_assert_max_num_queries(HISTORY_QUERIES):
        first = history(client, trail, column="self")
    with django_assert_max_num_queries(HISTORY_QUERIES):
        second = history(client, trail, column="self", page=2)

    assert len(changes(first)) == 50
    assert len(changes(second)) == 58 - 50
    assert 'href="?column=self&amp;page=2"' in first
    assert changes(second)[-1] == "Doanh nghiệp tự đánh giá · 1.1.1: — → 2"


def test_strangers_get_no_history_whatever_the_filters(client, trail):
    client.force_login(UserFactory())
    response = client.get(f"/assessments/{trail['assessment'].pk}/history/", {"column": "self"})
    assert response.status_code == 404
