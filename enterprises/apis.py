"""Enterprises API: the same visibility as the pages (``access``), the same filters as the list."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from .access import visible_enterprises
from .selectors import enterprise_search
from .serializers import EnterpriseSerializer

FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="name contains / tax code starts with"),
    OpenApiParameter("province", OpenApiTypes.INT, description="province id"),
    OpenApiParameter("sector", OpenApiTypes.STR, description="VSIC section A–U"),
    OpenApiParameter("size", OpenApiTypes.STR, enum=["micro", "small", "medium", "large"]),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=["enterprise", "cooperative", "household"]),
    OpenApiParameter(
        "assessed", OpenApiTypes.STR, enum=["yes", "no"], description="has an assessment"
    ),
]


@extend_schema(parameters=FILTER_PARAMETERS)
class EnterpriseListApi(generics.ListAPIView):
    """Enterprises the caller may see: their own, their clients, their province, or all."""

    serializer_class = EnterpriseSerializer

    def get_queryset(self):
        return enterprise_search(
            user=self.request.user, params=self.request.query_params
        ).select_related("province", "ward")


class EnterpriseDetailApi(generics.RetrieveAPIView):
    """One enterprise; 404 (not 403) when the caller may not see it, so nothing leaks."""

    serializer_class = EnterpriseSerializer

    def get_queryset(self):
        return visible_enterprises(self.request.user).select_related("province", "ward")
