"""Catalog and scoring API (public: the catalog and the calculator are open to everyone)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.client_address import ScopedRateThrottle

from . import scoring
from .selectors import catalog_snapshot, framework_list, framework_with_tree
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
    permission_classes = [AllowAny]

    @extend_schema(responses=FrameworkDetailSerializer)
    def get(self, request, code: str):
        return Response(FrameworkDetailSerializer(framework_with_tree(code=code)).data)


class FrameworkScoreApi(APIView):
    """Score criterion levels with the framework's rules; same JSON in and out as the CLI."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # stateless and public: no session, so no CSRF token needed
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "score"

    @extend_schema(
        request=ScoreInputSerializer,
        responses={
            200: ScoreOutputSerializer,
            400: OpenApiResponse(description="per-field errors"),
        },
    )
    def post(self, request, code: str):
        snapshot = catalog_snapshot(code=code)
        serializer = ScoreInputSerializer(data=request.data, context={"snapshot": snapshot})
        serializer.is_valid(raise_exception=True)
        result = scoring.score(snapshot, serializer.validated_data["levels"])
        return Response(scoring.result_as_dict(result))
