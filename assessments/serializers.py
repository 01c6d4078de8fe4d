"""API shapes for the catalog and the scoring endpoint (thin: logic lives in scoring, answering
and the selectors).

The catalog is given with the questions of the framework's current catalog version (the context's
``asked``, a ``selectors.Questionnaire``): each criterion's question, the figures and the survey.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import answering, framework_scoring
from .messages import (
    answer_error_messages,
    framework_input_messages,
    not_assessable_messages,
    reference_note,
)
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
from .selectors import FrameworkState, framework_state_of


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

    @extend_schema_field(QuestionSerializer(allow_null=True))
    def get_question(self, criterion: Criterion) -> dict | None:
        # A framework answered by department asks its criteria as their texts and a percent:
        # its versions may have no question.
        asked = self.context["asked"]
        question = asked.questions.get(criterion.code) if asked is not None else None
        return None if question is None else QuestionSerializer(question).data


class SubIndexSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = SubIndex
        fields = ["code", "name_vi", "name_en", "max_points", "criteria"]


class PillarSerializer(serializers.ModelSerializer):
    sub_indices = SubIndexSerializer(many=True)

    class Meta:
        model = Pillar
        fields = [
            "code",
            "name_vi",
            "name_en",
            "max_points",
            "weight_percent",
            "expected_criteria",
            "sub_indices",
        ]
        extra_kwargs = {
            "max_points": {"help_text": "sme-bands-2021: the pillar's maximum; 0 otherwise"},
            "weight_percent": {
                "help_text": "readiness-median-2023: the pillar's weight in R, whole percents "
                "adding up to 100; 0 otherwise"
            },
            "expected_criteria": {
                "help_text": "department-means-2023: how many criteria the decision gives the "
                "pillar (the framework is assessable once they are imported); null otherwise"
            },
        }


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
    description_vi = serializers.CharField()
    description_en = serializers.CharField()


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A number as the definition holds it (an int, or a float with its decimals)."""

    def to_representation(self, value):
        return value


class ThresholdSerializer(serializers.Serializer):
    """Level ``level`` from a score of ``from`` upwards (readiness: R; large: percent)."""

    level = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        # "from" is the definition file's key, and a Python keyword.
        fields["from"] = NumberField(
            help_text="the lowest score of the level, in the method's unit: R (1..5) for "
            "readiness-median-2023, percent (0..100) for department-means-2023"
        )
        return fields


REFERENCE_QUESTIONS_HELP = (
    "true when the current catalog version asks the portal's own reference questions, not the "
    "ministry's official ones (the readiness index's are not published); every result says so"
)
ASSESSABLE_HELP = (
    "false while the framework cannot be scored: its criteria are not imported yet (the "
    "large-enterprise index ships its structure alone); not_assessable_because says why"
)


class FrameworkStateMixin(serializers.Serializer):
    """Whether the framework can be scored and whether its questions are the portal's reference
    ones, from the context's ``state`` (a ``selectors.FrameworkState``) or, in a list, each
    framework's own (``selectors.framework_state_of``)."""

    assessable = serializers.SerializerMethodField(help_text=ASSESSABLE_HELP)
    not_assessable_because = serializers.SerializerMethodField(
        help_text="why the framework cannot be scored yet, in the caller's language; empty "
        "when it can"
    )
    reference_questions = serializers.SerializerMethodField(help_text=REFERENCE_QUESTIONS_HELP)
    reference_note = serializers.SerializerMethodField(
        help_text="what the reference questions are, in the caller's language; null for "
        "official questions"
    )

    def _state(self, framework: Framework) -> FrameworkState:
        return self.context.get("state") or framework_state_of(framework)

    def get_assessable(self, framework: Framework) -> bool:
        return self._state(framework).assessability.assessable

    def get_not_assessable_because(self, framework: Framework) -> list[str]:
        return not_assessable_messages(self._state(framework).assessability)

    def get_reference_questions(self, framework: Framework) -> bool:
        return self._state(framework).reference_questions

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reference_note(self, framework: Framework) -> str | None:
        return reference_note(self._state(framework).reference_questions)


class FrameworkListSerializer(FrameworkStateMixin, serializers.ModelSerializer):
    """A framework: its method, audience, level range and level names, whether it can be
    scored yet and whether its questions are the portal's reference ones."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:framework-detail", lookup_field="code"
    )
    level_names = LevelNameSerializer(many=True)

    class Meta:
        model = Framework
        fields = [
            "code",
            "name_vi",
            "name_en",
            "decision_vi",
            "decision_en",
            "max_points",
            "url",
            "scoring_method",
            "audience",
            "min_level",
            "max_level",
            "level_names",
            "assessable",
            "not_assessable_because",
            "reference_questions",
            "reference_note",
        ]
        extra_kwargs = {
            "max_points": {"help_text": "sme-bands-2021: the total's maximum; 0 otherwise"},
            "min_level": {"help_text": "the lowest level an answer gives (readiness: 1)"},
        }


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


class FrameworkDetailSerializer(FrameworkStateMixin, serializers.ModelSerializer):
    """The framework with its method's rules: bands and overall rules (sme-bands-2021) or level
    thresholds (the 2023 methods), pillar weights (readiness) and expected criteria (large
    enterprises). The context's ``definition`` (``selectors.definition_from_framework``) gives
    the rules, ``asked`` the current version's questions (None when it has no version)."""

    bands = serializers.SerializerMethodField(help_text="sme-bands-2021 only; empty otherwise")
    overall_rules = serializers.SerializerMethodField(
        help_text="sme-bands-2021 only; empty otherwise"
    )
    thresholds = serializers.SerializerMethodField(
        help_text="readiness-median-2023 and department-means-2023: the level of a score (of "
        "R, a pillar, a dimension, a department or the enterprise); empty for sme-bands-2021"
    )
    level_names = LevelNameSerializer(many=True)
    version = serializers.SerializerMethodField(help_text="the current catalog version")
    figures = serializers.SerializerMethodField(help_text="every figure the questions ask")
    survey = serializers.SerializerMethodField()
    pillars = PillarSerializer(many=True)

    @extend_schema_field(BandSerializer(many=True))
    def get_bands(self, framework: Framework) -> list[dict]:
        return self.context["definition"].get("bands", [])

    @extend_schema_field(OverallRuleSerializer(many=True))
    def get_overall_rules(self, framework: Framework) -> list[dict]:
        return self.context["definition"].get("overall_rules", [])

    @extend_schema_field(ThresholdSerializer(many=True))
    def get_thresholds(self, framework: Framework) -> list[dict]:
        thresholds = self.context["definition"].get("thresholds", [])
        return list(ThresholdSerializer(thresholds, many=True).data)

    @extend_schema_field(FrameworkVersionSerializer(allow_null=True))
    def get_version(self, framework: Framework) -> dict | None:
        asked = self.context["asked"]
        return None if asked is None else FrameworkVersionSerializer(asked.version).data

    @extend_schema_field(FigureFieldSerializer(many=True))
    def get_figures(self, framework: Framework) -> list[dict]:
        asked = self.context["asked"]
        return [] if asked is None else list(FigureFieldSerializer(asked.figures, many=True).data)

    @extend_schema_field(SurveySerializer(allow_null=True))
    def get_survey(self, framework: Framework) -> dict | None:
        survey = self.context["survey"]
        return None if survey is None else SurveySerializer(survey).data

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
            "audience",
            "min_level",
            "thresholds",
            "threshold_note_vi",
            "threshold_note_en",
            "assessable",
            "not_assessable_because",
            "reference_questions",
            "reference_note",
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


# --- the 2023 methods' score input and output (framework_scoring) ---

READINESS_LEVELS_HELP = (
    "{question code: level min_level..max_level (1..5)}: the questions of the current catalog "
    "version (the portal's reference questions while the ministry's are not published); an "
    "unanswered question is left out of its pillar's median"
)
DEPARTMENTS_HELP = (
    "{department name (1..100 characters, at most 50 departments): {criterion code: percent of "
    "the criterion's tasks completed, a whole number 0..100, or null when the criterion is not "
    "relevant to the department}}; a criterion a department leaves out counts 0 % and is listed "
    "in missing"
)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        "example": {"1.1.1": 3, "1.1.2": 4},
    }
)
class ReadinessLevelsField(serializers.JSONField):
    """{question code: level}, checked whole by framework_scoring.check_input."""


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": {
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
                "nullable": True,
            },
        },
        "example": {"Kinh doanh": {"1.1.1": 100, "1.1.2": 50}, "Kế toán": {"1.1.1": None}},
    }
)
class DepartmentsField(serializers.JSONField):
    """{department: {criterion code: percent | null}}, checked by framework_scoring.check_input."""


class FrameworkInputSerializer(serializers.Serializer):
    """The body of a 2023 framework, checked whole by ``framework_scoring.check_input`` against
    the context's ``snapshot`` (so that every problem, a key the method does not take included,
    is named in our words under its part and key); the fields document it."""

    def to_internal_value(self, data):
        try:
            checked = framework_scoring.check_input(self.context["snapshot"], data)
        except framework_scoring.InputError as error:
            raise serializers.ValidationError(framework_input_messages(error)) from error
        return {"checked": checked}


class ReadinessScoreInputSerializer(FrameworkInputSerializer):
    """readiness-median-2023 (dbi-sme-readiness-2023): {"levels": {"1.1.1": 3, ...}}."""

    levels = ReadinessLevelsField(help_text=READINESS_LEVELS_HELP)


class DepartmentsScoreInputSerializer(FrameworkInputSerializer):
    """department-means-2023 (dbi-large-2023): {"departments": {"Sales": {"1.1.1": 100}}}."""

    departments = DepartmentsField(help_text=DEPARTMENTS_HELP)


class ReadinessPillarScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.FloatField(help_text="the median of its answered questions' levels")
    level = serializers.IntegerField(help_text="the level of that median by the thresholds")


class ReadinessAimScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = serializers.FloatField(help_text="the median of the aim's answered questions")


class ReadinessScoreOutputSerializer(serializers.Serializer):
    """readiness-median-2023: R and its level, each pillar's median."""

    framework = serializers.CharField()
    method = serializers.CharField()
    score = serializers.FloatField(help_text="R = Σ weight × pillar median / 100 (0..5)")
    level = serializers.IntegerField(
        help_text="R's level by the thresholds; 0 below the first (not enough answers)"
    )
    pillars = ReadinessPillarScoreSerializer(many=True)
    aims = ReadinessAimScoreSerializer(many=True, help_text="the assessment aims (sub-indices)")
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="the questions without an answer"
    )
    reference_questions = serializers.BooleanField(help_text=REFERENCE_QUESTIONS_HELP)


class DimensionPercentSerializer(serializers.Serializer):
    code = serializers.CharField()
    percent = serializers.FloatField(
        allow_null=True,
        help_text="in hundredths, rounded down; null when nothing in it is relevant",
    )
    level = serializers.IntegerField(help_text="decided on the exact value; 0 with no percent")


class GroupPercentSerializer(serializers.Serializer):
    code = serializers.CharField()
    percent = serializers.FloatField()


class DepartmentPercentSerializer(serializers.Serializer):
    name = serializers.CharField()
    percent = serializers.FloatField(
        allow_null=True, help_text="the mean of its dimensions; null when nothing is relevant"
    )
    level = serializers.IntegerField()
    dimensions = DimensionPercentSerializer(many=True)


class DepartmentsScoreOutputSerializer(serializers.Serializer):
    """department-means-2023: means criterion → group → dimension → department → enterprise."""

    framework = serializers.CharField()
    method = serializers.CharField()
    percent = serializers.FloatField(help_text="the enterprise's: the mean of its departments")
    level = serializers.IntegerField(help_text="by the bands 0/25/50/75/100 %")
    dimensions = DimensionPercentSerializer(
        many=True, help_text="the enterprise's: the mean of the departments' dimension"
    )
    groups = GroupPercentSerializer(many=True, help_text="the criteria groups (sub-indices)")
    departments = DepartmentPercentSerializer(many=True)
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text="criteria some department left out (counted 0 %)",
    )
    reference_questions = serializers.BooleanField(help_text=REFERENCE_QUESTIONS_HELP)
