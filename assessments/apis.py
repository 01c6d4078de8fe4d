"""Catalog and scoring API (public: the catalog and the calculator are open to everyone)."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.client_address import ScopedRateThrottle
from dbi_portal.refusals import Refusal

from . import answering, errors, framework_scoring, scoring
from .framework_scoring import Assessability
from .messages import not_assessable_message, not_assessable_messages
from .models import CatalogVersion
from .selectors import (
    FrameworkState,
    catalog_snapshot,
    current_questionnaire,
    definition_from_framework,
    framework_catalog_list,
    framework_state,
    framework_with_tree,
    survey_definition,
)
from .serializers import (
    DepartmentsScoreInputSerializer,
    DepartmentsScoreOutputSerializer,
    FrameworkDetailSerializer,
    FrameworkListSerializer,
    ReadinessScoreInputSerializer,
    ReadinessScoreOutputSerializer,
    ScoreInputSerializer,
    ScoreOutputSerializer,
)


class FrameworkListApi(generics.ListAPIView):
    """The active frameworks: each one's method, audience, levels and their names, whether it
    can be scored yet and whether its questions are the portal's reference ones."""

    permission_classes = [AllowAny]
    serializer_class = FrameworkListSerializer

    def get_queryset(self):
        return framework_catalog_list()

    def paginate_queryset(self, queryset):
        # A handful of rows: read them whole (with their level names), so that the paginator
        # counts the rows read instead of asking the database again.
        return super().paginate_queryset(list(queryset))


class FrameworkDetailApi(APIView):
    """The framework's structure and its method's rules, with the questions of its current
    catalog version (how each criterion is asked, the figures, the unscored survey)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=FrameworkDetailSerializer)
    def get(self, request, code: str):
        framework = framework_with_tree(code=code)
        definition = definition_from_framework(framework)  # no query: the tree is loaded
        try:
            asked = current_questionnaire(code=framework.code)
        except CatalogVersion.DoesNotExist:  # a framework loaded without any version yet
            asked = None
        state = FrameworkState(
            reference_questions=asked is not None and asked.version.is_reference,
            assessability=Assessability.of_definition(definition),
        )
        context = {
            "asked": asked,
            "survey": None if asked is None else survey_definition(asked),
            "definition": definition,
            "state": state,
        }
        return Response(FrameworkDetailSerializer(framework, context=context).data)


def _assessable_state(code: str) -> FrameworkState:
    """The framework's state, or the refusal (409) of one that cannot be scored yet."""
    state = framework_state(code=code)
    if not state.assessability.assessable:
        # Why, under the path parameter it is about.
        raise Refusal(
            errors.NOT_ASSESSABLE,
            not_assessable_message(code),
            fields={"code": not_assessable_messages(state.assessability)},
        )
    return state


INPUT_SERIALIZERS = {
    scoring.READINESS_MEDIAN_2023: ReadinessScoreInputSerializer,
    scoring.DEPARTMENT_MEANS_2023: DepartmentsScoreInputSerializer,
}


class AnyOfSerializer(serializers.Serializer):
    """Documents a body as any of ``serializers`` (``AnyOfExtension``): the score input, where
    the same JSON (``{"levels": …}``) is a sound body of more than one framework's method, so
    that it would not be exactly one of them (oneOf). Schema only, never validates."""

    def __init__(self, *, component_name: str, serializers: list, **kwargs) -> None:
        self.component_name = component_name
        self.serializers = serializers
        super().__init__(**kwargs)


class AnyOfExtension(OpenApiSerializerExtension):
    target_class = AnyOfSerializer

    def get_name(self, auto_schema, direction):
        return self.target.component_name

    def map_serializer(self, auto_schema, direction):
        return {
            "anyOf": [
                auto_schema.resolve_serializer(s, direction).ref for s in self.target.serializers
            ]
        }


SCORE_INPUT = AnyOfSerializer(
    component_name="FrameworkScoreInput",
    serializers=[
        ScoreInputSerializer,
        ReadinessScoreInputSerializer,
        DepartmentsScoreInputSerializer,
    ],
)
SCORE_OUTPUT = PolymorphicProxySerializer(
    component_name="FrameworkScoreOutput",
    serializers=[
        ScoreOutputSerializer,
        ReadinessScoreOutputSerializer,
        DepartmentsScoreOutputSerializer,
    ],
    resource_type_field_name=None,
)

SME_2021_RESULT_EXAMPLE = {  # {"levels": {"1.1.1": 3, "2.1.1": 4, "3.2.1": 5}}
    "framework": "dbi-sme-2021",
    "total": 28,
    "level": 0,
    "pillars": [
        {"code": "1", "points": 3, "max": 65, "level": 0},
        {"code": "2", "points": 20, "max": 25, "level": 4},
        {"code": "3", "points": 5, "max": 80, "level": 0},
    ],
    "sub_indices": [{"code": "1.1", "points": 3, "max": 45}],
    "computations": {},
}
READINESS_RESULT_EXAMPLE = {
    "framework": "dbi-sme-readiness-2023",
    "method": "readiness-median-2023",
    "score": 0.66,
    "level": 0,
    "pillars": [
        {"code": "1", "score": 3.0, "level": 3},
        {"code": "2", "score": 0.0, "level": 0},
    ],
    "aims": [{"code": "1.1", "score": 3.0}],
    "missing": ["1.2.1"],
    "reference_questions": True,
}
DEPARTMENTS_RESULT_EXAMPLE = {
    "framework": "dbi-large-2023",
    "method": "department-means-2023",
    "percent": 62.5,
    "level": 3,
    "dimensions": [{"code": "1", "percent": 62.5, "level": 3}],
    "groups": [{"code": "1.1", "percent": 62.5}],
    "departments": [
        {
            "name": "Kinh doanh",
            "percent": 75.0,
            "level": 4,
            "dimensions": [{"code": "1", "percent": 75.0, "level": 4}],
        },
        {
            "name": "Kế toán",
            "percent": 50.0,
            "level": 3,
            "dimensions": [{"code": "1", "percent": 50.0, "level": 3}],
        },
    ],
    "missing": [],
    "reference_questions": False,
}


class FrameworkScoreApi(APIView):
    """Score a framework's input with its rules; same JSON in and out as ``manage.py
    score_assessment --framework CODE``. The input is the framework's method's:

    * ``sme-bands-2021`` (dbi-sme-2021): levels, answers (option positions) and figures on the
      current catalog version; a criterion asked as figures takes its level from its figures
      (``computations`` says how);
    * ``readiness-median-2023`` (dbi-sme-readiness-2023): ``{"levels": {question code: 1..5}}``;
      the result has each pillar's ``code`` and ``score`` (its median), the overall ``score``
      (R) and ``level``, and ``reference_questions``;
    * ``department-means-2023`` (dbi-large-2023): ``{"departments": {name: {criterion code:
      percent, or null when not relevant}}}``; the result has each dimension's and department's
      ``percent`` and ``level`` and the enterprise's ``percent`` and ``level``.

    Every bad value is named under its part and key; a key the method does not take is refused
    under its own name. A framework whose criteria are not imported yet is refused with 409."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # stateless and public: no session, so no CSRF token needed
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "score"

    @extend_schema(
        request=SCORE_INPUT,
        responses={
            200: SCORE_OUTPUT,
            400: OpenApiResponse(
                description="invalid input, in the caller's language (Accept-Language): "
                "dbi-sme-2021: error.fields.levels, .answers or .figures maps each bad key to "
                "its messages, a body with none of the three is named under non_field_errors; "
                "the 2023 frameworks: error.fields.levels.<question code>, "
                "error.fields.departments.<name> or .<name>/<criterion code>, a part wrong as "
                "a whole (not an object, a key the method does not take) as fields.<part>, a "
                "body without the method's key under non_field_errors"
            ),
            409: OpenApiResponse(
                description="the framework cannot be scored yet: its criteria are not "
                "imported (error.code not_assessable; error.fields.code lists why)"
            ),
        },
        examples=[
            OpenApiExample(
                "dbi-sme-2021: answers and figures",
                value={
                    "answers": {"1.1.1": 3, "2.1.1": 4},
                    "figures": {"c3_2_3_num": 12, "c3_2_3_den": 40},
                },
                request_only=True,
            ),
            OpenApiExample(
                "dbi-sme-2021: levels",
                value={"levels": {"1.1.1": 3, "2.1.1": 4}},
                request_only=True,
            ),
            OpenApiExample(
                "dbi-sme-readiness-2023: levels",
                value={"levels": {"1.1.1": 3, "1.1.2": 4, "1.1.3": 2}},
                request_only=True,
            ),
            OpenApiExample(
                "dbi-large-2023: departments",
                value={
                    "departments": {
                        "Kinh doanh": {"1.1.1": 100, "1.1.2": 50},
                        "Kế toán": {"1.1.1": 50, "1.1.2": None},
                    }
                },
                request_only=True,
            ),
            OpenApiExample(
                "dbi-sme-2021: result",
                value=SME_2021_RESULT_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "dbi-sme-readiness-2023: result",
                value=READINESS_RESULT_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "dbi-large-2023: result",
                value=DEPARTMENTS_RESULT_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            ),
        ],
    )
    def post(self, request, code: str):
        snapshot = catalog_snapshot(code=code)
        if snapshot.method == scoring.SME_BANDS_2021:
            return self._score_2021(request, snapshot)
        state = _assessable_state(snapshot.code)
        serializer = INPUT_SERIALIZERS[snapshot.method](
            data=request.data, context={"snapshot": snapshot}
        )
        serializer.is_valid(raise_exception=True)
        result = framework_scoring.score(snapshot, serializer.validated_data["checked"])
        return Response(
            framework_scoring.result_as_dict(result, reference_questions=state.reference_questions)
        )

    def _score_2021(self, request, snapshot: scoring.CatalogSnapshot) -> Response:
        asked = current_questionnaire(code=snapshot.code)
        serializer = ScoreInputSerializer(
            data=request.data, context={"snapshot": snapshot, "asked": asked}
        )
        serializer.is_valid(raise_exception=True)
        answered = serializer.validated_data["answered"]
        result = scoring.score(snapshot, answered.levels)
        return Response(answering.result_as_dict(result, answered))
