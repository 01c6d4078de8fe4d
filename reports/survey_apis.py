"""The survey's dashboard figures as JSON: the dashboard's question (query string), scoping and
errors (``reports.apis``), the figures of ``reports.survey.survey_dashboard``."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.api_errors import ErrorSerializer

from .apis import DashboardFilterSerializer, dashboard_question_of
from .survey import BarrierCount, NeedCount, SurveyBoard, survey_dashboard


class SurveyBarrierCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    responding = serializers.IntegerField(help_text="enterprises that rated the barrier")
    high = serializers.IntegerField(help_text="of them, those rating it 4 or 5")
    share = serializers.FloatField(allow_null=True, help_text="percent of responding at 4–5")


class SurveyBarrierSerializer(SurveyBarrierCountSerializer):
    text = serializers.CharField()


class SurveyNeedCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    ticked = serializers.IntegerField(help_text="enterprises that ticked the need")
    share = serializers.FloatField(allow_null=True, help_text="percent of the respondents")


class SurveyNeedSerializer(SurveyNeedCountSerializer):
    # A field named like Field.label: DRF's metaclass collects it, the stubs see the attribute.
    label = serializers.CharField()  # type: ignore[assignment]


class SurveyGroupSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="province code, ward, sector, …")
    label = serializers.CharField()  # type: ignore[assignment]
    respondents = serializers.IntegerField()
    barriers = SurveyBarrierCountSerializer(many=True)
    needs = SurveyNeedCountSerializer(many=True)


class SurveyDashboardSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    column = serializers.CharField(help_text="reference, self, consultant, province or ministry")
    province = serializers.IntegerField(allow_null=True, help_text="code; null for the nation")
    respondents = serializers.IntegerField(
        help_text="assessments the dashboard counts with at least one survey answer or need"
    )
    barriers = SurveyBarrierSerializer(many=True)
    needs = SurveyNeedSerializer(many=True)
    breakdown = serializers.CharField()
    groups = SurveyGroupSerializer(many=True)


def _barrier(code: str, counts: BarrierCount) -> dict:
    return {
        "code": code,
        "responding": counts.responding,
        "high": counts.high,
        "share": counts.share,
    }


def _need(code: str, counts: NeedCount) -> dict:
    return {"code": code, "ticked": counts.ticked, "share": counts.share}


def survey_data(board: SurveyBoard) -> dict:
    query = board.query
    return {
        "year": query.period,
        "column": query.column,
        "province": query.province.code if query.province else None,
        "respondents": board.respondents,
        "barriers": [
            {**_barrier(item.code, counts), "text": item.text}
            for item, counts in board.barrier_figures
        ],
        "needs": [
            {**_need(item.code, counts), "label": item.text} for item, counts in board.need_figures
        ],
        "breakdown": board.breakdown,
        "groups": [
            {
                "key": None if row.key is None else str(row.key),
                "label": row.label,
                "respondents": row.respondents,
                "barriers": [
                    _barrier(item.code, counts)
                    for item, counts in zip(board.barriers, row.barriers, strict=True)
                ],
                "needs": [
                    _need(item.code, counts)
                    for item, counts in zip(board.needs, row.needs, strict=True)
                ],
            }
            for row in board.rows
        ],
    }


class SurveyDashboardApi(APIView):
    @extend_schema(
        summary="The survey's figures of a dashboard",
        description=(
            "Per barrier the enterprises that rated it and the share rating it 4–5, per support "
            "need the enterprises that ticked it, for the assessments the dashboard counts "
            "(same parameters and scoping as /reports/dashboard/), with one breakdown (`by`)."
        ),
        parameters=[DashboardFilterSerializer],
        responses={
            200: SurveyDashboardSerializer,
            400: OpenApiResponse(ErrorSerializer, description="a parameter of the wrong type"),
            403: OpenApiResponse(ErrorSerializer, description="no dashboard for you"),
            404: OpenApiResponse(
                ErrorSerializer, description="another province's figures, or no such province"
            ),
        },
    )
    def get(self, request):
        board = survey_dashboard(dashboard_question_of(request))
        return Response(SurveyDashboardSerializer(survey_data(board)).data)
