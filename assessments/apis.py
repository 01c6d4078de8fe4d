"""Catalog and scoring API (public: the catalog and the calculator are open to everyone)."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.client_address import ScopedRateThrottle

from . import answering, scoring
from .selectors import (
    catalog_snapshot,
    current_questionnaire,
    framework_list,
    framework_with_tree,
    survey_definition,
)
from .serializers import (
    FrameworkDetailSerializer,
    FrameworkListSerializer,
    ScoreInputSerializer,
    ScoreOutputSerializer,
)


class FrameworkListApi(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = FrameworkListSerializer

    def get_queryset(self):
        return framework_list()


class FrameworkDetailApi(APIView):
    """The framework's structure and rules, with the questions of its current catalog version
    (how each criterion is asked, the figures, the unscored survey)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=FrameworkDetailSerializer)
    def get(self, request, code: str):
        framework = framework_with_tree(code=code)
        asked = current_questionnaire(code=framework.code)
        context = {"asked": asked, "survey": survey_definition(asked)}
        return Response(FrameworkDetailSerializer(framework, context=context).data)


class FrameworkScoreApi(APIView):
    """Score levels, answers (option positions) and figures on the framework's current catalog
    version, with the framework's rules; same JSON in and out as ``manage.py score_assessment``.
    A criterion asked as figures takes its level from its figures (``computations`` says how);
    every bad value is named under its part and key."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # stateless and public: no session, so no CSRF token needed
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "score"

    @extend_schema(
        request=ScoreInputSerializer,
        responses={
            200: ScoreOutputSerializer,
            400: OpenApiResponse(
                description="invalid input: error.fields.levels, .answers or .figures maps each "
                "bad key to its messages, in the caller's language (Accept-Language); a body "
                "with none of the three is named under non_field_errors"
            ),
        },
        examples=[
            OpenApiExample(
                "Answers and figures",
                value={
                    "answers": {"1.1.1": 3, "2.1.1": 4},
                    "figures": {"c3_2_3_num": 12, "c3_2_3_den": 40},
                },
                request_only=True,
            ),
            OpenApiExample("Levels", value={"levels": {"1.1.1": 3, "2.1.1": 4}}, request_only=True),
        ],
    )
    def post(self, request, code: str):
        snapshot = catalog_snapshot(code=code)
        asked = current_questionnaire(code=code)
        serializer = ScoreInputSerializer(
            data=request.data, context={"snapshot": snapshot, "asked": asked}
        )
        serializer.is_valid(raise_exception=True)
        answered = serializer.validated_data["answered"]
        result = scoring.score(snapshot, answered.levels)
        return Response(answering.result_as_dict(result, answered))
