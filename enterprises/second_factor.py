"""The second factor (TOTP from an authenticator app, or a one-time backup code) for staff.

django-otp keeps the devices and marks a session verified (``request.user.is_verified()``, set by
its OTPMiddleware); django-two-factor-auth provides the login wizard, the setup, backup-code and
profile pages. What is ours is the rule, enforced here in one place for every page and API call:

* administrators (``is_staff``/``is_superuser``), province officers and ministry reviewers, and
  anyone else who has set up a second factor (enterprises and consultants may opt in), reach the
  portal only from a verified session;
* a signed-in person who is not verified is sent to set the factor up (no device yet) or to sign
  in again with a code; API calls get a structured 403 instead, htmx requests a client redirect;
* the login, logout, the 2FA pages, language switch, health check and the public pages stay
  open, so there is always a way forward.

``DBI_REQUIRE_STAFF_2FA`` (default true) switches the rule off; the test suite does so by default
(tests/conftest.py), and tests/enterprises/test_two_factor.py turns it back on.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.admin import AdminSiteOTPRequiredMixin
from two_factor.utils import default_device

from dbi_portal.api_errors import error_response, is_api_request

from .models import MinistryReviewer, ProvinceOfficer, User

# Views an unverified person may still open (resolver view names).
OPEN_VIEWS = frozenset(
    {
        # the way forward: sign in again with a code, set the factor up, or leave
        "login",
        "logout",
        "two_factor:login",
        "two_factor:setup",
        "two_factor:qr",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "healthz",
        "favicon",
        # public pages and the public API: what anyone may see without signing in
        "calculator",
        "calculator-framework",
        "certificate-search",
        "certificate-verify",
        "honour-list",
        "help",
        "rankings",
        "schema",
        "swagger-ui",
        "api:framework-list",
        "api:framework-detail",
        "api:framework-score",
        "api:certificate-verify",
        "api:certificate-list",
    }
)


def needs_second_factor(user) -> bool:
    """Whether ``user`` may use the portal only after the second factor: administrators,
    province officers, ministry reviewers, and whoever set up a device (one query)."""
    if user.is_staff or user.is_superuser:
        return True
    return (
        User.objects.filter(pk=user.pk)
        .filter(
            Q(Exists(ProvinceOfficer.objects.filter(user=OuterRef("pk"))))
            | Q(Exists(MinistryReviewer.objects.filter(user=OuterRef("pk"))))
            | Q(Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        )
        .exists()
    )


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: stops an unverified session of a person who needs the
    second factor before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.DBI_REQUIRE_STAFF_2FA:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if not needs_second_factor(user):
            return None
        return self.ask_for_second_factor(request, user)

    @staticmethod
    def ask_for_second_factor(request, user):
        has_device = default_device(user) is not None
        if is_api_request(request):
            return error_response(
                "second_factor_required",
                _(
                    "Tài khoản này phải xác thực hai lớp: hãy đăng nhập bằng mật khẩu và mã xác "
                    "thực trước khi dùng API."
                )
                if has_device
                else _(
                    "Tài khoản này phải xác thực hai lớp: hãy thiết lập ứng dụng xác thực trước "
                    "khi dùng API."
                ),
                status=403,
            )
        if has_device:
            target = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
            message = _("Vui lòng đăng nhập lại với mã xác thực hai lớp để tiếp tục.")
        else:
            target = reverse("two_factor:setup")
            message = _(
                "Tài khoản cán bộ phải bật xác thực hai lớp. Hãy thiết lập ứng dụng xác thực "
                "để tiếp tục."
            )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        messages.info(request, message)
        return redirect(target)


class SecondFactorAdminSite(AdminSiteOTPRequiredMixin, AdminSite):
    """The admin: staff only, and only from a verified session (unless the rule is off). Its
    login page is the portal's login wizard."""

    def has_permission(self, request):
        if not settings.DBI_REQUIRE_STAFF_2FA:
            return AdminSite.has_permission(self, request)
        return super().has_permission(request)
