"""API shapes for the catalog and the scoring endpoint (thin: logic lives in scoring, answering
and the selectors).

The catalog is given with the questions of the framework's current catalog version (the context's
``asked``, a ``selectors.Questionnaire``): each criterion's question, the figures and the survey.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import answering
from .messages import answer_error_messages
from .models import (
    CatalogVersion,
    Criterion,
    FigureField,
    FigureThreshold,
    Framework,
    Pillar,
    Question,
    QuestionOption,
    SubIndex,
)


class QuestionOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionOption
        fields = ["position", "level", "label_vi", "label_en"]
        extra_kwargs = {
            "position": {"help_text": "what an answer sends (score API: answers)"},
            "level": {"help_text": "the level this answer gives"},
        }


class FigureThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = FigureThreshold
        fields = ["level", "min_percent"]
        extra_kwargs = {
            "min_percent": {
                "help_text": "the share (numerator × 100 ≥ min_percent × denominator) from which "
                "the level is reached; a numerator of 0 is level 0"
            }
        }


class QuestionSerializer(serializers.ModelSerializer):
    """How the current catalog version asks a criterion: a yes/no gate and descriptors, a
    scale (answered with an option's position), or two figures whose share gives the level
    through the thresholds."""

    options = QuestionOptionSerializer(many=True, help_text="empty for kind figures")
    numerator: serializers.SlugRelatedField[FigureField] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True, help_text="figure key (kind figures)"
    )
    denominator: serializers.SlugRelatedField[FigureField] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True, help_text="figure key (kind figures)"
    )
    thresholds = FigureThresholdSerializer(many=True, help_text="levels 1..5 (kind figures)")

    class Meta:
        model = Question
        fields = [
            "kind",
            "gate_vi",
            "gate_en",
            "prompt_vi",
            "prompt_en",
            "help_vi",
            "help_en",
            "options",
            "mapping_note_vi",
            "mapping_note_en",
            "numerator",
            "denominator",
            "thresholds",
            "threshold_note_vi",
            "threshold_note_en",
            "published_text_vi",
            "correction_note_vi",
            "correction_note_en",
        ]


class CriterionSerializer(serializers.ModelSerializer):
    question = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = [
            "code",
            "group_vi",
            "group_en",
            "text_vi",
            "text_en",
            "points_per_level",
            "question",
        ]

    @extend_schema_field(QuestionSerializer)
    def get_question(self, criterion: Criterion) -> dict:
        return QuestionSerializer(self.context["asked"].questions[criterion.code]).data


class SubIndexSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = SubIndex
        fields = ["code", "name_vi", "name_en", "max_points", "criteria"]


class PillarSerializer(serializers.ModelSerializer):
    sub_indices = SubIndexSerializer(many=True)

    class Meta:
        model = Pillar
        fields = ["code", "name_vi", "name_en", "max_points", "sub_indices"]


class FrameworkListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:framework-detail", lookup_field="code"
    )

    class Meta:
        model = Framework
        fields = ["code", "name_vi", "name_en", "decision_vi", "decision_en", "max_points", "url"]


class BandSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    upper_percent = serializers.IntegerField()


class OverallRuleSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    total_above = serializers.IntegerField()
    min_pillars = serializers.IntegerField()


class LevelNameSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()


class FrameworkVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogVersion
        fields = ["number", "label", "name_vi", "name_en"]


class FigureFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = FigureField
        fields = ["key", "unit", "label_vi", "label_en", "period_vi", "period_en", "shared"]
        extra_kwargs = {
            "key": {"help_text": "what the score API's figures are keyed by"},
            "unit": {"help_text": "count, or vnd (whole đồng)"},
            "shared": {"help_text": "asked once and the denominator of several criteria"},
        }


class ScaleLabelSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label_vi = serializers.CharField()
    label_en = serializers.CharField()


class SurveyTextSerializer(serializers.Serializer):
    code = serializers.CharField()
    text_vi = serializers.CharField()
    text_en = serializers.CharField()


class PerceptionGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    description_vi = serializers.CharField()
    description_en = serializers.CharField()
    statements = SurveyTextSerializer(many=True)


class SupportNeedSerializer(serializers.Serializer):
    code = serializers.CharField()
    label_vi = serializers.CharField()
    label_en = serializers.CharField()
    asks_text = serializers.BooleanField()


class SurveySerializer(serializers.Serializer):
    """The unscored part of the form: barriers, self-perception statements (answered on the
    scale) and support needs."""

    scale = ScaleLabelSerializer(many=True)
    barriers = SurveyTextSerializer(many=True)
    perception_groups = PerceptionGroupSerializer(many=True)
    support_needs = SupportNeedSerializer(many=True)


class FrameworkDetailSerializer(serializers.ModelSerializer):
    bands = BandSerializer(many=True)
    overall_rules = OverallRuleSerializer(many=True)
    level_names = LevelNameSerializer(many=True)
    version = serializers.SerializerMethodField(help_text="the current catalog version")
    figures = serializers.SerializerMethodField(help_text="every figure the questions ask")
    survey = serializers.SerializerMethodField()
    pillars = PillarSerializer(many=True)

    @extend_schema_field(FrameworkVersionSerializer)
    def get_version(self, framework: Framework) -> dict:
        return FrameworkVersionSerializer(self.context["asked"].version).data

    @extend_schema_field(FigureFieldSerializer(many=True))
    def get_figures(self, framework: Framework) -> list[dict]:
        return list(FigureFieldSerializer(self.context["asked"].figures, many=True).data)

    @extend_schema_field(SurveySerializer)
    def get_survey(self, framework: Framework) -> dict:
        return SurveySerializer(self.context["survey"]).data

    class Meta:
        model = Framework
        fields = [
            "code",
            "name_vi",
            "name_en",
            "decision_vi",
            "decision_en",
            "scoring_method",
            "max_level",
            "max_points",
            "bands",
            "overall_rules",
            "level_names",
            "version",
            "figures",
            "survey",
            "pillars",
        ]


LEVELS_HELP = (
    "{criterion code: level 0..max_level}, for a criterion answered with an option; refused for "
    "one asked as figures (its level comes from its figures)"
)
ANSWERS_HELP = (
    "{criterion code: option position} (the catalog's question.options[].position), for a "
    "criterion asked with descriptors or a scale"
)
FIGURES_HELP = (
    "{figure key: whole number 0..10^15, or null for not entered} (the catalog's figures[].key); "
    "a criterion asked as figures takes the level of numerator / denominator through its "
    "thresholds once both are given; a numerator above its denominator is refused under the "
    "numerator's key"
)


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "integer"}, "example": {"1.1.1": 3}}
)
class CodeIntegerMapField(serializers.DictField):
    """{key: integer}, checked by answering.levels_from_answers (so that every bad key is named
    in our words, not DRF's)."""


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0, "nullable": True},
        "example": {"staff_total": 40, "c4_2_1_num": 12},
    }
)
class FiguresMapField(serializers.DictField):
    """{figure key: whole number ≥ 0 or null}, checked by answering.levels_from_answers."""


class ScoreInputSerializer(serializers.Serializer):
    """{"levels": {"2.1.1": 4}, "answers": {"1.1.1": 3}, "figures": {"staff_total": 40, ...}} —
    any of the three; checked against the framework and its current catalog version."""

    # null is let through here so that levels_from_answers reports it with every other bad key.
    levels = CodeIntegerMapField(
        child=serializers.JSONField(allow_null=True), required=False, help_text=LEVELS_HELP
    )
    answers = CodeIntegerMapField(
        child=serializers.JSONField(allow_null=True), required=False, help_text=ANSWERS_HELP
    )
    figures = FiguresMapField(
        child=serializers.JSONField(allow_null=True), required=False, help_text=FIGURES_HELP
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(
                _("Hãy gửi ít nhất một trong “levels”, “answers” và “figures”.")
            )
        asked = self.context["asked"]
        answered = answering.levels_from_answers(self.context["snapshot"], asked.answering, **attrs)
        if answered.problems:
            labels = {f.key: f.label for f in asked.figures}
            raise serializers.ValidationError(answer_error_messages(answered, labels))
        return {"answered": answered}


class PillarScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.IntegerField()
    max = serializers.IntegerField()
    level = serializers.IntegerField()


class SubIndexScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.IntegerField()
    max = serializers.IntegerField()


class ScoreComputationSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.CharField(
        allow_null=True,
        help_text='the share in percent with one decimal, truncated ("29.9" for 29.96 %); '
        "null when the denominator is 0",
    )
    level = serializers.IntegerField()


class ScoreOutputSerializer(serializers.Serializer):
    framework = serializers.CharField()
    total = serializers.IntegerField()
    level = serializers.IntegerField()
    pillars = PillarScoreSerializer(many=True)
    sub_indices = SubIndexScoreSerializer(many=True)
    computations = serializers.DictField(
        child=ScoreComputationSerializer(),
        help_text="{criterion code: how its level came from its figures}, for each criterion "
        "asked as figures whose two figures were given",
    )
