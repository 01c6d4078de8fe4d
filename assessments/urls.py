from django.urls import path

from . import assessment_views as views
from . import (
    department_views,
    group_views,
    help_views,
    opening_views,
    results_views,
    step_views,
    survey_views,
)

urlpatterns = [
    path("help/", help_views.help_page, name="help"),
    path(
        "frameworks/openings/",
        opening_views.framework_openings_page,
        name="framework-openings",
    ),
    path(
        "enterprises/<int:pk>/results/",
        results_views.enterprise_results,
        name="enterprise-results",
    ),
    path("enterprises/<int:pk>/group/", group_views.group_page, name="enterprise-group"),
    path(
        "enterprises/<int:pk>/group/members/",
        group_views.group_member_add_view,
        name="group-member-add",
    ),
    path(
        "enterprises/<int:pk>/group/members/<int:entry_pk>/",
        group_views.group_member_change_view,
        name="group-member-change",
    ),
    path(
        "enterprises/<int:pk>/group/members/<int:entry_pk>/remove/",
        group_views.group_member_remove_view,
        name="group-member-remove",
    ),
    path(
        "enterprises/<int:enterprise_pk>/assessments/new/",
        views.assessment_start,
        name="assessment-start",
    ),
    path("assessments/<int:pk>/", views.assessment_page, name="assessment"),
    path("assessments/<int:pk>/step/", step_views.assessment_step, name="assessment-step"),
    path(
        "assessments/<int:pk>/step/<str:name>/",
        step_views.assessment_step_confirm,
        name="assessment-step-confirm",
    ),
    path(
        "assessments/<int:pk>/step/<str:name>/not-assessed/",
        step_views.assessment_not_assessed,
        name="assessment-not-assessed",
    ),
    path(
        "assessments/<int:pk>/departments/",
        department_views.department_add_view,
        name="department-add",
    ),
    path(
        "assessments/<int:pk>/departments/<int:department_pk>/rename/",
        department_views.department_rename_view,
        name="department-rename",
    ),
    path(
        "assessments/<int:pk>/departments/<int:department_pk>/remove/",
        department_views.department_remove_view,
        name="department-remove",
    ),
    path(
        "assessments/<int:pk>/departments/cells/",
        department_views.department_cells,
        name="department-cells",
    ),
    path(
        "assessments/<int:pk>/departments/<int:department_pk>/cells/<str:code>/",
        department_views.department_cell,
        name="department-cell",
    ),
    path("assessments/<int:pk>/ratings/<str:code>/", views.rating_autosave, name="rating-autosave"),
    path(
        "assessments/<int:pk>/ratings/<str:code>/copy/",
        views.rating_copy_view,
        name="rating-copy",
    ),
    path("assessments/<int:pk>/figures/", views.figures_autosave, name="figures-autosave"),
    path("assessments/<int:pk>/evidence/<str:code>/", views.evidence_page, name="evidence"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("assessments/<int:pk>/survey/", survey_views.survey_page, name="assessment-survey"),
    path("assessments/<int:pk>/history/", views.assessment_history, name="assessment-history"),
    path("assessments/<int:pk>/compare/", views.assessment_compare, name="assessment-compare"),
    path(
        "assessments/<int:pk>/compare.xlsx",
        views.assessment_compare_xlsx,
        name="assessment-compare-xlsx",
    ),
]
