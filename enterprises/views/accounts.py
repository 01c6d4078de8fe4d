"""Sign-up with email verification (the emailed link and the sign-up's password together activate
the account). Login is django-two-factor-auth's wizard (``second_factor.py``: password, then the
code for whoever has a second factor); logout and password reset are Django's own views
(``django.contrib.auth.urls``) with our templates; django-axes throttles failed logins."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..emails import signup_existing_email_queue, verification_email_queue
from ..forms import RecoveringPasswordResetForm, SignupForm, VerifyEmailForm
from ..services import account_sign_up
from ..tokens import email_verification_token


@require_http_methods(["GET", "POST"])
def signup(request):
    """The same page, status and one email whether or not the address has an account: a new
    address gets a verification link, a registered one a note with a way in for its owner
    (``services.account_sign_up`` leaves that account untouched)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = account_sign_up(
            email=data["email"], full_name=data["full_name"], password=data["password1"]
        )
        if outcome.created:
            verification_email_queue(user=outcome.user, request=request)
        else:
            signup_existing_email_queue(
                user=outcome.user,
                request=request,
                can_set_password=RecoveringPasswordResetForm.reaches(outcome.user),
            )
        # What was typed, not the account's spelling: nothing here may differ between the two.
        return render(request, "registration/signup_done.html", {"email": data["email"]})
    return render(
        request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200
    )


def _verifiable_user(uidb64: str, token: str):
    """The inactive account a verification link is for, or None if the link is not valid
    (bad, expired, used, or issued before the password, the email or the last login changed)."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    if user.is_active or not email_verification_token.check_token(user, token):
        return None
    return user


@require_http_methods(["GET", "POST"])
def verify_email(request, uidb64: str, token: str):
    """Opening the link shows a form; the account is activated only with the sign-up's
    password as well (``VerifyEmailForm``). Opening the link alone changes nothing, so mail
    scanners that fetch links do not activate accounts either."""
    user = _verifiable_user(uidb64, token)
    if user is None:
        return render(request, "registration/verify_failed.html", status=400)
    form = VerifyEmailForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Email đã được xác nhận. Chào mừng bạn!"))
        return redirect("home")
    status = 400 if form.errors else 200
    return render(
        request,
        "registration/verify_email.html",
        {"form": form, "email": user.email},
        status=status,
    )


class RecoveringPasswordResetView(auth_views.PasswordResetView):
    form_class = RecoveringPasswordResetForm


class ActivatingPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # The link reached this mailbox: the address is verified.
        form.user.is_active = True
        return super().form_valid(form)
