from django.urls import path

from . import apis, views

urlpatterns = [
    path("assessments/<int:pk>/certificate/", views.certificate_panel, name="certificate-panel"),
    path(
        "assessments/<int:pk>/certificate/issue/",
        views.certificate_issue_view,
        name="certificate-issue",
    ),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke_view, name="certificate-revoke"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf_download, name="certificate-pdf"),
    path("certificates/batch/", views.certificate_batch_new, name="certificate-batch-new"),
    path("certificates/batch/<int:pk>/", views.certificate_batch, name="certificate-batch"),
    path("enterprises/<int:pk>/honour/", views.honour_preference, name="honour-preference"),
    # Public, no login.
    path("chung-nhan/", views.certificate_search_page, name="certificate-search"),
    path("chung-nhan/<str:code>/", views.certificate_verify_page, name="certificate-verify"),
    path("vinh-danh/", views.honour_list_page, name="honour-list"),
]

# Included under /api/v1/ (namespace "api") by dbi_portal/urls.py.
api_urlpatterns = [
    path("certificates/", apis.CertificateListApi.as_view(), name="certificate-list"),
    path(
        "certificates/verify/<str:code>/",
        apis.CertificateVerifyApi.as_view(),
        name="certificate-verify",
    ),
    path(
        "certificates/<int:pk>/revoke/",
        apis.CertificateRevokeApi.as_view(),
        name="certificate-revoke",
    ),
    path(
        "assessments/<int:pk>/certificate/",
        apis.CertificateIssueApi.as_view(),
        name="certificate-issue",
    ),
]
