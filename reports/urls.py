from django.urls import path

from . import export_views, views

urlpatterns = [
    path("reports/", views.dashboard_national, name="dashboard"),
    path("reports/provinces/<int:code>/", views.dashboard_province, name="dashboard-province"),
    path("reports/export/", export_views.dashboard_export, name="dashboard-export"),
    path("reports/yearly/", export_views.yearly_report_request, name="report-yearly"),
    path("reports/jobs/<int:pk>/", export_views.report_job_page, name="report-job"),
    path(
        "reports/jobs/<int:pk>/download/",
        export_views.report_job_download,
        name="report-job-download",
    ),
]
