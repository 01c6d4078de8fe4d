"""The inbox: this person's notifications, marked read one at a time or all at once, or when
opened (its link goes through ``notification_open``)."""

from typing import cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dbi_portal.params import whole_number

from .models import Notification
from .selectors import notifications_of
from .services import notifications_mark_read


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """This person's notifications, newest first, 30 a page; POST marks them all read."""
    user = cast(AbstractBaseUser, request.user)  # signed in (login_required)
    if request.method == "POST":
        notifications_mark_read(user=user)
        return redirect("inbox")
    page = Paginator(notifications_of(user=user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "query": ""})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of this person's notifications read (someone else's is not found) and go back to
    the same page of the inbox."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications_mark_read(user=cast(AbstractBaseUser, request.user), ids=[notification.pk])
    page = whole_number(request.POST.get("page"))
    return redirect(f"{reverse('inbox')}?page={page}" if page else reverse("inbox"))


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what one of this person's notifications is about, marking it read on the way
    (someone else's is not found, and stays unread)."""
    notification = get_object_or_404(
        Notification.objects.select_related("engagement__consultant"), pk=pk, recipient=request.user
    )
    notifications_mark_read(user=cast(AbstractBaseUser, request.user), ids=[notification.pk])
    return redirect(notification.get_absolute_url())
