"""Template context for every page: the signed-in person's unread notification count."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import notifications_unread_count


def unread_notifications(request: HttpRequest) -> dict[str, SimpleLazyObject]:
    """``unread_notifications``: how many of this person's notifications are unread (0 for
    anonymous visitors). Lazy: the COUNT runs only when a template uses it (the navigation in
    base.html), so htmx fragments and anonymous pages cost nothing."""

    def count() -> int:
        user = request.user
        if not user.is_authenticated:
            return 0
        return notifications_unread_count(user=user)

    return {"unread_notifications": SimpleLazyObject(count)}
