"""The admin's framework upload (assessments/framework_admin.py): upload a JSON or XLSX file →
a preview naming every problem, or showing the tree, version and what becomes assessable →
publish, which writes the previewed definition as a new version. Only the system administrator
and ministry staff may; a bad file, an expired preview or a tampered token writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.catalog import assessable_problems
from assessments.framework_files import write_xlsx
from assessments.models import CatalogVersion, Criterion, Framework
from assessments.selectors import framework_definition
from tests.assessments.frameworks_2023 import LARGE, load_quietly
from tests.factories import MinistryReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
LARGE_EXAMPLE = BASE / "docs" / "examples" / "dbi-large-2023-criteria-example.json"
NEW_EXAMPLE = BASE / "docs" / "examples" / "example-framework-2025.json"
NEW = "example-readiness-2025"
UPLOAD_URL = "/admin/assessments/framework/upload/"
PUBLISH_URL = "/admin/assessments/framework/upload/publish/"


def upload(client, name: str, content: bytes, **extra):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)}, **extra)


def token_of(response) -> str:
    html = response.content.decode()
    start = html.index('name="token" value="') + len('name="token" value="')
    return html[start : html.index('"', start)]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def ministry_client(client):
    reviewer = MinistryReviewerFactory(user__is_staff=True)
    client.force_login(reviewer.user)
    return client


def test_the_framework_list_offers_the_upload(superuser_client):
    page = superuser_client.get("/admin/assessments/framework/").content.decode()

    assert f'href="{UPLOAD_URL}"' in page
    assert "Nạp bộ chỉ số từ tệp (JSON/XLSX)" in page


def test_the_upload_form(superuser_client):
    response = superuser_client.get(UPLOAD_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Tệp bộ chỉ số (JSON hoặc XLSX)" in page


def test_a_new_framework_is_previewed_with_its_tree_then_published(
    superuser_client, django_assert_max_num_queries
):
    content = NEW_EXAMPLE.read_bytes()

    with django_assert_max_num_queries(12):
        preview = upload(superuser_client, "example-framework-2025.json", content)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'data-testid="preview"' in page
    assert "1 — bộ chỉ số mới" in page
    assert "3 pillars, 6 sub-indices, 12 criteria, answers 1..5, weights 50/30/20 = 100 %" in page
    assert "1. Con người (50 %) — 4 tiêu chí" in page
    assert "1.1.1 Kỹ năng số của nhân viên: mức độ thực hiện nội dung 1" in page
    assert "Phiên bản câu hỏi 1 (example-2025): 12 câu hỏi" in page
    assert "Sau khi xuất bản, bộ chỉ số có thể đánh giá." in page
    assert not Framework.objects.filter(code=NEW).exists()  # a preview writes nothing

    published = superuser_client.post(PUBLISH_URL, {"token": token_of(preview)})

    framework = Framework.objects.get(code=NEW)
    assert published.status_code == 302
    assert published["Location"] == f"/admin/assessments/framework/{framework.pk}/change/"
    assert framework.criteria.count() == 12
    assert CatalogVersion.objects.get(framework=framework).is_current
    entry = LogEntry.objects.get(object_id=str(framework.pk))
    assert json.loads(entry.change_message) == [
        {"published": {"file": "example-framework-2025.json", "version": 1}}
    ]
    follow = superuser_client.get(published["Location"]).content.decode()
    assert "Đã xuất bản phiên bản 1 của bộ chỉ số example-readiness-2025" in follow


def test_the_large_example_uploaded_as_xlsx_makes_the_large_index_assessable(ministry_client):
    load_quietly(LARGE)
    content = write_xlsx(json.loads(LARGE_EXAMPLE.read_text(encoding="utf-8")))

    preview = upload(ministry_client, "dbi-large-2023.xlsx", content)

    page = preview.content.decode()
    assert "2 — thay phiên bản 1 đã xuất bản" in page
    assert "25/24/29/22/22/18 per dimension" in page
    assert "Sau khi xuất bản, bộ chỉ số có thể đánh giá." in page
    ministry_client.post(PUBLISH_URL, {"token": token_of(preview)})
    assert Criterion.objects.filter(framework__code=LARGE).count() == 140
    assert assessable_problems(framework_definition(code=LARGE)) == []


def test_the_shipped_large_index_previewed_again_says_it_is_not_assessable(superuser_client):
    definition = json.loads((BASE / "fixtures" / "frameworks" / f"{LARGE}.json").read_text())

    page = upload(superuser_client, "large.json", json.dumps(definition).encode()).content
    page = page.decode()

    assert 'data-testid="not-assessable"' in page
    assert "sub-index 1.1 has no criteria yet" in page


# --- problems ---


def test_a_file_with_problems_lists_them_all_and_offers_no_publish(superuser_client):
    definition = json.loads(NEW_EXAMPLE.read_text(encoding="utf-8"))
    definition["pillars"][0]["weight_percent"] = 40
    definition["thresholds"][4]["from"] = 9

    page = upload(superuser_client, "bad.json", json.dumps(definition).encode()).content.decode()

    assert "Tệp bad.json có 2 vấn đề; chưa ghi gì." in page
    assert "threshold of level 5: 9 lies outside 1..5" in page
    assert "the pillar weights add up to 90 %, not 100 %" in page
    assert 'data-testid="publish-form"' not in page
    assert "Các vấn đề về tính nhất quán được ghi bằng tiếng Anh" in page
    assert not Framework.objects.filter(code=NEW).exists()


def test_a_broken_json_file_names_its_line(superuser_client):
    page = upload(superuser_client, "bad.json", b'{"code": \n}').content.decode()

    assert "dòng 2, cột 1: JSON không hợp lệ (Expecting value)." in page


def test_an_xlsx_that_is_not_a_workbook_is_refused(superuser_client):
    page = upload(superuser_client, "bad.xlsx", b"not a workbook").content.decode()

    assert "Tệp có đuôi .xlsx nhưng nội dung không phải một bảng tính XLSX." in page
    assert 'data-testid="publish-form"' not in page


def test_a_problem_in_english_for_an_english_admin(superuser_client):
    superuser_client.cookies["django_language"] = "en"  # chosen with the language selector
    page = upload(superuser_client, "bad.xlsx", b"not a workbook").content.decode()

    assert "The file is named .xlsx but its content is not an XLSX workbook." in page
    assert "The file bad.xlsx has 1 problem; nothing was written." in page
    assert "<title>Load a framework from a file" in page


def test_the_2021_file_cannot_be_published_again(superuser_client):
    content = (BASE / "fixtures" / "frameworks" / "dbi-sme-2021.json").read_bytes()

    page = upload(superuser_client, "dbi-sme-2021.json", content).content.decode()

    assert "version 1 of dbi-sme-2021 is already published" in page
    assert 'data-testid="publish-form"' not in page


def test_a_tampered_token_publishes_nothing(superuser_client):
    preview = upload(superuser_client, "example.json", NEW_EXAMPLE.read_bytes())

    response = superuser_client.post(PUBLISH_URL, {"token": token_of(preview) + "x"}, follow=True)

    assert "Bản xem trước đã hết hạn hoặc không hợp lệ" in response.content.decode()
    assert not Framework.objects.filter(code=NEW).exists()


def test_publishing_a_preview_twice_shows_the_problem_the_second_time(superuser_client):
    preview = upload(superuser_client, "example.json", NEW_EXAMPLE.read_bytes())
    superuser_client.post(PUBLISH_URL, {"token": token_of(preview)})

    again = superuser_client.post(PUBLISH_URL, {"token": token_of(preview)})

    assert again.status_code == 200
    assert "version 1 of example-readiness-2025 is already published" in again.content.decode()
    assert CatalogVersion.objects.filter(framework__code=NEW).count() == 1


# --- who may ---


def test_a_staff_user_who_is_not_ministry_staff_is_refused(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(UPLOAD_URL).status_code == 403
    response = upload(client, "example.json", NEW_EXAMPLE.read_bytes())
    assert response.status_code == 403
    assert client.post(PUBLISH_URL, {"token": "x"}).status_code == 403
    assert not Framework.objects.filter(code=NEW).exists()


def test_a_user_who_is_not_staff_is_sent_to_the_admin_login(client):
    client.force_login(UserFactory())

    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_user_who_is_not_ministry_staff_sees_no_upload_button(client):
    user = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_framework"))
    client.force_login(user)

    page = client.get("/admin/assessments/framework/").content.decode()

    assert f'href="{UPLOAD_URL}"' not in page
