from django.urls import include, path

from .views import accounts, engagements, groups, imports, portal, staff

urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/verify/<str:uidb64>/<str:token>/", accounts.verify_email, name="verify-email"),
    path(
        "accounts/password_reset/",
        accounts.RecoveringPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.ActivatingPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("enterprises/", portal.enterprise_list, name="enterprise-list"),
    path("enterprises/register/", portal.enterprise_register_view, name="enterprise-register"),
    path("enterprises/export/", imports.enterprise_export, name="enterprise-export"),
    path("enterprises/import/", imports.import_upload, name="import-upload"),
    path("enterprises/import/template/", imports.import_template, name="import-template"),
    path("enterprises/import/<int:pk>/", imports.import_job, name="import-job"),
    path("enterprises/import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("enterprises/wards/", portal.wards_options, name="ward-options"),
    path("enterprises/<int:pk>/", portal.enterprise_detail_view, name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", portal.enterprise_edit, name="enterprise-edit"),
    path(
        "enterprises/<int:pk>/parent-groups/<int:entry_pk>/",
        groups.parent_group_respond,
        name="parent-group-respond",
    ),
    path("enterprises/<int:pk>/invite/", portal.consultant_invite, name="consultant-invite"),
    path(
        "enterprises/<int:pk>/members/<int:membership_pk>/decide/",
        portal.membership_decide_view,
        name="membership-decide",
    ),
    path("consultants/apply/", staff.consultant_apply_view, name="consultant-apply"),
    path("accreditations/", staff.accreditation_queue, name="accreditation-queue"),
    path(
        "accreditations/<int:pk>/decide/",
        staff.accreditation_decide_view,
        name="accreditation-decide",
    ),
    path("staff/invite/", staff.staff_invite_view, name="staff-invite"),
    path("engagements/<int:pk>/", engagements.engagement_respond, name="engagement-respond"),
    path("engagements/<int:pk>/end/", engagements.engagement_end_view, name="engagement-end"),
]
