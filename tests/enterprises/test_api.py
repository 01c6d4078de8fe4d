"""/api/v1/enterprises/: the pages' visibility and filters, as structured JSON."""

import pytest

from enterprises.models import Province

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    vinh_long, dong_nai = Province.objects.get(code=86), Province.objects.get(code=75)
    a = EnterpriseFactory(province=vinh_long, sector_section="C", name_vi="Dừa A")
    b = EnterpriseFactory(province=vinh_long, sector_section="G", name_vi="Bưởi B")
    c = EnterpriseFactory(province=dong_nai, sector_section="C", name_vi="Điều C")
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=b)
    return {
        "enterprises": {"A": a, "B": b, "C": c},
        "users": {
            "owner_a": MembershipFactory(enterprise=a).user,
            "consultant_b": consultant.user,
            "vl_officer": ProvinceOfficerFactory(province=vinh_long).user,
            "dn_officer": ProvinceOfficerFactory(province=dong_nai).user,
            "reviewer": MinistryReviewerFactory().user,
            "stranger": UserFactory(),
        },
    }


EXPECTED = {
    "owner_a": {"A"},
    "consultant_b": {"B"},
    "vl_officer": {"A", "B"},
    "dn_officer": {"C"},
    "reviewer": {"A", "B", "C"},
    "stranger": set(),
}


def names_in(payload, world) -> set[str]:
    by_id = {e.pk: key for key, e in world["enterprises"].items()}
    return {by_id[row["id"]] for row in payload["results"] if row["id"] in by_id}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_list_shows_exactly_what_the_role_may_see(client, world, role):
    client.force_login(world["users"][role])
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 200
    assert names_in(response.json(), world) == EXPECTED[role]


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("key", ["A", "B", "C"])
def test_detail_is_404_for_what_the_role_may_not_see(client, world, role, key):
    client.force_login(world["users"][role])
    response = client.get(f"/api/v1/enterprises/{world['enterprises'][key].pk}/")
    if key in EXPECTED[role]:
        assert response.status_code == 200
        assert response.json()["tax_code"] == world["enterprises"][key].tax_code
    else:
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_anonymous_callers_get_a_structured_403(client, world):
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_authenticated"


def test_filters_match_the_list_page(client, world):
    client.force_login(world["users"]["reviewer"])
    vinh_long = Province.objects.get(code=86)
    payload = client.get(f"/api/v1/enterprises/?sector=C&province={vinh_long.pk}").json()
    assert names_in(payload, world) == {"A"}
    payload = client.get("/api/v1/enterprises/?q=Bưởi").json()
    assert names_in(payload, world) == {"B"}


def test_list_query_count_does_not_grow_with_enterprises(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["users"]["reviewer"])
    with django_assert_max_num_queries(6) as few:
        client.get("/api/v1/enterprises/")
    for _ in range(20):
        EnterpriseFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/enterprises/")
    assert response.json()["count"] >= 23


def test_the_assessed_filter_splits_enterprises_with_and_without_an_assessment(
    client, world, sme_framework
):
    from ..factories import AssessmentFactory

    AssessmentFactory(enterprise=world["enterprises"]["A"])
    client.force_login(world["users"]["reviewer"])

    assert names_in(client.get("/api/v1/enterprises/?assessed=yes").json(), world) == {"A"}
    assert names_in(client.get("/api/v1/enterprises/?assessed=no").json(), world) == {"B", "C"}
    page = client.get("/enterprises/?assessed=yes").content.decode()
    assert world["enterprises"]["A"].tax_code in page
    assert world["enterprises"]["B"].tax_code not in page
