"""The dashboard's filters, read from the query string (a GET form, so every view is a link)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import EnterpriseKind, Province
from enterprises.sectors import Section
from enterprises.sizing import SizeClass

from .selectors import BREAKDOWN_LABELS, COLUMN_CHOICES

ALL = [("", _("Tất cả"))]


class DashboardFilterForm(forms.Form):
    framework = forms.ChoiceField(label=_("Bộ chỉ số"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    column = forms.ChoiceField(label=_("Kết quả của cột"), choices=COLUMN_CHOICES, required=False)
    sector = forms.ChoiceField(label=_("Ngành"), choices=ALL + Section.choices, required=False)
    size = forms.ChoiceField(label=_("Quy mô"), choices=ALL + SizeClass.choices, required=False)
    kind = forms.ChoiceField(
        label=_("Loại hình"), choices=ALL + EnterpriseKind.choices, required=False
    )
    by = forms.ChoiceField(label=_("Phân tích theo"), required=False)
    province = forms.TypedChoiceField(
        label=_("Tỉnh/thành phố"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        data,
        *,
        years: list[int],
        breakdowns: tuple[str, ...],
        national: bool,
        frameworks=(),
    ):
        super().__init__(data)
        # Any code is accepted here: the caller has already picked the framework by it.
        cast(forms.ChoiceField, self.fields["framework"]).choices = [
            (f.code, f.name) for f in frameworks
        ]
        if not frameworks:
            del self.fields["framework"]
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, y) for y in years]
        cast(forms.ChoiceField, self.fields["by"]).choices = [
            (b, BREAKDOWN_LABELS[b]) for b in breakdowns
        ]
        if national:
            cast(forms.ChoiceField, self.fields["province"]).choices = [("", _("Toàn quốc"))] + [
                (p.code, p.name) for p in Province.objects.order_by("name")
            ]
        else:
            del self.fields["province"]

    def value(self, name: str, default=None):
        """The field's clean value, or ``default`` when it is absent or not one of the choices
        (a bad value in a shared link falls back instead of failing the page)."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value
