"""Enterprise lists in and out of CSV/XLSX (django-import-export).

Rows are matched on the tax code, so importing the same file twice changes nothing. A row is
checked by the same rules as the registration form (``validation.enterprise_problems``) and by
the database's constraints; a province officer may only import enterprises of their province.
Provinces are accepted by current code or name, or by a pre-2025 province name, which is read
as the province it became part of.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from dbi_portal.spreadsheets import spreadsheet_text
from reports.denormalized import column_results_follow_enterprises

from .models import Enterprise, EnterpriseKind, LegacyProvince, Province, Ward
from .models.parties import PROFILE_FIELDS
from .services.places import enterprise_refresh_size
from .validation import enterprise_problems

COLUMNS = PROFILE_FIELDS


def _key(text: str) -> str:
    """Compare names the way people type them: any case, with or without the unit word."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    for prefix in ("thành phố ", "tp. ", "tp ", "tỉnh "):
        text = text.removeprefix(prefix)
    return " ".join(text.split())


class ProvinceWidget(widgets.ForeignKeyWidget):
    """A province by GSO code, current name, or pre-2025 name (mapped to its successor)."""

    def __init__(self):
        super().__init__(Province, field="code")
        self._lookup: dict[str, Province] | None = None

    def _index(self) -> dict[str, Province]:
        if self._lookup is None:
            provinces = list(Province.objects.all())
            by_pk = {p.pk: p for p in provinces}
            self._lookup = {_key(p.name): p for p in provinces}
            for legacy in LegacyProvince.objects.all():
                self._lookup.setdefault(_key(legacy.name), by_pk[legacy.successor_id])
            for p in provinces:
                self._lookup[str(p.code)] = p
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip()
        if text.endswith(".0"):  # spreadsheets turn codes into floats
            text = text[:-2]
        province = self._index().get(text.lstrip("0") or text) or self._index().get(_key(text))
        if province is None:
            raise ValueError(_("Không nhận ra tỉnh/thành “%(value)s”.") % {"value": value})
        return province

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class WardWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Ward, field="code")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return Ward.objects.get(code=int(float(value)))
        except (Ward.DoesNotExist, ValueError) as error:
            raise ValueError(_("Không có phường/xã mã “%(value)s”.") % {"value": value}) from error


class KindWidget(widgets.Widget):
    """The enterprise type by its code or its Vietnamese/English label."""

    def clean(self, value, row=None, **kwargs):
        text = _key(value or "")
        for choice in EnterpriseKind:
            if text in {choice.value, _key(choice.label)}:
                return choice.value
        raise ValueError(
            _("Loại hình phải là một trong: %(choices)s.")
            % {"choices": ", ".join(f"{c.value} ({c.label})" for c in EnterpriseKind)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class WholeNumberWidget(widgets.Widget):
    """A non-negative whole number; "1.000.000", "1,000,000" and "40.0" (from Excel) accepted."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
            return int(value)
        text = str(value).strip().replace(" ", "")
        text = text[:-2] if text.endswith(".0") else text
        digits = text.replace(".", "").replace(",", "")
        if not digits.isdigit():
            raise ValueError(_("Phải là số nguyên không âm, ví dụ 1500000000."))
        return int(digits)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class EnterpriseResource(resources.ModelResource):
    province = fields.Field(attribute="province", column_name="province", widget=ProvinceWidget())
    ward = fields.Field(attribute="ward", column_name="ward", widget=WardWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    employees = fields.Field(
        attribute="employees", column_name="employees", widget=WholeNumberWidget()
    )
    annual_revenue = fields.Field(
        attribute="annual_revenue", column_name="annual_revenue", widget=WholeNumberWidget()
    )
    total_capital = fields.Field(
        attribute="total_capital", column_name="total_capital", widget=WholeNumberWidget()
    )
    founded_year = fields.Field(
        attribute="founded_year", column_name="founded_year", widget=WholeNumberWidget()
    )
    size_class = fields.Field(attribute="size_class", column_name="size_class", readonly=True)

    class Meta:
        model = Enterprise
        fields = (*COLUMNS, "size_class")
        import_id_fields = ["tax_code"]
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        skip_html_diff = True  # the diff is still computed: skip_unchanged needs it

    def export_field(self, field, instance, **kwargs):
        # Export side: text typed by enterprises stays text when the file is opened in a
        # spreadsheet (one rule for every export, dbi_portal.spreadsheets).
        return spreadsheet_text(super().export_field(field, instance, **kwargs))

    def __init__(self, *, allowed_province_ids: set[int] | None = None):
        """``allowed_province_ids``: the provinces the importing person may write (None: all)."""
        super().__init__()
        self.allowed_province_ids = allowed_province_ids

    def before_import_row(self, row, **kwargs):
        # The tax code is the row's identity: tidy it before it is looked up.
        if row.get("tax_code") is not None:
            row["tax_code"] = "".join(str(row["tax_code"]).split()).removesuffix(".0")

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, problem in enterprise_problems(instance).items():
            errors.setdefault(field, []).extend(problem.messages)
        province_id = instance.province_id
        if (
            self.allowed_province_ids is not None
            and province_id
            and province_id not in self.allowed_province_ids
        ):
            errors.setdefault("province", []).append(
                _("Bạn chỉ được nhập doanh nghiệp thuộc tỉnh/thành của mình.")
            )
        enterprise_refresh_size(instance)
        if errors:
            raise ValidationError(errors)

    def after_import(self, dataset, result, **kwargs):
        """The results of the enterprises the file changed follow their place, sector, size and
        type (what the dashboards group by): one statement, in the import's transaction."""
        if kwargs.get("dry_run"):
            return
        updated = [
            row.object_id
            for row in result.rows
            if row.import_type == RowResult.IMPORT_TYPE_UPDATE and row.object_id
        ]
        column_results_follow_enterprises(enterprise_ids=updated)
