"""Login throttling keyed on the email as the account knows it (any letter case is one person)."""


def axes_username(request, credentials: dict | None) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: "Hoa@X.vn" and "hoa@x.vn" share one failure count."""
    source = credentials if credentials is not None else request.POST
    return (source.get("username") or "").strip().lower()
