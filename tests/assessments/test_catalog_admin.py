"""The catalog versions in the admin: an answered version is read-only (its questions, options,
thresholds and figures), the "Tạo phiên bản mới để sửa" button forks it into version N+1 and
opens the copy, the copy is edited under the checker's rules, and making it current switches new
assessments to it while an assessment answered before keeps its questions, levels and result.

Expectations, by hand, from fixtures/questionnaires/dbi-sme-2021/official-2021.json:

* the official version is number 2 (guidance-2021 is 1), so the first fork is number 3, labelled
  ``official-2021--3``;
* 1.1.1 is a descriptors question with six answers, positions 0..5 giving levels 0..5;
* 1.1.4 is asked as figures c1_1_4_num / c1_1_4_den with minima 0, 5, 10, 20, 40 % for levels
  1..5: 12 of 100 (12 %) reaches level 3 (≥ 10 %); with level 3's minimum raised to 15 % the
  same figures give level 2 (≥ 5 %, < 15 %).
"""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.admin import threshold_messages
from assessments.models import (
    CatalogVersion,
    Column,
    ColumnResult,
    FigureField,
    FigureThreshold,
    Question,
    QuestionOption,
    Rating,
)
from assessments.selectors import catalog_index
from assessments.services import (
    assessment_create,
    figures_save,
    rating_save,
    version_fork,
)
from assessments.services.ratings import write_column_result

from ..factories import AssessmentFactory, UserFactory, official_version

pytestmark = pytest.mark.django_db

SME = "dbi-sme-2021"
EDITED_GATE = "Doanh nghiệp có trang web bán hàng riêng không?"
EDITED_DESCRIPTOR = "Trang web có giỏ hàng và thanh toán trực tuyến"


@pytest.fixture
def admin_user():
    return UserFactory(is_superuser=True, is_staff=True, email="qt@example.vn")


@pytest.fixture
def superuser_client(client, admin_user):
    # The autouse fixture ``staff_second_factor_off`` (tests/conftest.py) lets a forced login
    # in; test_the_catalog_admin_asks_for_the_second_factor has the rule on.
    client.force_login(admin_user)
    return client


@pytest.fixture
def answered(owner):
    """An assessment on the national form's version, which makes that version answered."""
    return AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )


def question(version: CatalogVersion, code: str) -> Question:
    return Question.objects.get(version=version, criterion__code=code)


def change_url(obj) -> str:
    return reverse(f"admin:assessments_{obj._meta.model_name}_change", args=[obj.pk])


def fork_url(q: Question) -> str:
    return reverse("admin:assessments_question_fork", args=[q.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


def post_data(page) -> dict[str, object]:
    """What the browser would send back unchanged: the change form's fields and every inline's
    management form and rows, as the admin rendered them."""
    data: dict[str, object] = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


def row_index(data: dict[str, object], prefix: str, field: str, value: object) -> int:
    """The index of the inline row of ``prefix`` whose ``field`` is ``value``."""
    for key, found in data.items():
        if key.startswith(f"{prefix}-") and key.endswith(f"-{field}") and found == value:
            return int(key.split("-")[1])
    raise KeyError((prefix, field, value))


def forked(client, q: Question) -> Question:
    """Press the fork button on ``q``'s page; the copy of ``q`` it opens."""
    response = client.post(fork_url(q))
    assert response.status_code == 302
    copy = Question.objects.get(pk=response.url.rstrip("/").split("/")[-2])
    assert response.url == change_url(copy)
    return copy


def save(client, q: Question, **changes) -> object:
    page = client.get(change_url(q))
    data = post_data(page)
    data.update(changes)
    return client.post(change_url(q), data)


def set_threshold(client, q: Question, level: int, min_percent: int):
    page = client.get(change_url(q))
    data = post_data(page)
    data[f"thresholds-{row_index(data, 'thresholds', 'level', level)}-min_percent"] = min_percent
    return client.post(change_url(q), data)


def errors_of(response) -> str:
    """The form's and the inlines' errors as one text (the page answered 200, not saved)."""
    assert response.status_code == 200, "saved, but should not have been"
    parts = [str(response.context["adminform"].form.errors)]
    for inline in response.context["inline_admin_formsets"]:
        parts.append(str(inline.formset.non_form_errors()))
        parts.extend(str(form.errors) for form in inline.formset.forms)
    return html.unescape(" ".join(parts))


# --- an answered version is read-only ----------------------------------------------------------


def test_an_answered_versions_question_opens_read_only_with_the_fork_button(
    superuser_client, answered
):
    q = question(official_version(), "1.1.1")

    page = superuser_client.get(change_url(q))

    assert page.status_code == 200
    content = text(page)
    assert "Phiên bản này đã có đánh giá trả lời nên chỉ xem, không sửa được." in content
    assert f'action="{fork_url(q)}"' in content
    assert "Tạo phiên bản mới để sửa" in content
    assert 'name="gate_vi"' not in content  # shown as text, not as a field
    assert 'name="_save"' not in content
    assert 'name="options-0-label_vi"' not in content
    assert q.gate_vi in content
    assert q.options.get(position=1).label_vi in content


def test_a_change_posted_to_an_answered_versions_question_is_refused_and_changes_nothing(
    superuser_client, answered
):
    q = question(official_version(), "1.1.1")
    option = q.options.get(position=3)

    response = superuser_client.post(
        change_url(q),
        {
            "gate_vi": EDITED_GATE,
            "options-TOTAL_FORMS": 1,
            "options-INITIAL_FORMS": 1,
            "options-0-id": option.pk,
            "options-0-question": q.pk,
            "options-0-position": 3,
            "options-0-level": 3,
            "options-0-label_vi": EDITED_DESCRIPTOR,
        },
    )

    assert response.status_code == 403
    q.refresh_from_db()
    option.refresh_from_db()
    assert q.gate_vi != EDITED_GATE
    assert option.label_vi != EDITED_DESCRIPTOR


def test_a_question_is_neither_added_nor_deleted_in_the_admin(superuser_client):
    q = question(official_version(), "1.1.1")

    assert superuser_client.get(reverse("admin:assessments_question_add")).status_code == 403
    delete = reverse("admin:assessments_question_delete", args=[q.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=q.pk).exists()


def test_an_answered_versions_figures_are_read_only_on_its_page(superuser_client, answered):
    version = official_version()
    staff = FigureField.objects.get(version=version, key="staff_total")

    page = superuser_client.get(change_url(version))
    response = superuser_client.post(
        change_url(version),
        {
            "label": version.label,
            "name_vi": version.name_vi,
            "figures-TOTAL_FORMS": 1,
            "figures-INITIAL_FORMS": 1,
            "figures-0-id": staff.pk,
            "figures-0-version": version.pk,
            "figures-0-position": staff.position,
            "figures-0-key": "staff_edited",
            "figures-0-unit": "count",
            "figures-0-label_vi": "Đã sửa",
        },
    )

    assert page.status_code == 200
    assert 'name="figures-0-key"' not in page.content.decode()
    assert "không sửa được" in text(page)
    assert response.status_code == 403
    staff.refresh_from_db()
    assert (staff.key, staff.label_vi) == ("staff_total", "Tổng số nhân viên của doanh nghiệp")


def test_an_answered_or_current_version_cannot_be_deleted(superuser_client, answered):
    guidance = CatalogVersion.objects.get(framework__code=SME, label="guidance-2021")
    official = official_version()  # current and answered
    AssessmentFactory()  # on guidance-2021: answered, not current

    for version in (official, guidance):
        delete = reverse("admin:assessments_catalogversion_delete", args=[version.pk])
        assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert CatalogVersion.objects.filter(pk__in=[official.pk, guidance.pk]).count() == 2


def test_an_unanswered_fork_is_deleted_with_its_questions_and_figures(superuser_client, admin_user):
    fork = version_fork(version=official_version(), user=admin_user)
    delete = reverse("admin:assessments_catalogversion_delete", args=[fork.pk])

    response = superuser_client.post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert not CatalogVersion.objects.filter(pk=fork.pk).exists()
    assert not Question.objects.filter(version_id=fork.pk).exists()
    assert not FigureField.objects.filter(version_id=fork.pk).exists()


# --- forking and editing the copy ---------------------------------------------------------------


def test_the_fork_button_makes_version_n_plus_1_and_opens_its_copy_of_the_question(
    superuser_client, admin_user, answered
):
    official = official_version()
    q = question(official, "1.1.1")

    copy = forked(superuser_client, q)

    fork = copy.version
    assert (fork.number, fork.label) == (3, "official-2021--3")
    assert fork.based_on == official
    assert fork.created_by == admin_user
    assert not fork.is_current
    assert CatalogVersion.objects.get(is_current=True, framework__code=SME) == official
    assert copy.criterion_id == q.criterion_id
    page = superuser_client.get(change_url(copy))
    assert 'name="gate_vi"' in page.content.decode()
    assert "Phiên bản này đã có đánh giá trả lời" not in text(page)
    assert "Đã tạo phiên bản 3 từ phiên bản 2" in text(page)


def test_the_fork_button_only_posts(superuser_client, answered):
    q = question(official_version(), "1.1.1")

    assert superuser_client.get(fork_url(q)).status_code == 405
    assert not CatalogVersion.objects.filter(number=3).exists()


def test_staff_without_the_right_to_add_versions_cannot_fork(client, answered):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_question", "view_questionoption"])
    )
    client.force_login(viewer)
    q = question(official_version(), "1.1.1")

    page = client.get(change_url(q))
    response = client.post(fork_url(q))

    assert page.status_code == 200
    assert "Tạo phiên bản mới để sửa" not in text(page)
    assert response.status_code == 302
    assert response.url == change_url(q)
    assert not CatalogVersion.objects.filter(number=3).exists()


def test_editing_the_copy_saves_its_question_and_answers(superuser_client, answered):
    copy = forked(superuser_client, question(official_version(), "1.1.1"))

    response = save(
        superuser_client, copy, gate_vi=EDITED_GATE, **{"options-3-label_vi": EDITED_DESCRIPTOR}
    )

    assert response.status_code == 302, errors_of(response)
    copy.refresh_from_db()
    assert copy.gate_vi == EDITED_GATE
    assert copy.options.get(position=3).label_vi == EDITED_DESCRIPTOR
    original = question(official_version(), "1.1.1")
    assert original.gate_vi != EDITED_GATE
    assert original.options.get(position=3).label_vi != EDITED_DESCRIPTOR


def test_editing_a_copys_threshold_leaves_the_originals(superuser_client, answered):
    copy = forked(superuser_client, question(official_version(), "1.1.4"))

    response = set_threshold(superuser_client, copy, level=3, min_percent=15)

    assert response.status_code == 302, errors_of(response)
    assert copy.thresholds.get(level=3).min_percent == 15
    assert question(official_version(), "1.1.4").thresholds.get(level=3).min_percent == 10


def test_a_copys_figure_is_edited_on_its_version_page(superuser_client, admin_user):
    fork = version_fork(version=official_version(), user=admin_user)
    page = superuser_client.get(change_url(fork))
    data = post_data(page)
    row = row_index(data, "figures", "key", "staff_total")
    data[f"figures-{row}-label_vi"] = "Tổng số lao động"

    response = superuser_client.post(change_url(fork), data)

    assert response.status_code == 302
    assert FigureField.objects.get(version=fork, key="staff_total").label_vi == "Tổng số lao động"
    assert (
        FigureField.objects.get(version=official_version(), key="staff_total").label_vi
        == "Tổng số nhân viên của doanh nghiệp"
    )


def test_a_figure_a_question_divides_by_cannot_be_deleted(superuser_client, admin_user):
    fork = version_fork(version=official_version(), user=admin_user)
    data = post_data(superuser_client.get(change_url(fork)))
    data[f"figures-{row_index(data, 'figures', 'key', 'staff_total')}-DELETE"] = "on"

    response = superuser_client.post(change_url(fork), data)

    assert response.status_code == 200
    assert FigureField.objects.filter(version=fork, key="staff_total").exists()


# --- the admin's forms hold the copy to the checker's rules --------------------------------------


@pytest.fixture
def fork(admin_user) -> CatalogVersion:
    return version_fork(version=official_version(), user=admin_user)


def test_decreasing_thresholds_are_refused(superuser_client, fork):
    response = set_threshold(superuser_client, question(fork, "1.1.4"), level=3, min_percent=4)

    assert "Tỷ lệ tối thiểu không được giảm khi mức tăng." in errors_of(response)
    assert question(fork, "1.1.4").thresholds.get(level=3).min_percent == 10


def test_a_threshold_above_100_percent_is_refused(superuser_client, fork):
    response = set_threshold(superuser_client, question(fork, "1.1.4"), level=5, min_percent=101)

    assert response.status_code == 200
    assert question(fork, "1.1.4").thresholds.get(level=5).min_percent == 40


def test_thresholds_missing_a_level_are_refused(superuser_client, fork):
    q = question(fork, "1.1.4")
    data = post_data(superuser_client.get(change_url(q)))
    data[f"thresholds-{row_index(data, 'thresholds', 'level', 5)}-DELETE"] = "on"

    response = superuser_client.post(change_url(q), data)

    assert "Ngưỡng phải có đúng một dòng cho mỗi mức từ 1 đến 5." in errors_of(response)
    assert q.thresholds.count() == 5


def test_threshold_problems_are_said_in_vietnamese():
    problems = [
        "thresholds must cover levels 1..5 once each",
        "threshold minima must not decrease as the level rises",
        "threshold minima must lie between 0 and 100 %",
    ]

    assert threshold_messages(problems, 5) == [
        "Ngưỡng phải có đúng một dòng cho mỗi mức từ 1 đến 5.",
        "Tỷ lệ tối thiểu không được giảm khi mức tăng.",
        "Tỷ lệ tối thiểu phải nằm trong khoảng từ 0 đến 100.",
    ]


def test_an_answer_level_above_the_frameworks_scale_is_refused(superuser_client, fork):
    q = question(fork, "1.1.1")

    response = save(superuser_client, q, **{"options-5-level": 6})

    assert "Mức phải nằm trong khoảng 0–5." in errors_of(response)
    assert q.options.get(position=5).level == 5


def test_answers_out_of_level_order_are_refused(superuser_client, fork):
    q = question(fork, "1.1.1")

    response = save(superuser_client, q, **{"options-4-level": 1}, mapping_note_vi="Quy đổi thử.")

    assert "Các phương án phải xếp theo mức tăng dần" in errors_of(response)


def test_answers_not_one_per_level_need_a_mapping_note(superuser_client, fork):
    q = question(fork, "1.1.1")
    data = post_data(superuser_client.get(change_url(q)))
    data["options-4-level"] = 5  # levels 0,1,2,3,5,5

    refused = superuser_client.post(change_url(q), data)
    data["mapping_note_vi"] = "Mô tả 4 và 5 cùng cho mức 5: phiếu coi hai mô tả như nhau."
    saved = superuser_client.post(change_url(q), data)

    assert "hãy ghi cách quy đổi câu trả lời ra mức" in errors_of(refused)
    assert saved.status_code == 302, errors_of(saved)
    assert list(q.options.values_list("level", flat=True)) == [0, 1, 2, 3, 5, 5]


def test_a_question_keeps_at_least_one_answer(superuser_client, fork):
    q = question(fork, "1.1.1")
    data = post_data(superuser_client.get(change_url(q)))
    for row in range(6):
        data[f"options-{row}-DELETE"] = "on"

    response = superuser_client.post(change_url(q), data)

    assert "Câu hỏi cần ít nhất một phương án trả lời." in errors_of(response)
    assert q.options.count() == 6


def test_a_descriptors_question_keeps_its_yes_no_question(superuser_client, fork):
    response = save(superuser_client, question(fork, "1.1.1"), gate_vi="  ")

    assert "cần câu hỏi có/không" in errors_of(response)


def test_a_figures_question_keeps_both_terms(superuser_client, fork):
    response = save(superuser_client, question(fork, "1.1.4"), denominator="")

    assert "cần cả tử số và mẫu số" in errors_of(response)


def test_a_figure_of_another_version_cannot_be_a_term(superuser_client, fork):
    q = question(fork, "1.1.4")
    other = FigureField.objects.get(version=official_version(), key="c1_1_4_den")

    page = superuser_client.get(change_url(q))
    response = save(superuser_client, q, denominator=other.pk)

    choices = {c.pk for c in page.context["adminform"].form.fields["denominator"].queryset}
    assert choices == set(FigureField.objects.filter(version=fork).values_list("pk", flat=True))
    assert "denominator" in response.context["adminform"].form.errors
    q.refresh_from_db()
    assert q.denominator.version_id == fork.pk


def test_texts_typed_decomposed_are_stored_composed(superuser_client, fork):
    decomposed = "Doanh nghie\u0302\u0323p co\u0301 website"  # "Doanh nghiệp có website", NFD

    response = save(superuser_client, question(fork, "1.1.1"), gate_vi=decomposed)

    assert response.status_code == 302, errors_of(response)
    assert question(fork, "1.1.1").gate_vi == "Doanh nghiệp có website"


# --- what the question page shows ---------------------------------------------------------------


def test_a_corrected_criterion_text_is_shown_with_the_published_one_and_why(superuser_client):
    q = question(official_version(), "1.1.9")

    content = text(superuser_client.get(change_url(q)))

    assert "Văn bản tiêu chí trong bảng công bố" in content
    assert q.published_text_vi in content
    assert q.criterion.text_vi in content
    assert q.correction_note_vi in content


def test_a_mapping_note_is_shown_above_the_form(superuser_client):
    q = question(official_version(), "1.2.1")
    assert q.mapping_note_vi

    content = text(superuser_client.get(change_url(q)))

    assert "Cách quy đổi câu trả lời ra mức" in content
    assert q.mapping_note_vi in content


def test_a_figures_question_shows_its_threshold_note_and_thresholds(superuser_client):
    q = question(official_version(), "1.1.4")

    page = superuser_client.get(change_url(q))

    assert q.threshold_note_vi in text(page)
    assert [i.formset.prefix for i in page.context["inline_admin_formsets"]] == ["thresholds"]


# --- the version list and its actions -----------------------------------------------------------


def test_the_version_list_shows_how_many_assessments_each_version_has(
    superuser_client, answered, django_assert_max_num_queries
):
    AssessmentFactory()  # one on guidance-2021
    AssessmentFactory()  # and another
    url = reverse("admin:assessments_catalogversion_changelist")

    with django_assert_max_num_queries(12):
        page = superuser_client.get(url)

    rows = {v.label: v.answered_count for v in page.context["cl"].result_list}
    assert rows == {"guidance-2021": 2, "official-2021": 1}


def test_the_fork_action_copies_the_chosen_version(superuser_client, admin_user):
    url = reverse("admin:assessments_catalogversion_changelist")
    official = official_version()

    response = superuser_client.post(
        url, {"action": "fork", "_selected_action": [official.pk]}, follow=True
    )

    fork = CatalogVersion.objects.get(framework__code=SME, number=3)
    assert fork.based_on == official
    assert fork.created_by == admin_user
    assert "Đã tạo phiên bản 3 từ phiên bản 2." in text(response)


def test_the_make_current_action_switches_new_assessments_to_the_fork(
    superuser_client, admin_user, owner, answered
):
    fork = version_fork(version=official_version(), user=admin_user)
    url = reverse("admin:assessments_catalogversion_changelist")

    response = superuser_client.post(
        url, {"action": "make_current", "_selected_action": [fork.pk]}, follow=True
    )

    assert "sẽ trả lời theo phiên bản 3" in text(response)
    assert list(CatalogVersion.objects.filter(is_current=True)) == [fork]
    new = assessment_create(
        enterprise=owner.enterprise, framework=fork.framework, period=2027, user=owner.user
    )
    assert new.catalog_version == fork
    answered.refresh_from_db()
    assert answered.catalog_version == official_version()


def test_the_make_current_action_wants_exactly_one_version(superuser_client, admin_user):
    fork = version_fork(version=official_version(), user=admin_user)
    url = reverse("admin:assessments_catalogversion_changelist")

    response = superuser_client.post(
        url,
        {"action": "make_current", "_selected_action": [fork.pk, official_version().pk]},
        follow=True,
    )

    assert "Hãy chọn đúng một phiên bản." in text(response)
    assert official_version().is_current


# --- the second factor --------------------------------------------------------------------------


def test_the_catalog_admin_asks_for_the_second_factor(client, admin_user, second_factor_on):
    device = TOTPDevice.objects.create(user=admin_user, name="default", confirmed=True)
    url = change_url(question(official_version(), "1.1.1"))
    client.force_login(admin_user)

    unverified = client.get(url)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # as django-otp's login() records it
    session.save()
    verified = client.get(url)

    assert unverified.status_code == 302
    assert unverified["Location"].startswith("/accounts/login/")
    assert verified.status_code == 200


# --- THE scenario: an answered assessment outlives an edit of its version ------------------------


def test_an_assessment_answered_before_an_edit_keeps_its_questions_levels_and_thresholds(
    client, superuser_client, owner
):
    official = official_version()
    old = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official
    )
    user = owner.user
    rating_save(
        assessment_id=old.pk, column=Column.SELF, criterion_code="1.1.1", level=None,
        option=3, user=user,
    )  # fmt: skip
    figures_save(
        assessment_id=old.pk, column=Column.SELF,
        values={"c1_1_4_num": 12, "c1_1_4_den": 100}, user=user,
    )  # fmt: skip
    original_gate = question(official, "1.1.1").gate_vi
    original_descriptor = question(official, "1.1.1").options.get(position=3).label_vi
    levels = dict(Rating.objects.filter(assessment=old).values_list("criterion__code", "level"))
    assert levels == {"1.1.1": 3, "1.1.4": 3}
    result = ColumnResult.objects.values_list("total", "level").get(assessment=old)

    # The admin forks from 1.1.1's page, edits its question and a descriptor and 1.1.4's
    # level-3 threshold in the copy, and makes the copy current.
    copy = forked(superuser_client, question(official, "1.1.1"))
    fork = copy.version
    edited = save(
        superuser_client, copy, gate_vi=EDITED_GATE, **{"options-3-label_vi": EDITED_DESCRIPTOR}
    )
    threshold = set_threshold(superuser_client, question(fork, "1.1.4"), level=3, min_percent=15)
    superuser_client.post(
        reverse("admin:assessments_catalogversion_changelist"),
        {"action": "make_current", "_selected_action": [fork.pk]},
    )
    assert edited.status_code == threshold.status_code == 302
    fork.refresh_from_db()
    assert fork.is_current

    # The old assessment still asks its own questions ...
    client.force_login(user)
    page = text(client.get(f"/assessments/{old.pk}/"))
    assert original_gate in page
    assert original_descriptor in page
    assert EDITED_GATE not in page
    assert EDITED_DESCRIPTOR not in page
    # ... keeps its levels and result ...
    old.refresh_from_db()
    assert old.catalog_version == official
    assert (
        dict(Rating.objects.filter(assessment=old).values_list("criterion__code", "level"))
        == levels
    )
    assert Rating.objects.get(assessment=old, criterion__code="1.1.1").option == (
        QuestionOption.objects.get(question__version=official, question__criterion__code="1.1.1",
                                   position=3)
    )  # fmt: skip
    assert ColumnResult.objects.values_list("total", "level").get(assessment=old) == result
    # ... and is re-scored on its own thresholds: 13 % is level 3 there (≥ 10 %), 2 on the copy.
    rescored = write_column_result(old, Column.SELF, catalog_index(old.framework))
    assert (rescored.total, rescored.level) == result
    figures_save(assessment_id=old.pk, column=Column.SELF, values={"c1_1_4_num": 13}, user=user)
    assert Rating.objects.get(assessment=old, criterion__code="1.1.4").level == 3
    assert (
        FigureThreshold.objects.get(
            question__version=official, question__criterion__code="1.1.4", level=3
        ).min_percent
        == 10
    )

    # A new assessment is answered on the copy, with the edited texts and thresholds.
    new = assessment_create(
        enterprise=owner.enterprise, framework=old.framework, period=2027, user=user
    )
    assert new.catalog_version == fork
    page = text(client.get(f"/assessments/{new.pk}/"))
    assert EDITED_GATE in page
    assert EDITED_DESCRIPTOR in page
    figures_save(
        assessment_id=new.pk, column=Column.SELF,
        values={"c1_1_4_num": 13, "c1_1_4_den": 100}, user=user,
    )  # fmt: skip
    assert Rating.objects.get(assessment=new, criterion__code="1.1.4").level == 2


def test_the_notice_and_the_button_are_in_english_for_an_english_admin(superuser_client, answered):
    superuser_client.cookies["django_language"] = "en"  # chosen with the language selector
    page = superuser_client.get(change_url(question(official_version(), "1.1.1")))

    content = text(page)
    assert "Assessments have been answered on this version, so it can be viewed" in content
    assert "Create a new version to edit" in content
