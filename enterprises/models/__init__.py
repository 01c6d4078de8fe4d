from .groups import GroupMember
from .imports import ImportJob
from .parties import Enterprise, EnterpriseKind
from .places import Authority, LegacyProvince, Province, Ward
from .roles import (
    Accreditation,
    Consultant,
    ConsultingFirm,
    Engagement,
    Membership,
    MinistryReviewer,
    ProvinceOfficer,
)
from .users import User, UserManager

__all__ = [
    "Accreditation",
    "Authority",
    "Consultant",
    "ConsultingFirm",
    "Engagement",
    "Enterprise",
    "EnterpriseKind",
    "GroupMember",
    "ImportJob",
    "LegacyProvince",
    "Membership",
    "MinistryReviewer",
    "Province",
    "ProvinceOfficer",
    "User",
    "UserManager",
    "Ward",
]
