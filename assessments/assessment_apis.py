"""Assessments API: the pages' visibility (``assessments_visible_to``) and the same services.
Refusals come back as structured errors (``dbi_portal.api_errors``): 403 for the wrong role, 409
for a stale version or a step out of order, 400 for bad values."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.params import SMALLINT_MAX

from .models import Assessment, Column, ColumnResult, Rating
from .selectors import assessments_visible_to
from .services import (
    assessment_return,
    assessment_transition,
    rating_save,
)
from .workflow import TRANSITIONS


class ColumnResultSerializer(serializers.ModelSerializer):
    pillars = serializers.SerializerMethodField()

    class Meta:
        model = ColumnResult
        fields = ["column", "total", "level", "answered", "pillars"]

    def get_pillars(self, result) -> list[dict]:
        return [
            {"code": p.pillar.code, "points": p.points, "level": p.level}
            for p in result.pillars.all()
        ]


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_tax_code = serializers.CharField(source="enterprise.tax_code")
    framework = serializers.CharField(source="framework.code")
    period = serializers.IntegerField()
    state = serializers.CharField()
    results = ColumnResultSerializer(many=True)


class RatingSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code")

    class Meta:
        model = Rating
        fields = ["criterion", "column", "level", "note", "version", "rated_at"]


class RatingInputSerializer(serializers.Serializer):
    column = serializers.ChoiceField(choices=Column.choices)
    level = serializers.IntegerField(allow_null=True, min_value=0, max_value=10)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    version = serializers.IntegerField(min_value=0, help_text="the version you read; 0 if new")


class TransitionInputSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[*TRANSITIONS, "return"])
    comment = serializers.CharField(allow_blank=True, required=False, default="")


def _visible(request):
    return assessments_visible_to(request.user).prefetch_related("results__pillars__pillar")


class AssessmentFilterSerializer(serializers.Serializer):
    period = serializers.IntegerField(required=False, min_value=0, max_value=SMALLINT_MAX)
    state = serializers.ChoiceField(choices=Assessment.State.choices, required=False)


@extend_schema(parameters=[AssessmentFilterSerializer])
class AssessmentListApi(generics.ListAPIView):
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        filters = AssessmentFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = _visible(self.request).order_by("-period", "pk")
        if (period := filters.validated_data.get("period")) is not None:
            queryset = queryset.filter(period=period)
        if state := filters.validated_data.get("state"):
            queryset = queryset.filter(state=state)
        return queryset


class AssessmentDetailApi(generics.RetrieveAPIView):
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return _visible(self.request)


class RatingFilterSerializer(serializers.Serializer):
    column = serializers.ChoiceField(choices=Column.choices, default=Column.SELF)


class RatingListApi(generics.ListAPIView):
    """The ratings of one column (``?column=self|consultant|province|ministry``)."""

    serializer_class = RatingSerializer
    pagination_class = None

    @extend_schema(parameters=[RatingFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        assessment = generics.get_object_or_404(_visible(self.request), pk=self.kwargs["pk"])
        filters = RatingFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        column = filters.validated_data["column"]
        return Rating.objects.filter(assessment=assessment, column=column).select_related(
            "criterion"
        )


class RatingSaveApi(APIView):
    @extend_schema(
        request=RatingInputSerializer,
        responses={
            200: RatingSerializer,
            403: OpenApiResponse(description="not your column, or a member rating as reviewer"),
            409: OpenApiResponse(description="a stale version, or the column is closed now"),
        },
    )
    def put(self, request, pk: int, code: str):
        assessment = generics.get_object_or_404(assessments_visible_to(request.user), pk=pk)
        data = RatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = rating_save(
            assessment_id=assessment.pk,
            column=values["column"],
            criterion_code=code,
            level=values["level"],
            note=values["note"],
            reason=values["reason"],
            user=request.user,
            expected_version=values["version"],
        )
        rating = Rating.objects.select_related("criterion").get(pk=outcome.rating.pk)
        return Response(RatingSerializer(rating).data)


class TransitionApi(APIView):
    @extend_schema(
        request=TransitionInputSerializer,
        responses={
            200: AssessmentSerializer,
            403: OpenApiResponse(description="not your step"),
            409: OpenApiResponse(
                description="not possible in the current state; ``fields.missing`` lists the "
                "criteria still to rate"
            ),
        },
    )
    def post(self, request, pk: int):
        assessment = generics.get_object_or_404(assessments_visible_to(request.user), pk=pk)
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        name, comment = data.validated_data["name"], data.validated_data["comment"]
        if name == "return":
            assessment_return(assessment_id=assessment.pk, user=request.user, comment=comment)
        else:
            assessment_transition(
                assessment_id=assessment.pk, name=name, user=request.user, comment=comment
            )
        return Response(AssessmentSerializer(_visible(request).get(pk=pk)).data)
