"""A corporate group's members and ownership-weighted result (``assessments.groups``), read with
the page's visibility: a group the caller may not see is 404. Scores are numbers in the
framework's display unit (``unit``): R for the readiness index, a percent for the large-enterprise
index, points for the 2021 index (whose rules give a weighted total no level: ``level`` null)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from enterprises.access import visible_enterprises

from . import scoring
from .groups import GroupReading, default_framework, group_frameworks, group_periods, group_result

UNIT_NAMES = {
    scoring.Unit.POINTS: "points",
    scoring.Unit.MILLI_LEVEL: "r",
    scoring.Unit.CENTI_PERCENT: "percent",
}


class GroupQuerySerializer(serializers.Serializer):
    framework = serializers.SlugField(
        required=False, max_length=50, help_text="a framework code (default dbi-large-2023)"
    )
    period = serializers.IntegerField(
        required=False,
        min_value=2021,
        max_value=2100,
        help_text="the year (default: the latest with a member's counted result, else this year)",
    )


class GroupEnterpriseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tax_code = serializers.CharField()
    name = serializers.CharField()


class GroupAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()


class GroupMemberOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the member enterprise's id")
    tax_code = serializers.CharField()
    name = serializers.CharField()
    share = serializers.FloatField(help_text="the parent's ownership share, percent (51.5)")
    assessment = GroupAssessmentSerializer(
        allow_null=True, help_text="its assessment of the framework and year, if any"
    )
    confirmed = serializers.BooleanField(
        help_text="whether the member confirmed the listing; until then nothing of its results "
        "is given (`assessment`, `score` and `level` null)"
    )
    counted = serializers.BooleanField(help_text="whether its result counts in the group's")
    score = serializers.FloatField(
        allow_null=True, help_text="its reference result, in `unit`; null: none, left out"
    )
    level = serializers.IntegerField(allow_null=True)


class GroupResultSerializer(serializers.Serializer):
    group = GroupEnterpriseSerializer()
    framework = serializers.CharField()
    method = serializers.CharField()
    period = serializers.IntegerField()
    periods = serializers.ListField(
        child=serializers.IntegerField(), help_text="years with a member's counted result"
    )
    unit = serializers.ChoiceField(choices=sorted(UNIT_NAMES.values()))
    score = serializers.FloatField(
        allow_null=True,
        help_text="ownership-weighted mean of the counted members' scores, rounded down in the "
        "method's unit; null when no member counts",
    )
    level = serializers.IntegerField(
        allow_null=True,
        help_text="null when no member counts, and for the 2021 index (no level for a weighted "
        "total)",
    )
    level_name = serializers.CharField()
    members_counted = serializers.IntegerField()
    members_total = serializers.IntegerField()
    share_counted = serializers.FloatField(help_text="sum of the counted members' shares, %")
    share_total = serializers.FloatField(help_text="sum of all listed shares, % (may pass 100)")
    reference_questions = serializers.BooleanField(
        help_text="a counted member answered the portal's reference questions (not official)"
    )
    members = GroupMemberOutSerializer(many=True)


def _number(value: int | None, scale: int) -> float | int | None:
    if value is None:
        return None
    return value if scale == 1 else value / scale


def reading_as_dict(reading: GroupReading, periods: list[int]) -> dict[str, Any]:
    unit = scoring.UNIT_OF_METHOD[reading.method]
    scale = scoring.SCALE_OF_UNIT[unit]
    result = reading.result
    has_level = reading.has_level and result.score is not None
    return {
        "group": {
            "id": reading.group.pk,
            "tax_code": reading.group.tax_code,
            "name": reading.group.name,
        },
        "framework": reading.framework.code,
        "method": reading.method,
        "period": reading.period,
        "periods": periods,
        "unit": UNIT_NAMES[unit],
        "score": _number(result.score, scale),
        "level": result.level if has_level else None,
        "level_name": reading.level_name if has_level else "",
        "members_counted": result.members_scored,
        "members_total": result.members_total,
        "share_counted": result.share_scored / 100,
        "share_total": result.share_total / 100,
        "reference_questions": reading.on_reference_questions,
        "members": [
            {
                "id": m.member.pk,
                "tax_code": m.member.tax_code,
                "name": m.member.name,
                "share": m.share / 100,
                "assessment": (
                    {"id": m.assessment.pk, "state": m.assessment.state} if m.assessment else None
                ),
                "confirmed": not m.pending,
                "counted": m.result is not None,
                "score": _number(m.score, scale),
                "level": m.result.level if m.result else None,
            }
            for m in reading.members
        ],
    }


class GroupApi(APIView):
    """A corporate group's member companies, the parent's share of each, their reference
    results of one framework and year, and the ownership-weighted result."""

    @extend_schema(parameters=[GroupQuerySerializer], responses=GroupResultSerializer)
    def get(self, request, pk: int):
        group = generics.get_object_or_404(visible_enterprises(request.user), pk=pk)
        query = GroupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        frameworks = list(group_frameworks())
        code = query.validated_data.get("framework")
        framework = next((f for f in frameworks if f.code == code), None)
        if code and framework is None:
            raise serializers.ValidationError({"framework": ["unknown or inactive framework"]})
        framework = framework or default_framework(frameworks)
        if framework is None:
            raise serializers.ValidationError({"framework": ["no framework is active"]})
        periods = group_periods(group, framework)
        period = query.validated_data.get("period") or (
            periods[0] if periods else timezone.localdate().year
        )
        return Response(reading_as_dict(group_result(group, framework, period), periods))
