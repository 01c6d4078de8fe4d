"""Enterprises API: the same visibility as the pages (``access``), the same filters as the list.
A filter value of the wrong type or out of range is a 400 naming the parameter."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from dbi_portal.params import BIGINT_MAX

from .access import visible_enterprises
from .models import EnterpriseKind
from .sectors import Section
from .selectors import enterprise_search
from .serializers import EnterpriseSerializer
from .sizing import SizeClass


class EnterpriseFilterSerializer(serializers.Serializer):
    """The list's filters; an empty value means "any", as in the page's form."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        help_text="name contains / tax code starts with",
    )
    province = serializers.IntegerField(
        required=False, min_value=1, max_value=BIGINT_MAX, help_text="province id"
    )
    sector = serializers.ChoiceField(
        choices=Section.choices, required=False, allow_blank=True, help_text="VSIC section A–U"
    )
    size = serializers.ChoiceField(choices=SizeClass.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=EnterpriseKind.choices, required=False, allow_blank=True)
    assessed = serializers.ChoiceField(
        choices=[("yes", "yes"), ("no", "no")],
        required=False,
        allow_blank=True,
        help_text="has an assessment",
    )


@extend_schema(parameters=[EnterpriseFilterSerializer])
class EnterpriseListApi(generics.ListAPIView):
    """Enterprises the caller may see: their own, their clients, their province, or all."""

    serializer_class = EnterpriseSerializer

    def get_queryset(self):
        filters = EnterpriseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        params = {key: str(value) for key, value in filters.validated_data.items()}
        return enterprise_search(user=self.request.user, params=params).select_related(
            "province", "ward"
        )


class EnterpriseDetailApi(generics.RetrieveAPIView):
    """One enterprise; 404 (not 403) when the caller may not see it, so nothing leaks."""

    serializer_class = EnterpriseSerializer

    def get_queryset(self):
        return visible_enterprises(self.request.user).select_related("province", "ward")
