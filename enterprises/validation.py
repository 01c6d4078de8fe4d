"""The checks an enterprise's data must pass, whichever way it arrives (form, import, API)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, EnterpriseKind
from .sectors import division_belongs_to
from .tax_codes import validate_tax_code


def enterprise_problems(enterprise: Enterprise) -> dict[str, ValidationError]:
    """{field: error} for what the database cannot check: the tax code's check digit and kind,
    the VSIC division under its section, the ward inside the province. Normalizes the tax code
    in place when it is valid."""
    problems: dict[str, ValidationError] = {}
    if enterprise.tax_code:
        try:
            enterprise.tax_code = validate_tax_code(
                enterprise.tax_code, household=enterprise.kind == EnterpriseKind.HOUSEHOLD
            )
        except ValidationError as error:
            problems["tax_code"] = error
    section, division = enterprise.sector_section, enterprise.sector_division
    if section and division and not division_belongs_to(section, division):
        problems["sector_division"] = ValidationError(
            _("Ngành cấp 2 %(division)s không thuộc ngành cấp 1 %(section)s."),
            code="division_mismatch",
            params={"division": division, "section": section},
        )
    ward = enterprise.ward if enterprise.ward_id and enterprise.province_id else None
    if ward is not None and ward.province_id != enterprise.province_id:
        problems["ward"] = ValidationError(
            _("Phường/xã này không thuộc tỉnh/thành đã chọn."), code="ward_outside_province"
        )
    return problems
