"""Certificates API. Public and throttled: verify a code, find certificates by number or tax
code. Ministry issuers: issue for an assessment, revoke with a reason. Refusals are structured
errors: 403 for the wrong role, 404 for what the caller may not see, 409 for the wrong state."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import Assessment
from assessments.score_texts import total_text
from assessments.selectors import assessments_visible_to
from dbi_portal.api_errors import ErrorSerializer
from dbi_portal.client_address import ScopedRateThrottle
from dbi_portal.params import BIGINT_MAX

from .models import Certificate
from .selectors import Verdict, certificate_search, certificate_verify, certificates_visible_to
from .services import certificate_issue, certificate_issue_once, certificate_revoke
from .verification import verification_url


class CertifiedPillarSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()


class CertificateSummarySerializer(serializers.Serializer):
    """What the public search shows: enough to recognise a certificate, no more."""

    number = serializers.CharField()
    enterprise_name = serializers.CharField()
    tax_code = serializers.CharField()
    period = serializers.IntegerField()
    overall_level = serializers.IntegerField()
    level_name = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    status = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    def get_status(self, certificate) -> str:
        return certificate.status_on(self.context.get("today") or timezone.localdate())

    def get_verification_url(self, certificate) -> str:
        return verification_url(certificate.verification_code)


class CertificateSerializer(CertificateSummarySerializer):
    """The certified facts and the lifecycle."""

    id = serializers.IntegerField()
    assessment = serializers.IntegerField(source="assessment_id")
    province_name = serializers.CharField()
    framework_code = serializers.CharField()
    framework_name = serializers.CharField()
    framework_version = serializers.IntegerField()
    on_reference_questions = serializers.BooleanField(
        help_text="answered on the portal's own reference questions, not the ministry's official "
        "ones"
    )
    scoring_method = serializers.CharField(
        help_text="the unit of total_points and of the pillars' points: sme-bands-2021 points "
        "out of max_points; readiness-median-2023 R in thousandths (2850 = 2.85); "
        "department-means-2023 percent in hundredths (6750 = 67.5 %)"
    )
    decision = serializers.CharField()
    total_points = serializers.IntegerField()
    max_points = serializers.IntegerField()
    score_text = serializers.SerializerMethodField(help_text="the score as people read it")
    pillars = CertifiedPillarSerializer(many=True, source="pillar_rows")
    authority_name = serializers.CharField()
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    replaced_by = serializers.SerializerMethodField()

    def get_score_text(self, certificate) -> str:
        maximum = certificate.max_points if certificate.counts_points else None
        return total_text(certificate.scoring_method, certificate.total_points, maximum)

    def get_replaced_by(self, certificate) -> str | None:
        successor = getattr(certificate, "replaced_by", None)
        return successor.number if successor else None


class VerificationSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[Verdict.FOUND])
    certificate = CertificateSerializer()


class RevokeInputSerializer(serializers.Serializer):
    # Checked by the service (after who is asking), so the wrong role hears 403 first.
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="why it is withdrawn (required)"
    )


class PublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # public and read-only: no session needed
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "certificates"


class CertificateVerifyApi(PublicApi):
    """Check a verification code (as printed or in the QR code). 404 with code ``unknown`` when
    no certificate has it, ``tampered`` when the record no longer matches its code."""

    @extend_schema(
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(ErrorSerializer, description="unknown or tampered code"),
        }
    )
    def get(self, request, code: str):
        verification = certificate_verify(code=code)
        if verification.verdict == Verdict.FOUND:
            body = {
                "verdict": verification.verdict,
                "certificate": CertificateSerializer(verification.certificate).data,
            }
            return Response(body)
        message = (
            _("Dữ liệu chứng nhận không khớp với mã xác minh: chứng nhận này không được công nhận.")
            if verification.verdict == Verdict.TAMPERED
            else _("Không có chứng nhận nào mang mã xác minh này.")
        )
        error = {"code": verification.verdict, "message": message, "fields": {}}
        return Response({"error": error}, status=status.HTTP_404_NOT_FOUND)


@extend_schema(
    parameters=[
        OpenApiParameter("number", OpenApiTypes.STR, description="certificate number, exact"),
        OpenApiParameter("tax_code", OpenApiTypes.STR, description="tax code, exact"),
    ],
    responses={
        200: CertificateSummarySerializer(many=True),
        400: OpenApiResponse(ErrorSerializer, description="neither number nor tax_code given"),
    },
)
class CertificateListApi(PublicApi, generics.ListAPIView):
    """Certificates with this number and/or tax code, newest first (at least one is required)."""

    serializer_class = CertificateSummarySerializer

    def get_queryset(self):
        params = self.request.query_params
        number, tax_code = params.get("number", ""), params.get("tax_code", "")
        if not number.strip() and not tax_code.strip():
            message = _("Hãy nhập số chứng nhận hoặc mã số thuế.")
            raise exceptions.ValidationError({"number": [message], "tax_code": [message]})
        return certificate_search(number=number, tax_code=tax_code)


class IssueInputSerializer(serializers.Serializer):
    replaces = serializers.IntegerField(
        allow_null=True,
        required=False,
        min_value=1,
        max_value=BIGINT_MAX,
        help_text="the id of the valid certificate you saw (re-issue), or null (first issue): "
        "sending the same request again then answers 200 with the certificate it issued, never "
        "a second one; without it each call issues one more",
    )


class CertificateIssueApi(APIView):
    """Issue (or re-issue, replacing the valid one) the certificate of an appraised assessment."""

    @extend_schema(
        request=IssueInputSerializer,
        responses={
            201: CertificateSerializer,
            200: OpenApiResponse(
                CertificateSerializer,
                description="this request (same replaces) was already applied: the certificate "
                "it issued",
            ),
            400: OpenApiResponse(ErrorSerializer, description="replaces is not an id"),
            403: OpenApiResponse(ErrorSerializer, description="not a ministry issuer"),
            404: OpenApiResponse(ErrorSerializer, description="no such assessment visible"),
            409: OpenApiResponse(
                ErrorSerializer,
                description="not appraised, ministry column incomplete, the certificate seen "
                "changed since (changed_since_seen), …",
            ),
        },
    )
    def post(self, request, pk: int):
        assessment: Assessment = generics.get_object_or_404(
            assessments_visible_to(request.user), pk=pk
        )
        data = IssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "replaces" not in data.validated_data:
            certificate = certificate_issue(assessment_id=assessment.pk, user=request.user)
            return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)
        issued = certificate_issue_once(
            assessment_id=assessment.pk,
            user=request.user,
            replaces=data.validated_data["replaces"],
        )
        return Response(
            CertificateSerializer(issued.certificate).data,
            status=status.HTTP_201_CREATED if issued.created else status.HTTP_200_OK,
        )


class CertificateRevokeApi(APIView):
    @extend_schema(
        request=RevokeInputSerializer,
        responses={
            200: CertificateSerializer,
            400: OpenApiResponse(ErrorSerializer, description="no reason given"),
            403: OpenApiResponse(ErrorSerializer, description="not a ministry issuer"),
            404: OpenApiResponse(ErrorSerializer, description="no such certificate visible"),
            409: OpenApiResponse(ErrorSerializer, description="not a valid certificate"),
        },
    )
    def post(self, request, pk: int):
        certificate = generics.get_object_or_404(certificates_visible_to(request.user), pk=pk)
        data = RevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate_revoke(
            certificate_id=certificate.pk,
            user=request.user,
            reason=data.validated_data["reason"],
        )
        certificate = Certificate.objects.select_related("replaced_by").get(pk=certificate.pk)
        return Response(CertificateSerializer(certificate).data)
