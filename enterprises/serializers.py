from rest_framework import serializers

from .models import Enterprise


class EnterpriseSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.name", read_only=True)
    province_code = serializers.IntegerField(source="province.code", read_only=True)
    ward = serializers.CharField(source="ward.name", read_only=True, default=None)
    # Blank when the enterprise has none, so a plain string (not a "uri", which "" is not).
    website = serializers.CharField(read_only=True, help_text="https://…, or empty")

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "tax_code",
            "name_vi",
            "name_en",
            "kind",
            "province",
            "province_code",
            "ward",
            "address",
            "sector_section",
            "sector_division",
            "employees",
            "annual_revenue",
            "total_capital",
            "size_class",
            "founded_year",
            "website",
        ]
        read_only_fields = fields
