"""The dashboard as JSON: the same question (query string), the same scoping and the same figures
as the page (``reports.selectors.dashboard``). Province officers get their own province, and 404
for naming another; people without a dashboard get 403."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.params import SMALLINT_MAX
from enterprises.models import EnterpriseKind
from enterprises.sectors import Section
from enterprises.sizing import SizeClass

from .questions import dashboard_question
from .selectors import (
    BREAKDOWN_LABELS,
    COLUMN_CHOICES,
    Dashboard,
    LevelCounts,
    dashboard,
    dashboard_access,
)


class DashboardLevelCountsSerializer(serializers.Serializer):
    counts = serializers.ListField(
        child=serializers.IntegerField(), help_text="how many at level 0, 1, …, max"
    )
    total = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    average_score = serializers.IntegerField(
        allow_null=True,
        required=False,
        help_text="2023 frameworks: the mean score in the framework's unit (R in thousandths, "
        "percent in hundredths); null for the 2021 index",
    )


class DashboardPillarSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    levels = DashboardLevelCountsSerializer()


class DashboardGroupSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="province code, ward, sector, …")
    # A field named like Field.label: DRF's metaclass collects it, the stubs see the attribute.
    label = serializers.CharField()  # type: ignore[assignment]
    registered = serializers.IntegerField()
    assessed = serializers.IntegerField()
    certified = serializers.IntegerField()
    levels = DashboardLevelCountsSerializer()


class DashboardYearSerializer(serializers.Serializer):
    period = serializers.IntegerField()
    assessed = serializers.IntegerField()
    certified = serializers.IntegerField()
    levels = DashboardLevelCountsSerializer()


class DashboardSerializer(serializers.Serializer):
    framework = serializers.CharField(help_text="the framework's code; one framework at a time")
    scoring_method = serializers.CharField(help_text="the unit of average_score")
    year = serializers.IntegerField()
    column = serializers.CharField(help_text="reference, self, consultant, province or ministry")
    province = serializers.IntegerField(allow_null=True, help_text="code; null for the nation")
    registered = serializers.IntegerField()
    assessed = serializers.IntegerField()
    certified = serializers.IntegerField()
    levels = DashboardLevelCountsSerializer()
    level_names = serializers.DictField(child=serializers.CharField())
    pillars = DashboardPillarSerializer(many=True)
    breakdown = serializers.CharField()
    groups = DashboardGroupSerializer(many=True)
    trend = DashboardYearSerializer(many=True)


def _levels(levels: LevelCounts) -> dict:
    return {
        "counts": list(levels.counts),
        "total": levels.total,
        "average": levels.average,
        "average_score": levels.average_score,
    }


def dashboard_data(board: Dashboard) -> dict:
    query = board.query
    return {
        "framework": query.framework.code,
        "scoring_method": query.framework.scoring_method,
        "year": query.period,
        "column": query.column,
        "province": query.province.code if query.province else None,
        "registered": board.registered,
        "assessed": board.assessed,
        "certified": board.certified,
        "levels": _levels(board.levels),
        "level_names": {str(level): name for level, name in board.level_names.items()},
        "pillars": [
            {"code": p.code, "name": str(p.name), "levels": _levels(p.levels)}
            for p in board.pillars
        ],
        "breakdown": board.breakdown,
        "groups": [
            {
                "key": None if row.key is None else str(row.key),
                "label": str(row.label),
                "registered": row.registered,
                "assessed": row.assessed,
                "certified": row.certified,
                "levels": _levels(row.levels),
            }
            for row in board.rows
        ],
        "trend": [
            {
                "period": y.period,
                "assessed": y.assessed,
                "certified": y.certified,
                "levels": _levels(y.levels),
            }
            for y in board.trend
        ],
    }


class DashboardFilterSerializer(serializers.Serializer):
    """The question's parameters, checked for their type; a year without data or a breakdown
    the scope does not offer falls back to its default, as on the page."""

    framework = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="framework code; default the 2021 index, or the only framework with results",
    )
    year = serializers.IntegerField(
        required=False, min_value=0, max_value=SMALLINT_MAX, help_text="default: the latest year"
    )
    column = serializers.ChoiceField(choices=COLUMN_CHOICES, required=False, allow_blank=True)
    province = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=SMALLINT_MAX,
        help_text="province code (ministry only; a province officer gets their own)",
    )
    sector = serializers.ChoiceField(
        choices=Section.choices, required=False, allow_blank=True, help_text="VSIC section"
    )
    size = serializers.ChoiceField(choices=SizeClass.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EnterpriseKind.choices, required=False, allow_blank=True)
    by = serializers.ChoiceField(
        choices=list(BREAKDOWN_LABELS.items()),
        required=False,
        allow_blank=True,
        help_text="breakdown: province, ward, sector, size, kind",
    )


def dashboard_question_of(request):
    """The dashboard question an API call asks, within its caller's scope: 403 for who has no
    dashboard, 400 for a bad filter, 404 for another province (``dashboard_question``)."""
    access = dashboard_access(request.user)
    if access is None:
        raise exceptions.PermissionDenied(
            _("Chỉ cán bộ Sở và cán bộ Bộ xem được báo cáo tổng hợp.")
        )
    DashboardFilterSerializer(data=request.query_params).is_valid(raise_exception=True)
    return dashboard_question(request.query_params, access)


class DashboardApi(APIView):
    @extend_schema(
        parameters=[DashboardFilterSerializer],
        responses={
            200: DashboardSerializer,
            403: OpenApiResponse(description="no dashboard for you"),
            404: OpenApiResponse(description="another province's figures, or no such province"),
        },
    )
    def get(self, request):
        board = dashboard(dashboard_question_of(request))
        return Response(DashboardSerializer(dashboard_data(board)).data)
