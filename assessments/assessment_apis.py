"""Assessments API: the pages' visibility (``assessments_visible_to``) and the same services.
Refusals come back as structured errors (``dbi_portal.api_errors``): 403 for the wrong role, 409
for a stale version or a step out of order, 400 for bad values (under the input they are about:
``fields.option``, ``fields.figures.<key>``, ``fields.note``…)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.api_errors import ErrorSerializer
from dbi_portal.params import SMALLINT_MAX

from . import scoring
from .errors import FIGURES_ONLY
from .figure_texts import computation_text
from .figures import MAX_FIGURE, Computation
from .models import Assessment, Column, ColumnResult, Question, QuestionKind, RatingBasis
from .selectors import (
    RatingRead,
    assessments_visible_to,
    column_rating_reads,
    questionnaire_of,
)
from .services import (
    assessment_return,
    assessment_transition,
    criterion_answer_save,
    rating_copy,
)
from .workflow import TRANSITIONS

UNIT_NAMES = {
    scoring.Unit.POINTS: "points",
    scoring.Unit.MILLI_LEVEL: "readiness",
    scoring.Unit.CENTI_PERCENT: "percent",
}


class ColumnResultSerializer(serializers.ModelSerializer):
    """A column's result. ``total`` and a pillar's ``points`` are the method's integers (2021
    points; the readiness R in thousandths; the large index's percent in hundredths); ``score``
    is the same value in its ``unit`` as people read it (R = 2.85, 67.5 %)."""

    unit = serializers.SerializerMethodField(
        help_text="points (the 2021 index), readiness (R, 1–5) or percent (the large index)"
    )
    score = serializers.SerializerMethodField(help_text="`total` in `unit`")
    pillar_scores = serializers.SerializerMethodField(
        help_text="{pillar code: its `points` in `unit`} (a readiness pillar's median, 3.5)"
    )
    pillars = serializers.SerializerMethodField()

    class Meta:
        model = ColumnResult
        fields = [
            "column",
            "total",
            "unit",
            "score",
            "level",
            "answered",
            "pillars",
            "pillar_scores",
        ]

    # The prefetch through Assessment.results sets result.assessment: no query here.
    def _method(self, result: ColumnResult) -> str:
        return result.assessment.framework.scoring_method

    def get_unit(self, result: ColumnResult) -> str:
        return UNIT_NAMES[scoring.UNIT_OF_METHOD[self._method(result)]]

    # Always a number with a fraction in the schema (178.0, 2.85): one type for every unit.
    def get_score(self, result: ColumnResult) -> float:
        return float(scoring.in_unit(self._method(result), result.total))

    def get_pillar_scores(self, result: ColumnResult) -> dict[str, float]:
        method = self._method(result)
        return {
            p.pillar.code: float(scoring.in_unit(method, p.points)) for p in result.pillars.all()
        }

    def get_pillars(self, result: ColumnResult) -> list[dict]:
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


class ComputationSerializer(serializers.Serializer):
    """How a criterion asked as figures gets its level from the column's figures."""

    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.FloatField(
        allow_null=True, help_text="numerator / denominator × 100; null when the denominator is 0"
    )
    level = serializers.IntegerField(help_text="the level the question's thresholds give")
    text = serializers.CharField(
        help_text="as the pages say it, in the caller's language: “12 / 40 = 30 % → mức 3”"
    )

    def to_representation(self, instance: Computation) -> dict[str, Any]:
        percent = instance.percent
        return {
            "numerator": instance.numerator,
            "denominator": instance.denominator,
            "percent": None if percent is None else round(float(percent), 2),
            "level": instance.level,
            "text": computation_text(instance),
        }


class RatingSerializer(serializers.Serializer):
    """One column's rating of one criterion, and where its level comes from."""

    criterion = serializers.CharField()
    column = serializers.ChoiceField(choices=Column.choices, source="rating.column")
    kind = serializers.ChoiceField(
        choices=QuestionKind.choices, help_text="how the assessment's catalog version asks it"
    )
    level = serializers.IntegerField(allow_null=True, source="rating.level")
    basis = serializers.ChoiceField(
        choices=RatingBasis.choices,
        source="rating.basis",
        help_text="answer: the answer at `option`; figures: computed from `figures`; "
        "direct: a reviewer set the level, saying why in `note`",
    )
    option = serializers.IntegerField(
        allow_null=True, source="answer.option", help_text="the position of the answer picked"
    )
    note = serializers.CharField(source="rating.note")
    figures = serializers.DictField(
        child=serializers.IntegerField(),
        source="answer.figures",
        help_text="a figures criterion: {figure key: value} of its numerator and denominator "
        "as this column entered them ({} otherwise)",
    )
    computation = ComputationSerializer(
        allow_null=True,
        source="answer.computation",
        help_text="a figures criterion whose two figures are entered: the level they give",
    )
    not_assessed = serializers.BooleanField(
        source="rating.not_assessed",
        help_text="a consultant or the province left the criterion out on purpose (no level; "
        "the column scores it at the earlier columns' level)",
    )
    not_assessed_reason = serializers.CharField(
        source="rating.not_assessed_reason", help_text="why, when not assessed"
    )
    version = serializers.IntegerField(source="rating.version")
    rated_at = serializers.DateTimeField(source="rating.rated_at")


class RatingInputSerializer(serializers.Serializer):
    """A criterion's answer in one column. A question with answers takes ``option`` (the
    position of the answer picked) or ``level`` (its first answer of that level); a question
    asked as figures takes ``figures`` (its numerator's and denominator's keys), its level then
    coming from them — unless a reviewer sends ``level`` with a ``note`` to set it directly."""

    column = serializers.ChoiceField(choices=Column.choices)
    level = serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        min_value=0,
        max_value=10,
        help_text="answers: the first answer of this level; figures: a reviewer's direct level "
        "(needs `note`); null or absent: the answer's or the figures' level",
    )
    option = serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        min_value=0,
        help_text="the position of the answer picked (questions with answers)",
    )
    figures = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=0, max_value=MAX_FIGURE),
        required=False,
        default=dict,
        help_text="{figure key: whole number ≥ 0, or null to clear} of the criterion's "
        "numerator and denominator (figures questions only)",
    )
    note = serializers.CharField(allow_blank=True, required=False, default="")
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    not_assessed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="consultant and province columns: leave the criterion out on purpose "
        "(“không đánh giá”), with `not_assessed_reason`; a finished or approved column needs "
        "each criterion rated or so marked",
    )
    not_assessed_reason = serializers.CharField(allow_blank=True, required=False, default="")
    version = serializers.IntegerField(min_value=0, help_text="the version you read; 0 if new")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        question: Question = self.context["question"]
        errors: dict[str, Any] = {}
        if question.kind == QuestionKind.FIGURES:
            if attrs["option"] is not None:
                errors["option"] = [str(FIGURES_ONLY.message)]
            assert question.numerator is not None
            assert question.denominator is not None
            terms = {question.numerator.key, question.denominator.key}
            foreign = {
                key: [
                    str(
                        _("Số liệu này không thuộc tiêu chí %(code)s.")
                        % {"code": question.criterion.code}
                    )
                ]
                for key in attrs["figures"]
                if key not in terms
            }
            if foreign:
                errors["figures"] = foreign
        else:
            if attrs["figures"]:
                errors["figures"] = [
                    str(_("Tiêu chí này được hỏi bằng câu trả lời, không bằng số liệu."))
                ]
            positions = {o.position for o in question.options.all()}
            if attrs["option"] is not None and attrs["option"] not in positions:
                errors["option"] = [str(_("Câu trả lời không thuộc câu hỏi này."))]
            if attrs["option"] is not None and attrs["level"] is not None:
                errors["level"] = [
                    str(_("Hãy gửi câu trả lời (option) hoặc mức (level), không cả hai."))
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


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
    """The ratings of one column (``?column=self|consultant|province|ministry``): each with its
    basis, the position of the answer picked, and for a criterion asked as figures the column's
    figures and the computation they give."""

    serializer_class = RatingSerializer
    pagination_class = None

    @extend_schema(parameters=[RatingFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> list[RatingRead]:  # type: ignore[override]  # plain reads
        visible = assessments_visible_to(self.request.user).select_related("catalog_version")
        assessment = generics.get_object_or_404(visible, pk=self.kwargs["pk"])
        filters = RatingFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return column_rating_reads(assessment, filters.validated_data["column"])


class RatingSaveApi(APIView):
    @extend_schema(
        summary="Answer one criterion in one column",
        request=RatingInputSerializer,
        responses={
            200: RatingSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="bad input, under the field it is about: `option` (not an answer "
                "of this question, or a figures question), `figures.<key>` (not this "
                "criterion's, not a whole number ≥ 0, a numerator above its denominator), "
                "`level` (an enterprise may not set a figures criterion's level), `note` (a "
                "direct level needs one), `reason` (the ministry's changes)",
            ),
            403: OpenApiResponse(
                ErrorSerializer, description="not your column, or a member rating as reviewer"
            ),
            404: OpenApiResponse(
                ErrorSerializer, description="no such assessment visible to you, or criterion"
            ),
            409: OpenApiResponse(
                ErrorSerializer, description="a stale version, or the column is closed now"
            ),
        },
    )
    def put(self, request, pk: int, code: str):
        visible = assessments_visible_to(request.user).select_related("catalog_version")
        assessment = generics.get_object_or_404(visible, pk=pk)
        question = questionnaire_of(assessment).questions.get(code)
        if question is None:
            raise NotFound
        data = RatingInputSerializer(data=request.data, context={"question": question})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        criterion_answer_save(
            assessment_id=assessment.pk,
            column=values["column"],
            criterion_code=code,
            level=values["level"],
            option=values["option"],
            figures=values["figures"],
            note=values["note"],
            reason=values["reason"],
            user=request.user,
            expected_version=values["version"],
            not_assessed=values["not_assessed"],
            not_assessed_reason=values["not_assessed_reason"],
        )
        (read,) = column_rating_reads(assessment, values["column"], criterion_code=code)
        return Response(RatingSerializer(read).data)


class RatingCopyInputSerializer(serializers.Serializer):
    """Take the previous column's level (the nearest earlier column with a level of the
    criterion) into ``column``; the history records it as a copy."""

    column = serializers.ChoiceField(choices=Column.choices)
    version = serializers.IntegerField(min_value=0, help_text="the version you read; 0 if new")
    note = serializers.CharField(
        allow_blank=True,
        allow_null=True,
        required=False,
        default=None,
        help_text="the cell's note (absent or null: the stored one is kept)",
    )
    reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="optional, also for the ministry: taking the earlier level needs no reason",
    )


class RatingCopyApi(APIView):
    @extend_schema(
        summary="Take the previous column's level for one criterion",
        request=RatingCopyInputSerializer,
        responses={
            200: RatingSerializer,
            400: OpenApiResponse(ErrorSerializer, description="bad input"),
            403: OpenApiResponse(
                ErrorSerializer, description="not your column, or a member rating as reviewer"
            ),
            404: OpenApiResponse(
                ErrorSerializer, description="no such assessment visible to you, or criterion"
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="a stale version, the column is closed now, or no earlier column "
                "rated the criterion (`nothing_to_copy`)",
            ),
        },
    )
    def post(self, request, pk: int, code: str):
        visible = assessments_visible_to(request.user).select_related("catalog_version")
        assessment = generics.get_object_or_404(visible, pk=pk)
        if code not in questionnaire_of(assessment).questions:
            raise NotFound
        data = RatingCopyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rating_copy(
            assessment_id=assessment.pk,
            column=values["column"],
            criterion_code=code,
            user=request.user,
            expected_version=values["version"],
            note=values["note"],
            reason=values["reason"],
        )
        (read,) = column_rating_reads(assessment, values["column"], criterion_code=code)
        return Response(RatingSerializer(read).data)


class TransitionApi(APIView):
    @extend_schema(
        request=TransitionInputSerializer,
        responses={
            200: AssessmentSerializer,
            403: OpenApiResponse(description="not your step"),
            409: OpenApiResponse(
                description="not possible in the current state; ``fields.missing`` lists the "
                "criteria still to rate (submit: the enterprise's; consultant_finish and "
                "province_approve, of a column begun: neither rated nor marked not assessed)"
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
