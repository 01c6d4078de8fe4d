from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, whose site lets staff in only after their second factor."""

    default_site = "enterprises.second_factor.SecondFactorAdminSite"
