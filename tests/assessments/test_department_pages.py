"""The assessment page of the large-enterprise index (assessments/department_views.py): the
enterprise lists its departments and answers a grid of criteria by department, each cell
autosaved with the live result (overall, dimensions, departments); without JavaScript the list's
forms and the grid post whole. Who may not see the assessment gets 404 on every endpoint; who
may see it but not write gets 403; the page's queries do not grow with the departments."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Column, DepartmentRating
from assessments.services.departments import department_rating_save
from enterprises.models import Province

from ..cast import DONG_NAI
from ..factories import MembershipFactory
from .large_index import add_departments, criterion_codes, fill_departments, large_assessment

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def large(owner) -> Assessment:
    return large_assessment(owner)


def page(client, assessment) -> str:
    response = client.get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def cell_url(assessment, department, code) -> str:
    return f"/assessments/{assessment.pk}/departments/{department.pk}/cells/{code}/"


def cell_post(client, assessment, department, code, percent="", *, not_relevant=False, v=0):
    key = f"{department.pk}-{code}"
    data = {f"p-{key}": percent, f"v-{key}": str(v)}
    if not_relevant:
        data[f"x-{key}"] = "1"
    return client.post(cell_url(assessment, department, code), data, headers=HTMX)


def test_the_page_lists_departments_instead_of_questions(client, owner, large):
    client.force_login(owner.user)

    html = page(client, large)

    assert 'id="department-section"' in html
    assert 'class="criterion' not in html
    assert "Chưa có bộ phận nào." in html
    assert 'data-testid="no-grid-yet"' in html  # no empty grid, a word on what comes
    assert 'name="name"' in html  # the add form


def test_a_member_adds_renames_and_removes_departments_without_javascript(client, owner, large):
    client.force_login(owner.user)
    base = f"/assessments/{large.pk}/departments/"

    assert client.post(base, {"name": "Kinh doanh"}).status_code == 302
    assert client.post(base, {"name": " Kế toán "}).status_code == 302
    sales, accounts = large.departments.order_by("position")
    client.post(f"{base}{accounts.pk}/rename/", {"name": "Tài chính"})
    refused = client.post(base, {"name": "kinh doanh"}, follow=True)

    assert "Hồ sơ đã có bộ phận “Kinh doanh”" in refused.content.decode()
    html = page(client, large)
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers[:3] == ["Tiêu chí", "Kinh doanh", "Tài chính"]
    client.post(f"{base}{sales.pk}/remove/")
    assert list(large.departments.values_list("name", flat=True)) == ["Tài chính"]


def test_with_htmx_the_list_forms_answer_with_the_section(client, owner, large):
    client.force_login(owner.user)

    added = client.post(
        f"/assessments/{large.pk}/departments/", {"name": "Kinh doanh"}, headers=HTMX
    )
    refused = client.post(f"/assessments/{large.pk}/departments/", {"name": ""}, headers=HTMX)

    assert added.status_code == 200
    assert (
        added.content.decode()
        .lstrip()
        .startswith('<div class="calculator department-section" id="department-section">')
    )
    assert "Kinh doanh" in added.content.decode()
    assert 'data-testid="department-error"' in refused.content.decode()
    assert "Hãy nhập tên bộ phận." in refused.content.decode()


def test_a_cell_autosaves_and_answers_with_the_live_result(client, owner, large):
    add_departments(large, owner.user, ["Kinh doanh", "Kế toán"])
    sales, _accounts = large.departments.order_by("position")
    codes = criterion_codes(large.framework)
    client.force_login(owner.user)

    response = cell_post(client, large, sales, codes[0], "100")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="cell-{sales.pk}-1-1-1"' in html
    assert 'value="100"' in html
    assert "Đã lưu" in html
    assert 'hx-swap-oob="true"' in html
    # 100 % in one criterion of 2 in group 1.1 → 50 %, dimension 1 → 12.5 %, the department
    # 12.5 / 6 = 2.083 % (2,08 %), the other 0 %: the enterprise 1.0416 % → "1,04 %".
    assert 'id="total-score" data-value="104"' in html
    assert "1,04 %" in html
    assert re.search(r'data-department-name="Kinh doanh">.*?2,08 %', html, re.S)
    assert DepartmentRating.objects.get(department=sales).percent == 100
    # One cell of 50 criteria × 2 departments (tests/assessments/large_index.py: 2 a group).
    assert "Đã trả lời 1/100 ô (tiêu chí × bộ phận)" in html


def test_not_relevant_and_clearing_a_cell(client, owner, large):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    code = criterion_codes(large.framework)[0]
    client.force_login(owner.user)

    html = cell_post(client, large, department, code, "", not_relevant=True).content.decode()
    assert "checked" in html
    assert DepartmentRating.objects.get().percent is None
    cell_post(client, large, department, code, "", v=1)
    assert not DepartmentRating.objects.exists()


def test_a_bad_percent_is_shown_in_the_cell_with_what_was_typed(client, owner, large):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    code = criterion_codes(large.framework)[0]
    client.force_login(owner.user)

    html = cell_post(client, large, department, code, "120").content.decode()

    assert 'role="alert"' in html
    assert "từ 0 đến 100" in html
    assert 'value="120"' in html
    assert 'aria-invalid="true"' in html
    assert not DepartmentRating.objects.exists()


def test_a_stale_cell_is_refused_in_the_cell(client, owner, staff_member, large):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    code = criterion_codes(large.framework)[0]
    client.force_login(owner.user)
    cell_post(client, large, department, code, "10")

    html = cell_post(client, large, department, code, "20", v=0).content.decode()

    assert "vừa được người khác sửa" in html
    assert DepartmentRating.objects.get().percent == 10


def test_the_grid_saves_whole_without_javascript(client, owner, large):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    codes = criterion_codes(large.framework)
    client.force_login(owner.user)
    data = {f"p-{department.pk}-{code}": "50" for code in codes}
    data[f"x-{department.pk}-{codes[1]}"] = "1"

    response = client.post(f"/assessments/{large.pk}/departments/cells/", data)

    assert response.status_code == 302
    assert DepartmentRating.objects.filter(percent=50).count() == len(codes) - 1
    assert DepartmentRating.objects.get(criterion__code=codes[1]).percent is None
    data[f"p-{department.pk}-{codes[2]}"] = "abc"
    refused = client.post(f"/assessments/{large.pk}/departments/cells/", data)
    assert refused.status_code == 400
    assert 'value="abc"' in refused.content.decode()


def test_each_input_is_labelled_with_its_criterion_and_department(client, owner, large):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    client.force_login(owner.user)

    html = page(client, large)

    label = re.search(rf'<label for="p-{department.pk}-1-1-1"[^>]*>([^<]+)</label>', html)
    assert label is not None
    assert "1.1.1" in label.group(1)
    assert "Kinh doanh" in label.group(1)
    assert '<th scope="row">' in html
    assert 'scope="rowgroup"' in html
    assert 'class="department-grid" role="region" tabindex="0"' in html


def test_a_reviewer_sees_the_enterprises_answers_read_only(client, owner, large, province_officer):
    add_departments(large, owner.user, ["Kinh doanh"])
    fill_departments(large, Column.SELF, owner.user, {"Kinh doanh": 40})
    Assessment.objects.filter(pk=large.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    client.force_login(province_officer)

    html = page(client, large)

    assert 'data-column="self"' in html
    assert html.count("40 %") >= len(criterion_codes(large.framework))
    assert 'id="department-grid"' in html  # the province's own grid, open to it now
    assert "department-add" not in html  # the list is the enterprise's


def test_the_page_takes_the_same_queries_for_one_or_five_departments(client, owner, large):
    client.force_login(owner.user)
    add_departments(large, owner.user, ["Bộ phận 1"])
    fill_departments(large, Column.SELF, owner.user, {"Bộ phận 1": 30})
    page(client, large)  # the catalog index is cached from here on
    with CaptureQueriesContext(connection) as one:
        page(client, large)
    add_departments(large, owner.user, [f"Bộ phận {n}" for n in range(2, 6)])
    fill_departments(large, Column.SELF, owner.user, {f"Bộ phận {n}": 30 for n in range(1, 6)})
    with CaptureQueriesContext(connection) as five:
        page(client, large)

    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_page_and_the_cell_stay_under_their_query_budget(
    client, owner, large, django_assert_max_num_queries
):
    add_departments(large, owner.user, [f"Bộ phận {n}" for n in range(1, 6)])
    department = large.departments.first()
    codes = criterion_codes(large.framework)
    client.force_login(owner.user)
    page(client, large)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page(client, large)
    cell_post(client, large, department, codes[0], "10")
    with django_assert_max_num_queries(CELL_QUERIES):
        cell_post(client, large, department, codes[1], "20")


PAGE_QUERIES = 16
CELL_QUERIES = 22


# --- who may not ---------------------------------------------------------------------------


def endpoints(assessment, department, code) -> list[str]:
    base = f"/assessments/{assessment.pk}/departments/"
    return [
        base,
        f"{base}{department.pk}/rename/",
        f"{base}{department.pk}/remove/",
        f"{base}cells/",
        cell_url(assessment, department, code),
    ]


def statuses(client, user, assessment, department, code) -> list[int]:
    client.force_login(user)
    codes = [client.get(f"/assessments/{assessment.pk}/").status_code]
    codes += [
        client.post(url, {"name": "X", f"p-{department.pk}-{code}": "5"}).status_code
        for url in endpoints(assessment, department, code)
    ]
    return codes


def test_who_may_not_see_the_assessment_gets_404_everywhere(
    client, owner, large, free_consultant, other_province_officer
):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    code = criterion_codes(large.framework)[0]
    # The owner of an enterprise of another province (Đồng Nai).
    elsewhere = MembershipFactory(enterprise__province=Province.objects.get(code=DONG_NAI))

    for user in (elsewhere.user, free_consultant.user, other_province_officer):
        assert statuses(client, user, large, department, code) == [404] * 6
    assert large.departments.get().name == "Kinh doanh"
    assert not DepartmentRating.objects.exists()


def test_who_may_see_but_not_write_gets_403(client, owner, large, consultant, province_officer):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    code = criterion_codes(large.framework)[0]

    for user in (consultant.user, province_officer):
        assert statuses(client, user, large, department, code) == [200] + [403] * 5
    assert large.departments.get().name == "Kinh doanh"
    assert not DepartmentRating.objects.exists()


def test_a_department_of_another_assessment_is_404(client, owner, large, places):
    other_owner = MembershipFactory()
    other = large_assessment(other_owner)
    add_departments(other, other_owner.user, ["Kho"])
    theirs = other.departments.get()
    code = criterion_codes(large.framework)[0]
    client.force_login(owner.user)

    assert cell_post(client, large, theirs, code, "5").status_code == 404
    rename = f"/assessments/{large.pk}/departments/{theirs.pk}/rename/"
    assert client.post(rename, {"name": "X"}).status_code == 404
    assert other.departments.get().name == "Kho"


def test_a_closed_column_is_refused(client, owner, large):
    add_departments(large, owner.user, ["Kinh doanh"])
    department = large.departments.get()
    code = criterion_codes(large.framework)[0]
    department_rating_save(
        assessment_id=large.pk,
        column=Column.SELF,
        department_id=department.pk,
        criterion_code=code,
        percent=10,
        version=0,
        user=owner.user,
    )
    Assessment.objects.filter(pk=large.pk).update(state=Assessment.State.SUBMITTED)
    client.force_login(owner.user)

    html = page(client, large)
    assert 'id="department-grid"' not in html  # read-only now
    assert "10 %" in html
    assert cell_post(client, large, department, code, "20", v=1).status_code == 403
    assert DepartmentRating.objects.get().percent == 10
