"""Every enterprise URL against every role, in one world (enterprises/access.py decides who sees
what; the services decide who may act).

The world: enterprises A and B in Vĩnh Long (86), C in Đồng Nai (75). A has an active owner, an
active staff member, a pending join request and an accredited consultant engaged (active); B's
owner (not walked) has invited another accredited consultant who has not answered. Then a Vĩnh
Long officer, a Đồng Nai officer, a ministry reviewer, a superuser, a signed-in stranger, and
anonymous.

Who sees which enterprise, from the access rules (the union of each role's condition):

| role               | sees     | why                                                  |
|--------------------|----------|------------------------------------------------------|
| owner, staff       | A        | active membership of A                               |
| consultant         | A        | active engagement with A, approved unexpired accred. |
| invited_consultant | —        | an invitation is not an active engagement            |
| vl_officer         | A, B     | their province                                       |
| dn_officer         | C        | their province                                       |
| reviewer           | A, B, C  | the ministry sees every enterprise                   |
| superuser          | A, B, C  | the system administrator sees every enterprise       |
| stranger           | —        | no role                                              |
| anonymous          | —        | sent to the login page                               |

An enterprise that is not visible is 404 (its existence is not disclosed). Acting on a visible
enterprise is then the service's call: only active members invite (anyone else who may see it is
refused with 403 and nothing is saved); only the owner decides a join
request (anyone else who may see it is sent back to the page with the refusal message, and the
request stays pending). An engagement's answer page belongs to its consultant; ending it belongs
to its consultant and the enterprise's active members; to anyone else the engagement is 404.
"""

from __future__ import annotations

import re

import pytest

from enterprises.models import Engagement, Membership, Province

from .factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "owner",
    "staff",
    "consultant",
    "invited_consultant",
    "vl_officer",
    "dn_officer",
    "reviewer",
    "superuser",
    "stranger",
    "anonymous",
]

VISIBLE = {
    "owner": {"A"},
    "staff": {"A"},
    "consultant": {"A"},
    "invited_consultant": set(),
    "vl_officer": {"A", "B"},
    "dn_officer": {"C"},
    "reviewer": {"A", "B", "C"},
    "superuser": {"A", "B", "C"},
    "stranger": set(),
}
ACTIVE_MEMBER_OF = {"owner": {"A"}, "staff": {"A"}}
OWNER_OF = {"owner": {"A"}}
# The parties of each engagement: "A" is A's active engagement, "B" is B's open invitation.
CONSULTANT_OF = {"A": "consultant", "B": "invited_consultant"}
MEMBERS_OF = {"A": {"owner", "staff"}, "B": set()}  # none of the walked roles is B's member

LOGIN = "login"  # 302 to /accounts/login/?next=<the url>


@pytest.fixture
def world(
    enterprise,
    owner,
    staff_member,
    consultant,
    province_assessor,
    other_province_officer,
    ministry_reviewer,
    stranger,
):
    """A is the shared cast's enterprise with its people (tests/cast.py); B and C are built here."""
    vinh_long = Province.objects.get(code=86)
    dong_nai = Province.objects.get(code=75)
    enterprises = {
        "A": enterprise,
        "B": EnterpriseFactory(province=vinh_long, name_vi="Công ty B"),
        "C": EnterpriseFactory(province=dong_nai, name_vi="Công ty C"),
    }
    owner_of_b = MembershipFactory(enterprise=enterprises["B"], role=Membership.Role.OWNER).user
    invited_consultant = AccreditationFactory().consultant
    engagements = {
        "A": Engagement.objects.get(enterprise=enterprise, consultant=consultant),
        "B": EngagementFactory(
            enterprise=enterprises["B"],
            consultant=invited_consultant,
            invited_by=owner_of_b,
            status=Engagement.Status.INVITED,
            independence_declared_at=None,
        ),
    }
    users = {
        "owner": owner.user,
        "staff": staff_member,
        "consultant": consultant.user,
        "invited_consultant": invited_consultant.user,
        "vl_officer": province_assessor,
        "dn_officer": other_province_officer,
        "reviewer": ministry_reviewer,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "stranger": stranger,
        "anonymous": None,
    }
    return {
        "enterprises": enterprises,
        "engagements": engagements,
        "users": users,
        "join_request": MembershipFactory(
            enterprise=enterprises["A"],
            role=Membership.Role.STAFF,
            status=Membership.Status.PENDING,
        ),
        # An accredited consultant nobody has invited yet, for the invitation cases.
        "candidate": AccreditationFactory(number="TV-MATRIX-0001").consultant,
    }


def as_role(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def assert_sent_to_login(response, url):
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def text(response) -> str:
    return " ".join(response.content.decode().split())


def cases(page: str, expected, targets=("A", "B", "C")) -> list:
    """``pytest.param``s of (target, role, ``expected(target, role)``) for every target and
    role, with ids like "detail-A-as-dn_officer"."""
    return [
        pytest.param(target, role, expected(target, role), id=f"{page}-{target}-as-{role}")
        for target in targets
        for role in ROLES
    ]


# --- an enterprise's page ----------------------------------------------------------------------


def detail_expected(target, role):
    if role == "anonymous":
        return LOGIN
    return 200 if target in VISIBLE[role] else 404


@pytest.mark.parametrize(("target", "role", "expected"), cases("detail", detail_expected))
def test_detail(client, world, target, role, expected):
    enterprise = world["enterprises"][target]
    url = f"/enterprises/{enterprise.pk}/"

    response = as_role(client, world, role).get(url)

    if expected == LOGIN:
        assert_sent_to_login(response, url)
    else:
        assert response.status_code == expected
    if expected == 200:
        page = text(response)
        assert f"<h1>{enterprise.name_vi}</h1>" in page
        # Members, join requests and consultants are shown to the enterprise's members only.
        member = target in ACTIVE_MEMBER_OF.get(role, set())
        assert ("<h2>Thành viên</h2>" in page) == member
        assert ("<h2>Chuyên gia tư vấn</h2>" in page) == member


# --- inviting a consultant ---------------------------------------------------------------------

INVITED, REFUSED = "invited", "refused"


def invite_expected(target, role):
    if role == "anonymous":
        return LOGIN
    if target not in VISIBLE[role]:
        return 404
    return INVITED if target in ACTIVE_MEMBER_OF.get(role, set()) else REFUSED


@pytest.mark.parametrize(("target", "role", "expected"), cases("invite", invite_expected))
def test_invite(client, world, target, role, expected):
    enterprise = world["enterprises"][target]
    url = f"/enterprises/{enterprise.pk}/invite/"

    response = as_role(client, world, role).post(url, {"consultant": "TV-MATRIX-0001"})

    invited = Engagement.objects.filter(enterprise=enterprise, consultant=world["candidate"])
    if expected == LOGIN:
        assert_sent_to_login(response, url)
    elif expected == INVITED:
        assert response.status_code == 302
        assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    elif expected == REFUSED:
        assert response.status_code == 403
    else:
        assert response.status_code == expected
    assert invited.exists() == (expected == INVITED)


# --- deciding a join request (A's) -------------------------------------------------------------

APPROVED = "approved"


def decide_expected(target, role):
    if role == "anonymous":
        return LOGIN
    if target not in VISIBLE[role]:
        return 404
    return APPROVED if target in OWNER_OF.get(role, set()) else REFUSED


@pytest.mark.parametrize(
    ("target", "role", "expected"), cases("decide", decide_expected, targets=("A",))
)
def test_decide(client, world, target, role, expected):
    enterprise = world["enterprises"][target]
    join_request = world["join_request"]
    url = f"/enterprises/{enterprise.pk}/members/{join_request.pk}/decide/"

    response = as_role(client, world, role).post(url, {"decision": "approve"})

    if expected == LOGIN:
        assert_sent_to_login(response, url)
    elif expected == APPROVED:
        assert response.status_code == 302
        assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    elif expected == REFUSED:
        assert response.status_code == 403
    else:
        assert response.status_code == expected
    join_request.refresh_from_db()
    assert join_request.status == ("active" if expected == APPROVED else "pending")


# --- answering an invitation (the consultant's page) -------------------------------------------


def respond_expected(target, role):
    if role == "anonymous":
        return LOGIN
    return 200 if role == CONSULTANT_OF[target] else 404


@pytest.mark.parametrize(
    ("target", "role", "expected"), cases("respond", respond_expected, targets=("A", "B"))
)
def test_respond(client, world, target, role, expected):
    engagement = world["engagements"][target]
    url = f"/engagements/{engagement.pk}/"

    response = as_role(client, world, role).get(url)

    if expected == LOGIN:
        assert_sent_to_login(response, url)
    else:
        assert response.status_code == expected


# --- ending an engagement or invitation --------------------------------------------------------

ENDED = "ended"


def end_expected(target, role):
    if role == "anonymous":
        return LOGIN
    return ENDED if role == CONSULTANT_OF[target] or role in MEMBERS_OF[target] else 404


@pytest.mark.parametrize(
    ("target", "role", "expected"), cases("end", end_expected, targets=("A", "B"))
)
def test_end(client, world, target, role, expected):
    engagement = world["engagements"][target]
    status_before = engagement.status
    url = f"/engagements/{engagement.pk}/end/"

    response = as_role(client, world, role).post(url, {"reason": "Thử quyền"})

    engagement.refresh_from_db()
    if expected == LOGIN:
        assert_sent_to_login(response, url)
    elif expected == ENDED:
        assert response.status_code == 302
        assert response["Location"] == "/me/"
    else:
        assert response.status_code == expected
    assert engagement.status == (Engagement.Status.ENDED if expected == ENDED else status_before)


# --- the list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=[f"list-as-{role}" for role in ROLES])
def test_list_shows_exactly_the_visible_enterprises(client, world, role):
    response = as_role(client, world, role).get("/enterprises/")

    if role == "anonymous":
        assert_sent_to_login(response, "/enterprises/")
        return
    assert response.status_code == 200
    shown = set(re.findall(r"<tr> <td>([0-9-]+)</td>", text(response)))
    assert shown == {world["enterprises"][key].tax_code for key in VISIBLE[role]}


@pytest.mark.parametrize(
    "role", ["vl_officer", "dn_officer", "owner"], ids=lambda role: f"provinces-as-{role}"
)
def test_the_province_filter_offers_only_provinces_of_visible_enterprises(client, world, role):
    page = text(as_role(client, world, role).get("/enterprises/"))

    select = re.search(r'<select name="province">(.*?)</select>', page).group(1)
    offered = set(re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select))
    expected = {world["enterprises"][key].province.name for key in VISIBLE[role]}
    assert offered == expected
