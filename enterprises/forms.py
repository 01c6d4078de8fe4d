"""Forms: each keeps what the user typed and says in Vietnamese (or English) what is wrong."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dbi_portal.params import primary_key
from dbi_portal.refusals import refusal_for_form

from .duties import enterprise_province_change_check
from .models import Accreditation, Enterprise, Province, User, Ward
from .models.parties import PROFILE_FIELDS
from .tax_codes import validate_tax_code
from .validation import enterprise_problems


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"full_name": _("Họ và tên"), "email": _("Email")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        # Whether the address already has an account is not a form error: saying so would tell
        # anyone who has an account. ``services.account_sign_up`` finds it and leaves it as it
        # is; the view answers the same either way.
        # A private ModelForm method django-stubs does not declare.
        return super()._get_validation_exclusions() | {"email"}  # type: ignore[misc]


class VerifyEmailForm(forms.Form):
    """The verification link proves the mailbox; this proves the password chosen at sign-up.
    Both are needed, so an account someone else created with your address cannot be switched
    on by you (or your mail system's link scanner) opening the link they caused to be sent."""

    password = forms.CharField(
        label=_("Mật khẩu bạn đã chọn khi đăng ký"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _(
                    "Mật khẩu không đúng. Nếu bạn không nhớ, hoặc không phải bạn đã đăng ký, hãy "
                    "dùng chức năng quên mật khẩu: liên kết trong email đó cũng kích hoạt tài "
                    "khoản."
                ),
                code="wrong_password",
            )
        return password


class RecoveringPasswordResetForm(PasswordResetForm):
    """Also reaches accounts whose email was never verified: the emailed link proves the
    address, so setting a password through it activates the account."""

    @staticmethod
    def reaches(user) -> bool:
        """An account with a password that is active or has never signed in (not one an
        administrator deactivated, nor staff who have not set a password yet)."""
        return user.has_usable_password() and (user.is_active or user.last_login is None)

    def get_users(self, email):
        return (
            user for user in User.objects.filter(email__iexact=email.strip()) if self.reaches(user)
        )


def check_enterprise_data(
    form: forms.ModelForm[Enterprise], cleaned: dict[str, Any]
) -> dict[str, Any]:
    """Add ``validation.enterprise_problems`` to a form's errors; normalize the tax code."""
    candidate = Enterprise(
        tax_code=cleaned.get("tax_code") or form.instance.tax_code,
        kind=cleaned.get("kind") or "",
        sector_section=cleaned.get("sector_section") or "",
        sector_division=cleaned.get("sector_division") or "",
        province=cleaned.get("province"),
        ward=cleaned.get("ward"),
    )
    for field, error in enterprise_problems(candidate).items():
        form.add_error(field if field in form.fields else None, error)
    if form.instance.pk and cleaned.get("province"):  # editing: the profile page, the admin
        with refusal_for_form(form, "province"):
            enterprise_province_change_check(form.instance, cleaned["province"].pk)
    if "tax_code" in cleaned and "tax_code" not in form.errors:
        cleaned["tax_code"] = candidate.tax_code
    return cleaned


def https_by_default(field, **kwargs):
    """People type "dua.vn"; read it as https://dua.vn (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EnterpriseForm(forms.ModelForm):
    """The enterprise's profile; registration and editing specialise it."""

    class Meta:
        model = Enterprise
        formfield_callback = https_by_default
        fields = list(PROFILE_FIELDS)
        help_texts = {
            "tax_code": _(
                "10 chữ số, hoặc 10 chữ số-3 chữ số với chi nhánh; hộ kinh doanh dùng số định "
                "danh cá nhân 12 chữ số."
            ),
            "employees": _("Số lao động tham gia bảo hiểm xã hội bình quân năm."),
            "annual_revenue": _("Tổng doanh thu năm trước, đồng."),
            "total_capital": _("Tổng nguồn vốn, đồng."),
            "sector_division": _("Không bắt buộc: 2 chữ số, ví dụ 10 (sản xuất thực phẩm)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the chosen province's wards (3,300 in all); htmx reloads them on a province change.
        province = self.data.get("province") or getattr(self.instance, "province_id", None)
        self.fields["ward"].error_messages["invalid_choice"] = _(
            "Phường/xã này không thuộc tỉnh/thành đã chọn."
        )
        province_id = province if isinstance(province, int) else primary_key(province)
        cast("forms.ModelChoiceField[Ward]", self.fields["ward"]).queryset = (
            Ward.objects.filter(province_id=province_id).order_by("name")
            if province_id
            else Ward.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data
        return check_enterprise_data(self, self.cleaned_data)


class EnterpriseRegistrationForm(EnterpriseForm):
    def validate_unique(self):
        # A registered tax code is not an error here: registering it asks to join that enterprise.
        # Private ModelForm methods django-stubs does not declare.
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]
        exclude.add("tax_code")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class EnterpriseProfileForm(EnterpriseForm):
    """Editing a registered enterprise: the tax code is its identity and stays as it is."""

    class Meta(EnterpriseForm.Meta):
        fields = [f for f in EnterpriseForm.Meta.fields if f != "tax_code"]


class InviteConsultantForm(forms.Form):
    consultant = forms.CharField(label=_("Email hoặc số chứng nhận của chuyên gia"), max_length=254)


class IndependenceForm(forms.Form):
    not_insured_employee = forms.BooleanField(
        label=_("Tôi không phải người lao động có đóng bảo hiểm xã hội của doanh nghiệp này."),
        required=False,
    )
    not_member_unit = forms.BooleanField(
        label=_("Tổ chức của tôi không phải đơn vị thành viên của doanh nghiệp này."),
        required=False,
    )


class EndEngagementForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConsultantApplicationForm(forms.Form):
    phone = forms.CharField(label=_("Điện thoại"), max_length=30)
    number = forms.CharField(label=_("Số chứng nhận / quyết định công nhận"), max_length=50)
    issued_by = forms.CharField(label=_("Cơ quan cấp"), max_length=255)
    valid_until = forms.DateField(
        label=_("Có hiệu lực đến"), widget=forms.DateInput(attrs={"type": "date"})
    )
    firm_name = forms.CharField(label=_("Tổ chức tư vấn (nếu có)"), max_length=255, required=False)
    firm_tax_code = forms.CharField(
        label=_("Mã số thuế của tổ chức tư vấn"), max_length=14, required=False
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if Accreditation.objects.filter(number=number).exists():
            raise ValidationError(_("Số chứng nhận này đã được khai báo."), code="duplicate")
        return number

    def clean_valid_until(self):
        valid_until = self.cleaned_data["valid_until"]
        if valid_until < timezone.localdate():
            raise ValidationError(_("Chứng nhận đã hết hạn."), code="expired")
        return valid_until

    def clean_firm_tax_code(self):
        code = self.cleaned_data["firm_tax_code"]
        return validate_tax_code(code) if code else ""


class StaffInviteForm(forms.Form):
    MINISTRY = "ministry"

    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    unit = forms.ChoiceField(label=_("Đơn vị"))
    can_assess = forms.BooleanField(label=_("Đánh giá (cán bộ Sở)"), required=False)
    can_approve = forms.BooleanField(label=_("Phê duyệt (cán bộ Sở)"), required=False)
    can_appraise = forms.BooleanField(label=_("Thẩm định (cán bộ Bộ)"), required=False)
    can_issue = forms.BooleanField(label=_("Cấp chứng nhận (cán bộ Bộ)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            (self.MINISTRY, _("Bộ (toàn quốc)"))
        ] + [(str(p.pk), p.name) for p in Province.objects.order_by("name")]

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data
        cleaned = self.cleaned_data
        ministry = cleaned.get("unit") == self.MINISTRY
        duties = ("can_appraise", "can_issue") if ministry else ("can_assess", "can_approve")
        if cleaned.get("unit") and not any(cleaned.get(d) for d in duties):
            raise ValidationError(
                _("Hãy chọn ít nhất một nhiệm vụ phù hợp với đơn vị."), code="no_duty"
            )
        unit = cleaned.get("unit")  # absent when the choice was refused
        cleaned["province"] = (
            None if ministry or unit is None else Province.objects.filter(pk=unit).first()
        )
        return cleaned
