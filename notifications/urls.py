from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("inbox/<int:pk>/open/", views.notification_open, name="notification-open"),
]
