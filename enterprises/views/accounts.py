"""Sign-up with email verification. Login, logout and password reset are Django's own views
(``django.contrib.auth.urls``) with our templates; django-axes throttles failed logins."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..emails import verification_email_queue
from ..forms import RecoveringPasswordResetForm, SignupForm
from ..tokens import email_verification_token


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.is_active = False  # until the email is verified
        user.save()
        verification_email_queue(user=user, request=request)
        return render(request, "registration/signup_done.html", {"email": user.email})
    return render(
        request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200
    )


def verify_email(request, uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "registration/verify_failed.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Email đã được xác nhận. Chào mừng bạn!"))
    return redirect("home")


class RecoveringPasswordResetView(auth_views.PasswordResetView):
    form_class = RecoveringPasswordResetForm


class ActivatingPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # The link reached this mailbox: the address is verified.
        form.user.is_active = True
        return super().form_valid(form)
