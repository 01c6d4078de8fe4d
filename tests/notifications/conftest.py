"""The people of the notification tests, from the shared cast (tests/cast.py): an enterprise with
its owner and a staff member, and an accredited consultant it has not invited yet."""

from typing import Any

import pytest

from enterprises.models import Consultant, Enterprise, Membership, User


@pytest.fixture
def side(
    enterprise: Enterprise, owner: Membership, staff_member: User, free_consultant: Consultant
) -> dict[str, Any]:
    return {
        "enterprise": enterprise,
        "owner": owner.user,
        "staff": staff_member,
        "consultant": free_consultant,
    }
