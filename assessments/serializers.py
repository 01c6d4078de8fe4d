"""API shapes for the catalog and the scoring endpoint (thin: logic lives in scoring/selectors)."""

from rest_framework import serializers

from . import scoring
from .messages import level_error_messages
from .models import Criterion, Framework, Pillar, SubIndex


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "code",
            "group_vi",
            "group_en",
            "text_vi",
            "text_en",
            "points_per_level",
        ]


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


class FrameworkDetailSerializer(serializers.ModelSerializer):
    bands = BandSerializer(many=True)
    overall_rules = OverallRuleSerializer(many=True)
    level_names = LevelNameSerializer(many=True)
    pillars = PillarSerializer(many=True)

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
            "pillars",
        ]


class ScoreInputSerializer(serializers.Serializer):
    """{"levels": {"1.1.1": 3, ...}} — checked against the framework in ``validate_levels``."""

    # null is let through here so that check_levels reports it along with every other bad key.
    levels = serializers.DictField(child=serializers.JSONField(allow_null=True), allow_empty=True)

    def validate_levels(self, value):
        try:
            return scoring.check_levels(self.context["snapshot"], value)
        except scoring.LevelsError as error:
            raise serializers.ValidationError(level_error_messages(error)) from error


class PillarScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.IntegerField()
    max = serializers.IntegerField()
    level = serializers.IntegerField()


class SubIndexScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.IntegerField()
    max = serializers.IntegerField()


class ScoreOutputSerializer(serializers.Serializer):
    framework = serializers.CharField()
    total = serializers.IntegerField()
    level = serializers.IntegerField()
    pillars = PillarScoreSerializer(many=True)
    sub_indices = SubIndexScoreSerializer(many=True)
