from django.urls import path

from . import benchmark_views, export_views, ranking_views, survey_views, target_views, views
from .assessment_report import views as assessment_report_views

urlpatterns = [
    path("reports/", views.dashboard_national, name="dashboard"),
    path("reports/provinces/<int:code>/", views.dashboard_province, name="dashboard-province"),
    path("reports/export/", export_views.dashboard_export, name="dashboard-export"),
    path("reports/survey/export/", survey_views.survey_export, name="dashboard-survey-export"),
    path("reports/yearly/", export_views.yearly_report_request, name="report-yearly"),
    path("reports/jobs/<int:pk>/", export_views.report_job_page, name="report-job"),
    path(
        "reports/jobs/<int:pk>/download/",
        export_views.report_job_download,
        name="report-job-download",
    ),
    path("reports/targets/", target_views.targets_national, name="targets-national"),
    path(
        "reports/provinces/<int:code>/targets/",
        target_views.targets_province,
        name="targets-province",
    ),
    path("reports/targets/<int:pk>/delete/", target_views.target_delete, name="target-delete"),
    path("reports/rankings/", ranking_views.rankings_page, name="rankings"),
    path(
        "assessments/<int:pk>/report.pdf",
        assessment_report_views.assessment_report_pdf,
        name="assessment-report-pdf",
    ),
    path(
        "enterprises/<int:pk>/benchmark/",
        benchmark_views.enterprise_benchmark_page,
        name="enterprise-benchmark",
    ),
]
