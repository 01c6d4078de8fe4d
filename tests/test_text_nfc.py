"""Vietnamese text is one text: a name, address or note typed decomposed (NFD: "e" + combining
circumflex + combining tilde, as macOS and some keyboards send it) is stored composed (NFC),
whichever way it came in: a page's form, the admin, the API, an import, a bulk update."""

import importlib
import unicodedata

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from assessments.models import Rating
from enterprises.models import Enterprise, Province, User
from enterprises.services import import_job_confirm, import_job_create, import_job_run

from .enterprises.test_imports import HEADER, valid_codes
from .factories import EnterpriseFactory, MembershipFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Công ty TNHH Nguyễn Đức Thắng"
ADDRESS = "Số 5 đường Lê Thánh Tông, phường Phú Khương"
NOTE = "Đã kiểm tra hồ sơ; cần bổ sung chứng từ điện tử"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test really sends another sequence of code points
    return decomposed


def stored(model, pk: int, field: str) -> str:
    """The column's bytes as the database holds them (no model code in between)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_profile_typed_decomposed_on_the_page_is_stored_composed(client):
    membership = MembershipFactory(enterprise=EnterpriseFactory(sector_section="C"))
    enterprise = membership.enterprise
    client.force_login(membership.user)

    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        {
            "kind": enterprise.kind,
            "name_vi": nfd(NAME),
            "address": nfd(ADDRESS),
            "province": enterprise.province_id,
            "sector_section": "C",
            "employees": 5,
            "annual_revenue": 1_000_000_000,
        },
    )

    assert response.status_code == 302
    assert stored(Enterprise, enterprise.pk, "name_vi") == NAME
    assert stored(Enterprise, enterprise.pk, "address") == ADDRESS


def test_a_name_typed_decomposed_at_sign_up_is_stored_composed(client):
    password = "correct horse battery staple 42"
    client.post(
        "/accounts/signup/",
        {
            "full_name": nfd("Nguyễn Thị Hoà"),
            "email": "hoa@dua-bentre.vn",
            "password1": password,
            "password2": password,
        },
    )

    user = User.objects.get(email="hoa@dua-bentre.vn")
    assert stored(User, user.pk, "full_name") == "Nguyễn Thị Hoà"


def test_a_note_sent_decomposed_through_the_api_is_stored_composed(client, assessment, owner):
    client.force_login(owner.user)

    response = client.put(
        f"/api/v1/assessments/{assessment.pk}/ratings/2.1.1/",
        {"column": "self", "version": 0, "level": 3, "note": nfd(NOTE)},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    rating = Rating.objects.get(assessment=assessment, criterion__code="2.1.1", column="self")
    assert stored(Rating, rating.pk, "note") == NOTE


def test_a_name_typed_decomposed_in_the_admin_is_stored_composed(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    enterprise = EnterpriseFactory(employees=5, annual_revenue=1_000_000_000)
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"name_vi": nfd(NAME), "province": enterprise.province_id, "ward": ""})
    data.update(
        {
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored(Enterprise, enterprise.pk, "name_vi") == NAME


def test_names_imported_decomposed_are_stored_composed():
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=86)).user
    code = valid_codes(1)[0]
    lines = [HEADER, f"{code},{nfd(NAME)},enterprise,Vĩnh Long,,C,10,40,30000000000"]
    upload = SimpleUploadedFile("ds.csv", ("\n".join(lines) + "\n").encode())
    checked = import_job_run(job_id=import_job_create(user=officer, upload=upload).pk)

    job = import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)

    assert job.new_count == 1
    assert stored(Enterprise, Enterprise.objects.get(tax_code=code).pk, "name_vi") == NAME


def test_a_bulk_update_and_a_lookup_take_the_text_composed():
    enterprise = EnterpriseFactory()

    Enterprise.objects.filter(pk=enterprise.pk).update(name_vi=nfd(NAME))

    assert stored(Enterprise, enterprise.pk, "name_vi") == NAME
    # An exact lookup typed decomposed finds the composed name.
    assert Enterprise.objects.get(name_vi=nfd(NAME)).pk == enterprise.pk


def test_the_data_migration_composes_what_was_stored_before():
    enterprise = EnterpriseFactory()
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    with connection.cursor() as cursor:  # as rows written before this change may be
        cursor.execute(
            f"UPDATE {table} SET name_vi = %s, address = %s WHERE id = %s",
            [nfd(NAME), nfd(ADDRESS), enterprise.pk],
        )
    assert stored(Enterprise, enterprise.pk, "name_vi") != NAME

    migration = importlib.import_module("enterprises.migrations.0010_unaccent_and_nfc_texts")
    migration.texts_nfc(apps, None)

    assert stored(Enterprise, enterprise.pk, "name_vi") == NAME
    assert stored(Enterprise, enterprise.pk, "address") == ADDRESS
