from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from two_factor import views as two_factor_views

from assessments import assessment_apis, department_apis, group_apis, review_apis
from assessments import views as assessment_views
from assessments.apis import FrameworkDetailApi, FrameworkListApi, FrameworkScoreApi
from certification.urls import api_urlpatterns as certification_api
from dbi_portal.health import healthz
from enterprises.apis import EnterpriseDetailApi, EnterpriseListApi
from enterprises.views import second_factor
from reports.apis import DashboardApi
from reports.survey_apis import SurveyDashboardApi

api_v1 = (
    [
        path("frameworks/", FrameworkListApi.as_view(), name="framework-list"),
        path("frameworks/<slug:code>/", FrameworkDetailApi.as_view(), name="framework-detail"),
        path("frameworks/<slug:code>/score/", FrameworkScoreApi.as_view(), name="framework-score"),
        path("enterprises/", EnterpriseListApi.as_view(), name="enterprise-list"),
        path("assessments/", assessment_apis.AssessmentListApi.as_view(), name="assessment-list"),
        path(
            "assessments/<int:pk>/",
            assessment_apis.AssessmentDetailApi.as_view(),
            name="assessment-detail",
        ),
        path(
            "assessments/<int:pk>/ratings/",
            assessment_apis.RatingListApi.as_view(),
            name="assessment-ratings",
        ),
        path(
            "assessments/<int:pk>/ratings/<str:code>/",
            assessment_apis.RatingSaveApi.as_view(),
            name="assessment-rating-save",
        ),
        path(
            "assessments/<int:pk>/ratings/<str:code>/copy/",
            assessment_apis.RatingCopyApi.as_view(),
            name="assessment-rating-copy",
        ),
        path(
            "assessments/<int:pk>/departments/",
            department_apis.DepartmentListApi.as_view(),
            name="assessment-departments",
        ),
        path(
            "assessments/<int:pk>/departments/<int:department_pk>/",
            department_apis.DepartmentDetailApi.as_view(),
            name="assessment-department",
        ),
        path(
            "assessments/<int:pk>/departments/<int:department_pk>/ratings/<str:code>/",
            department_apis.DepartmentCellApi.as_view(),
            name="assessment-department-rating",
        ),
        path(
            "assessments/<int:pk>/transitions/",
            assessment_apis.TransitionApi.as_view(),
            name="assessment-transition",
        ),
        path(
            "assessments/<int:pk>/evidence/",
            review_apis.EvidenceListApi.as_view(),
            name="assessment-evidence",
        ),
        path(
            "evidence/<int:pk>/",
            review_apis.EvidenceDownloadApi.as_view(),
            name="evidence-download",
        ),
        path(
            "assessments/<int:pk>/history/",
            review_apis.HistoryApi.as_view(),
            name="assessment-history",
        ),
        path(
            "assessments/<int:pk>/comparison/",
            review_apis.ComparisonApi.as_view(),
            name="assessment-comparison",
        ),
        path("enterprises/<int:pk>/", EnterpriseDetailApi.as_view(), name="enterprise-detail"),
        path("enterprises/<int:pk>/group/", group_apis.GroupApi.as_view(), name="enterprise-group"),
        *certification_api,
        path("reports/dashboard/", DashboardApi.as_view(), name="dashboard"),
        path("reports/survey/", SurveyDashboardApi.as_view(), name="dashboard-survey"),
    ],
    "api",
)

# django-two-factor-auth's pages under the names its views reverse ("two_factor:setup", …).
two_factor_urls = (
    [
        path("login/", second_factor.LoginView.as_view(), name="login"),
        path("two-factor/", second_factor.ProfileView.as_view(), name="profile"),
        path("two-factor/setup/", second_factor.SetupView.as_view(), name="setup"),
        path("two-factor/qrcode/", two_factor_views.QRGeneratorView.as_view(), name="qr"),
        path(
            "two-factor/setup/complete/",
            two_factor_views.SetupCompleteView.as_view(),
            name="setup_complete",
        ),
        path(
            "two-factor/backup-codes/",
            two_factor_views.BackupTokensView.as_view(),
            name="backup_tokens",
        ),
        path("two-factor/disable/", two_factor_views.DisableView.as_view(), name="disable"),
    ],
    "two_factor",
)


def favicon(request):
    """/favicon.ico, asked for by browsers on pages that name no icon (the admin, Swagger UI):
    the static file our own pages link to."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # The login wizard: password, then the second factor for whoever has one. Before
    # enterprises.urls, whose django.contrib.auth.urls has a plain "login" at the same address.
    path("accounts/login/", second_factor.LoginView.as_view(), name="login"),
    path("accounts/", include(two_factor_urls)),
    path("", assessment_views.calculator, name="calculator"),
    path("calculator/<slug:code>/", assessment_views.calculator, name="calculator-framework"),
    path("healthz/", healthz, name="healthz"),
    path("", include("worklist.urls")),
    path("", include("enterprises.urls")),
    path("", include("assessments.urls")),
    path("", include("certification.urls")),
    path("", include("reports.urls")),
    path("", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script as a file, not inline (the Content-Security-Policy).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="swagger-ui",
    ),
]

# Under /api/v1/ a bad request or an unknown path is answered in the API's JSON error format.
handler400 = "dbi_portal.api_errors.bad_request"
handler404 = "dbi_portal.api_errors.page_not_found"
