"""The large-enterprise index through the API: an assessment's departments (list, add, rename,
remove) and one column's answers by department, cell by cell. The same services as the pages
(services/departments.py), so the same checks: who may write which column when, optimistic
versions, the ministry's reasons; refusals come back as structured errors."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from dbi_portal.api_errors import ErrorSerializer

from .models import Assessment, Column, DepartmentRating
from .selectors import assessments_visible_to
from .services.departments import (
    department_add,
    department_rating_clear,
    department_rating_save,
    department_remove,
    department_rename,
)


class DepartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.IntegerField()


class DepartmentListSerializer(serializers.Serializer):
    """The departments in their order, and ``column``'s answers: for each department, {criterion
    code: {"percent": 0–100 or null (not relevant), "version"}}; an unanswered cell is absent."""

    column = serializers.ChoiceField(choices=Column.choices)
    departments = DepartmentSerializer(many=True)
    answers = serializers.DictField(child=serializers.DictField(child=serializers.DictField()))


class ColumnFilterSerializer(serializers.Serializer):
    column = serializers.ChoiceField(choices=Column.choices, default=Column.SELF)


class DepartmentNameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)


class CellInputSerializer(serializers.Serializer):
    """One department's answer to one criterion in one column."""

    column = serializers.ChoiceField(choices=Column.choices)
    percent = serializers.IntegerField(
        allow_null=True,
        min_value=0,
        max_value=100,
        help_text="the share of the department's tasks done for this criterion; null: not "
        "relevant to the department (left out of its averages)",
    )
    clear = serializers.BooleanField(
        default=False, help_text="true: the cell becomes unanswered again (`percent` ignored)"
    )
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    reason = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="the ministry's changes need one"
    )
    version = serializers.IntegerField(
        min_value=0, help_text="the cell's version you read; 0 for a cell never answered"
    )


class CellSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    criterion = serializers.CharField()
    column = serializers.ChoiceField(choices=Column.choices)
    answered = serializers.BooleanField()
    percent = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()
    column_percent = serializers.FloatField(help_text="the column's overall percent now")
    column_level = serializers.IntegerField(help_text="the column's overall level now")


def _assessment(request, pk: int) -> Assessment:
    return generics.get_object_or_404(assessments_visible_to(request.user), pk=pk)


def _listing(assessment: Assessment, column: str) -> dict:
    departments = list(assessment.departments.order_by("position"))
    answers: dict[str, dict[str, dict]] = {d.name: {} for d in departments}
    for name, code, percent, version in DepartmentRating.objects.filter(
        assessment=assessment, column=column
    ).values_list("department__name", "criterion__code", "percent", "version"):
        answers[name][code] = {"percent": percent, "version": version}
    return {"column": column, "departments": departments, "answers": answers}


REFUSALS = {
    403: OpenApiResponse(ErrorSerializer, description="not your column, or not now"),
    404: OpenApiResponse(ErrorSerializer, description="no such assessment visible to you"),
    409: OpenApiResponse(
        ErrorSerializer,
        description="a stale version, a closed column, a name taken, or a framework not "
        "answered by department",
    ),
}


class DepartmentListApi(APIView):
    @extend_schema(
        summary="An assessment's departments and one column's answers by department",
        parameters=[ColumnFilterSerializer],
        responses={200: DepartmentListSerializer, 404: REFUSALS[404]},
    )
    def get(self, request, pk: int):
        assessment = _assessment(request, pk)
        filters = ColumnFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        listing = _listing(assessment, filters.validated_data["column"])
        return Response(DepartmentListSerializer(listing).data)

    @extend_schema(
        summary="Add a department (while the enterprise's own column is open)",
        request=DepartmentNameSerializer,
        responses={201: DepartmentSerializer, 400: ErrorSerializer, **REFUSALS},
    )
    def post(self, request, pk: int):
        assessment = _assessment(request, pk)
        data = DepartmentNameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        department = department_add(
            assessment_id=assessment.pk, name=data.validated_data["name"], user=request.user
        )
        return Response(DepartmentSerializer(department).data, status=status.HTTP_201_CREATED)


class DepartmentDetailApi(APIView):
    @extend_schema(
        summary="Rename a department",
        request=DepartmentNameSerializer,
        responses={200: DepartmentSerializer, 400: ErrorSerializer, **REFUSALS},
    )
    def patch(self, request, pk: int, department_pk: int):
        assessment = _assessment(request, pk)
        data = DepartmentNameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        department = department_rename(
            assessment_id=assessment.pk,
            department_id=department_pk,
            name=data.validated_data["name"],
            user=request.user,
        )
        return Response(DepartmentSerializer(department).data)

    @extend_schema(
        summary="Remove a department with its answers in every column",
        request=None,
        responses={204: None, **REFUSALS},
    )
    def delete(self, request, pk: int, department_pk: int):
        assessment = _assessment(request, pk)
        department_remove(
            assessment_id=assessment.pk, department_id=department_pk, user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class DepartmentCellApi(APIView):
    @extend_schema(
        summary="Answer one criterion for one department in one column",
        request=CellInputSerializer,
        responses={200: CellSerializer, 400: ErrorSerializer, **REFUSALS},
    )
    def put(self, request, pk: int, department_pk: int, code: str):
        assessment = _assessment(request, pk)
        data = CellInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        common = {
            "assessment_id": assessment.pk,
            "column": values["column"],
            "department_id": department_pk,
            "criterion_code": code,
            "version": values["version"],
            "user": request.user,
            "reason": values["reason"],
        }
        if values["clear"]:
            outcome = department_rating_clear(**common)
        else:
            outcome = department_rating_save(
                **common, percent=values["percent"], note=values["note"]
            )
        rating = outcome.rating
        return Response(
            CellSerializer(
                {
                    "department": department_pk,
                    "criterion": code,
                    "column": values["column"],
                    "answered": rating is not None,
                    "percent": rating.percent if rating else None,
                    "version": rating.version if rating else 0,
                    "column_percent": outcome.result.total / 100,
                    "column_level": outcome.result.level,
                }
            ).data
        )
