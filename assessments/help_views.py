"""The help page (/help/): how to register, self-assess and invite a consultant, what each level
means (from the catalog), questions often asked, and whom to contact (the authorities in force,
from data). Public: no sign-in needed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .help_selectors import help_authorities, help_frameworks


def help_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "help/index.html",
        {
            "frameworks": help_frameworks(),
            **help_authorities(day=timezone.localdate(), user=request.user),
        },
    )
