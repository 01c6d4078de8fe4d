from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.dashboard_national, name="dashboard"),
    path("reports/provinces/<int:code>/", views.dashboard_province, name="dashboard-province"),
]
