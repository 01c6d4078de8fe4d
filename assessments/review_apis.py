"""Review API: an assessment's evidence files, its history and the four columns side by side.

The same reads and writes as the pages (``evidence_add``, ``AuditEntry``, ``assessment_comparison``)
under the same visibility (``assessments_visible_to``): strangers get 404. Refusals are structured
errors (``dbi_portal.api_errors``) as in the rating API (403 wrong role, 409 closed column, 400 a
file refused for its type or size, with the page's message under ``fields.file``)."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from enterprises.models import User

from .assessment_apis import ComputationSerializer
from .evidence_files import DOCX, JPEG, PDF, PNG, XLSX
from .models import AuditEntry, Column, Evidence, QuestionKind, RatingBasis
from .selectors import (
    assessment_comparison,
    assessments_visible_to,
    audit_entry_list,
    catalog_index,
    evidence_list,
    evidence_visible_to,
)
from .services import evidence_add
from .step_selectors import ministry_reasons
from .vocabulary import COLUMN_ORDER


def _visible_assessment(request, pk: int):
    return generics.get_object_or_404(assessments_visible_to(request.user), pk=pk)


# Evidence ---------------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code")
    file_name = serializers.CharField(source="original_name")
    uploaded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField()
    download_url = serializers.HyperlinkedIdentityField(view_name="api:evidence-download")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "criterion",
            "column",
            "file_name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]


class EvidenceFilterSerializer(serializers.Serializer):
    criterion = serializers.CharField(required=False, help_text="a criterion code, e.g. 1.1.1")
    column = serializers.ChoiceField(choices=Column.choices, required=False)


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file sent in the multipart body (documented as binary, not as a URL)."""


class EvidenceInputSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="the criterion code, e.g. 1.1.1")
    column = serializers.ChoiceField(
        choices=Column.choices, help_text="the column you may fill in now"
    )
    file = UploadField(
        help_text="PDF, PNG, JPEG, XLSX or DOCX (recognised by content), at most 10 MB"
    )

    def validate_criterion(self, code: str) -> str:
        framework = self.context["framework"]
        if code not in catalog_index(framework).criterion_id_by_code:
            raise serializers.ValidationError(
                _("Không có tiêu chí mã này trong bộ chỉ số %(framework)s.")
                % {"framework": framework.code}
            )
        return code


class EvidenceListApi(generics.ListAPIView):
    """An assessment's evidence files, oldest first; upload one to the column you fill in now."""

    serializer_class = EvidenceSerializer
    pagination_class = None
    parser_classes = [MultiPartParser]

    @extend_schema(summary="List evidence files", parameters=[EvidenceFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        assessment = _visible_assessment(self.request, self.kwargs["pk"])
        filters = EvidenceFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return evidence_list(
            assessment=assessment,
            criterion_code=filters.validated_data.get("criterion"),
            column=filters.validated_data.get("column"),
        )

    @extend_schema(
        summary="Upload an evidence file",
        request={"multipart/form-data": EvidenceInputSerializer},
        responses={
            201: EvidenceSerializer,
            400: OpenApiResponse(description="bad input, or a file refused for type or size"),
            403: OpenApiResponse(description="you do not fill in this column"),
            404: OpenApiResponse(description="no such assessment visible to you"),
            409: OpenApiResponse(description="the column is closed in the current state"),
        },
    )
    def post(self, request, pk: int):
        assessment = _visible_assessment(request, pk)
        data = EvidenceInputSerializer(
            data=request.data, context={"framework": assessment.framework}
        )
        data.is_valid(raise_exception=True)
        values = data.validated_data
        evidence = evidence_add(
            assessment_id=assessment.pk,
            column=values["column"],
            criterion_code=values["criterion"],
            upload=values["file"],
            user=request.user,
        )
        evidence = Evidence.objects.select_related("criterion", "uploaded_by").get(pk=evidence.pk)
        body = EvidenceSerializer(evidence, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


EVIDENCE_TYPES = (PDF, PNG, JPEG, XLSX, DOCX)  # what an evidence file can be (evidence_files)


class EvidenceDownloadApi(APIView):
    """The stored file as an attachment, with the type recognised at upload."""

    def perform_content_negotiation(self, request, force=False):
        # Whatever the client accepts, the answer is the file (or a JSON error).
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            **{
                (200, content_type): OpenApiResponse(
                    response=OpenApiTypes.BINARY,
                    description="the file, with the type recognised at upload and its name",
                )
                for content_type in EVIDENCE_TYPES
            },
            404: OpenApiResponse(description="no such file visible to you"),
        }
    )
    def get(self, request, pk: int):
        evidence = generics.get_object_or_404(evidence_visible_to(request.user), pk=pk)
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.download_name,
            content_type=evidence.content_type,
        )


# History ----------------------------------------------------------------------------------------


class AuditEntrySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(source="action", choices=AuditEntry.Action.choices)
    criterion = serializers.CharField(source="criterion.code", allow_null=True)
    # Plain strings, as the assessment's ``state`` elsewhere in the API (blank for a rating).
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor: serializers.StringRelatedField[User] = serializers.StringRelatedField()
    reason = serializers.CharField(help_text="the reason of a change or the comment of a step")
    copied_from = serializers.CharField(
        help_text="the earlier column whose level a change copied (blank: not a copy)"
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "kind",
            "column",
            "criterion",
            "old_level",
            "new_level",
            "from_state",
            "to_state",
            "actor",
            "reason",
            "copied_from",
            "at",
        ]


class HistoryApi(generics.ListAPIView):
    """Every rating change and every step of an assessment, oldest first, 50 a page."""

    serializer_class = AuditEntrySerializer

    def get_queryset(self):
        assessment = _visible_assessment(self.request, self.kwargs["pk"])
        return audit_entry_list(assessment=assessment)


# Comparison -------------------------------------------------------------------------------------


class LevelsByColumnSerializer(serializers.Serializer):
    self = serializers.IntegerField(allow_null=True)
    consultant = serializers.IntegerField(allow_null=True)
    province = serializers.IntegerField(allow_null=True)
    ministry = serializers.IntegerField(allow_null=True)


class ColumnAnswerSerializer(serializers.Serializer):
    """Where a column's level of a criterion comes from."""

    level = serializers.IntegerField(allow_null=True)
    basis = serializers.ChoiceField(
        choices=RatingBasis.choices,
        help_text="answer: the answer at `option`; figures: computed from `figures`; "
        "direct: a reviewer set the level, saying why in `note`",
    )
    option = serializers.IntegerField(
        allow_null=True, help_text="the position of the answer picked"
    )
    note = serializers.CharField()
    figures = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="a figures criterion: {figure key: value} of its numerator and denominator",
    )
    computation = ComputationSerializer(allow_null=True)
    not_assessed = serializers.BooleanField(
        help_text="a consultant or the province left the criterion out on purpose"
    )
    not_assessed_reason = serializers.CharField(help_text="why, when not assessed")


class AnswersByColumnSerializer(serializers.Serializer):
    self = ColumnAnswerSerializer(allow_null=True)
    consultant = ColumnAnswerSerializer(allow_null=True)
    province = ColumnAnswerSerializer(allow_null=True)
    ministry = ColumnAnswerSerializer(allow_null=True)


class CriterionComparisonSerializer(serializers.Serializer):
    code = serializers.CharField()
    pillar = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=QuestionKind.choices, help_text="how the assessment's catalog version asks it"
    )
    levels = LevelsByColumnSerializer()
    answers = AnswersByColumnSerializer(
        help_text="each column's answer (null: nothing entered in that column)"
    )
    differs = serializers.BooleanField(help_text="two columns gave different levels")
    ministry_reason = serializers.CharField(
        allow_null=True,
        help_text="the reason the ministry gave for its latest change of this criterion's "
        "level (null: it kept the level its column started from)",
    )


class CatalogVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # the body's key
    name = serializers.CharField(help_text="in the caller's language")


class PillarLevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.IntegerField(allow_null=True)
    level = serializers.IntegerField(allow_null=True)


class ColumnSummarySerializer(serializers.Serializer):
    column = serializers.ChoiceField(choices=Column.choices)
    total = serializers.IntegerField(allow_null=True, help_text="null: nothing rated yet")
    level = serializers.IntegerField(allow_null=True, help_text="the overall level")
    answered = serializers.IntegerField(allow_null=True)
    pillars = PillarLevelSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    version = CatalogVersionSerializer(
        help_text="the catalog version the assessment is answered on"
    )
    criteria = CriterionComparisonSerializer(many=True)
    columns = ColumnSummarySerializer(many=True)


def _comparison_body(comparison: dict, reasons: dict[str, AuditEntry]) -> dict:
    criteria = [
        {
            "code": row["criterion"].code,
            "pillar": row["criterion"].sub_index.pillar.code,
            "text": row["criterion"].text,
            "kind": row["question"].kind if row["question"] else "",
            "levels": dict(zip(COLUMN_ORDER, row["levels"], strict=True)),
            "answers": dict(zip(COLUMN_ORDER, row["answers"], strict=True)),
            "differs": row["differs"],
            "ministry_reason": (
                reasons[row["criterion"].code].reason if row["criterion"].code in reasons else None
            ),
        }
        for row in comparison["rows"]
    ]
    columns = []
    for position, column in enumerate(COLUMN_ORDER):
        result = comparison["overall"][position]
        pillars = []
        for pillar_row in comparison["pillar_rows"]:
            cell = pillar_row["cells"][position]
            pillars.append(
                {
                    "code": pillar_row["pillar"].code,
                    "points": cell.points if cell else None,
                    "level": cell.level if cell else None,
                }
            )
        columns.append(
            {
                "column": column,
                "total": result.total if result else None,
                "level": result.level if result else None,
                "answered": result.answered if result else None,
                "pillars": pillars,
            }
        )
    version = comparison["version"]
    return {
        "version": {"number": version.number, "label": version.label, "name": version.name},
        "criteria": criteria,
        "columns": columns,
    }


class ComparisonApi(APIView):
    """The catalog version asked; each criterion's level in the four columns (and whether they
    differ) with where each comes from (the answer's position, the figures and their
    computation, or a reviewer's direct level and note); each column's total, overall level
    and pillar levels."""

    @extend_schema(responses=ComparisonSerializer)
    def get(self, request, pk: int):
        assessment = _visible_assessment(request, pk)
        body = _comparison_body(assessment_comparison(assessment), ministry_reasons(assessment))
        return Response(ComparisonSerializer(body).data)
