"""Enterprise lists in and out of CSV/XLSX (django-import-export).

Rows are matched on the tax code, so importing the same file twice changes nothing. A row is
checked by the same rules as the registration form (``validation.enterprise_problems``) and by
the database's constraints. An importer may only write within their scope: an existing enterprise
must be one they may see (``access.visible_enterprises``, decided on what is stored, not on what
the row says), and the row's province one of theirs (a province officer's own province).
Provinces are accepted by current code or name, or by a pre-2025 province name, which is read
as the province it became part of.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from dbi_portal.spreadsheets import spreadsheet_text

from .duties import province_locked_message, provinces_held_under_review
from .models import Enterprise, EnterpriseKind, LegacyProvince, Province, Ward
from .models.parties import PROFILE_FIELDS
from .profile_changes import enterprises_profile_changed
from .services.places import enterprise_refresh_size
from .validation import enterprise_problems

COLUMNS = PROFILE_FIELDS

# One refusal for every row outside the importer's scope, whatever the reason: the row names a
# province that is not theirs, or its tax code belongs to an enterprise they may not see.
#
# Why one message, and why nothing else is said about such a row: the importer must not learn
# where, or what, another province's enterprise is. That a tax code is registered at all cannot
# be hidden (tax codes are unique nationally, so the real import could not create the row
# anyway) and is not secret (the national business register publishes it, and our own
# registration form tells whoever types it that it is registered). So the row is refused with
# the same words, under the same column, as a row that names another province; no other check
# is run on it (their results could differ with the stored enterprise, e.g. "unchanged"), no
# province or name is given, and it counts as one invalid row like any other.
OUT_OF_SCOPE = gettext_lazy(
    "Bạn chỉ được thêm hoặc cập nhật doanh nghiệp thuộc tỉnh/thành mình phụ trách. Nếu mã số "
    "thuế này là của một doanh nghiệp ở nơi khác, hãy đề nghị nơi đó hoặc Bộ cập nhật."
)


def tidy_tax_code(value) -> str | None:
    """The tax code as people meant it: no spaces, no ".0" that a spreadsheet added."""
    if value is None:
        return None
    return "".join(str(value).split()).removesuffix(".0")


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
            if text in {choice.value, _key(str(choice.label))}:
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

    def __init__(
        self,
        *,
        allowed_province_ids: set[int] | None = None,
        writable: QuerySet[Enterprise] | None = None,
    ):
        """For an import: ``allowed_province_ids``, the provinces the importing person may write
        (None: all); ``writable``, the existing enterprises they may change (None: all), i.e.
        ``access.visible_enterprises(person)``."""
        super().__init__()
        self.allowed_province_ids = allowed_province_ids
        self.writable = writable
        self._writable_ids: set[int] | None = None
        self._held_provinces: dict[int, int] = {}

    def before_import(self, dataset, **kwargs):
        tidied = (
            [tidy_tax_code(c) for c in dataset["tax_code"]] if "tax_code" in dataset.headers else []
        )
        codes = [c for c in tidied if c]
        # The chunk's enterprises under review keep their province (enterprises/duties.py), as on
        # the profile page and in the admin: one query for the chunk.
        self._held_provinces = provinces_held_under_review(
            Enterprise.objects.filter(tax_code__in=codes).values("pk")
        )
        self._writable_scope(codes)

    def _writable_scope(self, codes: list[str]) -> None:
        # Which of this chunk's existing enterprises the importer may change: one query, on the
        # access rule (the stored enterprise, whatever province the row gives it).
        if self.writable is None:
            self._writable_ids = None
            return
        self._writable_ids = set(
            self.writable.filter(tax_code__in=codes).values_list("pk", flat=True)
        )

    def _refuse_out_of_scope(self):
        raise ValidationError({"province": [str(OUT_OF_SCOPE)]})

    def before_import_row(self, row, **kwargs):
        # The tax code is the row's identity: tidy it before it is looked up.
        row["tax_code"] = tidy_tax_code(row.get("tax_code"))
        if self.allowed_province_ids is None:
            return
        try:
            province = self.fields["province"].clean(row)
        except ValueError:
            return  # an unknown province is that column's error, found with the others
        if province is not None and province.pk not in self.allowed_province_ids:
            self._refuse_out_of_scope()

    def after_init_instance(self, instance, new, row, **kwargs):
        # Before the row touches it: another province's enterprise is not the importer's to
        # read, compare or change (see OUT_OF_SCOPE for why this is all the row is told).
        if not new and self._writable_ids is not None and instance.pk not in self._writable_ids:
            self._refuse_out_of_scope()

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, problem in enterprise_problems(instance).items():
            errors.setdefault(field, []).extend(problem.messages)
        held = self._held_provinces.get(instance.pk)
        if held is not None and instance.province_id != held:
            errors.setdefault("province", []).append(province_locked_message())
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
        enterprises_profile_changed(enterprise_ids=updated)
