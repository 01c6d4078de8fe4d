"""The form that sets a yearly target (the page keeps what was typed when it is refused)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MAX_TARGET_LEVEL, PERCENT_METRICS, TargetMetric

FIRST_YEAR = 2021  # Decision 1970/QĐ-BTTTT
YEARS_AHEAD = 10  # plans look to 2030


class TargetForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    metric = forms.ChoiceField(label=_("Chỉ tiêu"), choices=TargetMetric.choices)
    level = forms.TypedChoiceField(
        label=_("Từ mức"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—")] + [(k, k) for k in range(MAX_TARGET_LEVEL + 1)],
        help_text=_("Chỉ dùng cho chỉ tiêu tỉ lệ doanh nghiệp đạt từ một mức trở lên."),
    )
    value = forms.IntegerField(
        label=_("Mục tiêu"),
        min_value=0,
        max_value=10_000_000,
        help_text=_(
            "Phần trăm (0–100) cho các chỉ tiêu tỉ lệ; số doanh nghiệp cho chỉ tiêu số lượng."
        ),
        error_messages={
            "required": _("Nhập mục tiêu."),
            "invalid": _("Mục tiêu phải là một số nguyên."),
            "min_value": _("Mục tiêu không được âm."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, y) for y in range(this_year + YEARS_AHEAD, FIRST_YEAR - 1, -1)
        ]
        self.fields["year"].initial = this_year

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data
        cleaned = self.cleaned_data
        metric, level, value = cleaned.get("metric"), cleaned.get("level"), cleaned.get("value")
        if metric == TargetMetric.SHARE_LEVEL_AT_LEAST:
            if level is None:
                self.add_error("level", _("Chọn mức cho chỉ tiêu này."))
        else:
            cleaned["level"] = None
        if metric in PERCENT_METRICS and value is not None and value > 100:
            self.add_error("value", _("Tỉ lệ phải từ 0 đến 100%."))
        return cleaned
