from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from assessments import views as assessment_views
from assessments.apis import FrameworkDetailApi, FrameworkListApi, FrameworkScoreApi
from dbi_portal.health import healthz
from enterprises.apis import EnterpriseDetailApi, EnterpriseListApi

api_v1 = (
    [
        path("frameworks/", FrameworkListApi.as_view(), name="framework-list"),
        path("frameworks/<slug:code>/", FrameworkDetailApi.as_view(), name="framework-detail"),
        path("frameworks/<slug:code>/score/", FrameworkScoreApi.as_view(), name="framework-score"),
        path("enterprises/", EnterpriseListApi.as_view(), name="enterprise-list"),
        path("enterprises/<int:pk>/", EnterpriseDetailApi.as_view(), name="enterprise-detail"),
    ],
    "api",
)

urlpatterns = [
    path("", assessment_views.calculator, name="calculator"),
    path("calculator/<slug:code>/", assessment_views.calculator, name="calculator-framework"),
    path("healthz/", healthz, name="healthz"),
    path("", include("enterprises.urls")),
    path("", include("assessments.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]
