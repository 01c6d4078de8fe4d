"""Email verification links: Django's password-reset token, with its own salt, that also stops
working once the account is active.

Django's ``PasswordResetTokenGenerator`` hashes the primary key, the password hash, the last
login, the email and the time. So a verification link dies when the password changes (a link
mailed before someone else changed the password cannot activate the account with that new
password), when the account signs in, or after ``PASSWORD_RESET_TIMEOUT`` (3 days). The separate
``key_salt`` keeps a verification token from being accepted as a password-reset token and back.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "enterprises.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


email_verification_token = EmailVerificationTokenGenerator()
