"""Login with a second factor: django-two-factor-auth's wizard and setup views, with our
templates, field names and Vietnamese messages. The rule of who must pass the second factor is
``enterprises/second_factor.py``.

Login steps: ``auth`` (email and password, django-axes counting failures as before), then, for a
person with a confirmed TOTP device, ``token`` (the 6-digit code) or ``backup`` (a one-time
backup code). A person without a device is signed in after the password.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.storage.session import SessionStorage
from two_factor import views as two_factor_views
from two_factor.utils import USER_DEFAULT_DEVICE_ATTR_NAME, default_device
from two_factor.views.utils import LoginStorage

from ..second_factor import needs_second_factor

# django-otp's messages for a refused code, in our words (it has no Vietnamese catalog).
OTP_ERROR_MESSAGES = {
    "token_required": _("Hãy nhập mã xác thực."),
    "invalid_token": _("Mã xác thực không đúng hoặc đã dùng. Hãy thử lại."),
    "n_failed_attempts": ngettext_lazy(
        "Tạm ngừng xác thực sau %(failure_count)d lần nhập sai mã; hãy đợi một lát rồi thử lại.",
        "Tạm ngừng xác thực sau %(failure_count)d lần nhập sai mã; hãy đợi một lát rồi thử lại.",
        "failure_count",
    ),
    "verification_not_allowed": _("Tạm thời chưa xác thực được mã; hãy đợi một lát rồi thử lại."),
}
SETUP_ERROR_MESSAGES = {
    "invalid_token": _(
        "Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã mới nhất."
    ),
}


class QuietLoginStorage(LoginStorage):
    """The login wizard's session storage, written only once there is something to keep (the
    password was right): opening the login page, or mistyping the password, creates no session
    row for a visitor."""

    def __init__(self, prefix, request=None, file_storage=None):
        # SessionStorage.__init__ would write an empty wizard into the session right away.
        BaseStorage.__init__(self, prefix, request, file_storage)

    def _get_data(self):
        if self.prefix not in self.request.session:
            return {
                self.step_key: None,
                self.step_data_key: {},
                self.step_files_key: {},
                self.extra_data_key: {},
                self.validated_step_data_key: {},
            }
        return super()._get_data()

    data = property(_get_data, SessionStorage._set_data)


class LoginView(two_factor_views.LoginView):
    template_name = "registration/login.html"
    storage_name = "enterprises.views.second_factor.QuietLoginStorage"

    def get_form_prefix(self, step=None, form=None):
        # The password step keeps the plain names (username, password) that django-axes reads,
        # password managers recognise and scripts post.
        if (step or self.steps.current) == self.AUTH_STEP:
            return ""
        return super().get_form_prefix(step, form)

    def get(self, request, *args, **kwargs):
        if self.storage.prefix not in request.session:
            return self.render(self.get_form())  # a fresh visit: nothing to reset
        return super().get(request, *args, **kwargs)

    def post(self, *args, **kwargs):
        # A POST of username and password without the wizard's step field is the first step.
        current_step = f"{self.prefix}-current_step"
        if current_step not in self.request.POST:
            data = self.request.POST.copy()
            data[current_step] = self.AUTH_STEP
            self.request.POST = data
        return super().post(*args, **kwargs)

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "otp_token" in form.fields:
            form.otp_error_messages = {**form.otp_error_messages, **OTP_ERROR_MESSAGES}
            form.fields["otp_token"].label = (
                _("Mã dự phòng")
                if (step or self.steps.current) == self.BACKUP_STEP
                else _("Mã xác thực")
            )
        return form

    def process_step(self, form):
        data = super().process_step(form)
        if self.steps.current == self.AUTH_STEP and form.user_cache is not None:
            self.user_cache = form.user_cache  # authenticated just now: no second fetch
        return data

    def get_user(self):
        user = super().get_user()
        if user and not hasattr(user, USER_DEFAULT_DEVICE_ATTR_NAME):
            # Look the devices up once per request, also when there are none (the library
            # remembers only a device it found, and asks again for each step's condition).
            setattr(user, USER_DEFAULT_DEVICE_ATTR_NAME, default_device(user))
        return user

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["next"] = self.get_redirect_url()
        return context


class SetupView(two_factor_views.SetupView):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code."""

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "token" in form.fields:
            form.error_messages = {**form.error_messages, **SETUP_ERROR_MESSAGES}
            form.fields["token"].label = _("Mã xác thực")
        return form

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["second_factor_required"] = needs_second_factor(self.request.user)
        return context


class ProfileView(two_factor_views.ProfileView):
    """Whether the second factor is on, the backup codes left, and the way to turn it off."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["second_factor_required"] = needs_second_factor(self.request.user)
        return context
