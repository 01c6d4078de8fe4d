"""PDF plumbing shared by every document the portal prints (the certificate, the assessment
report, the yearly report): WeasyPrint with the bundled fonts, a URL fetcher that loads local
font files only, a per-thread stylesheet cache, and the small text helpers the documents share.

Rendering never goes to the network: the only resources a document may load are the Be Vietnam
Pro TTF files that ``make setup`` copies from npm into ``static/vendor/fonts`` (whole files, not
web subsets, so every diacritic renders) and inline ``data:`` URIs.

This module imports WeasyPrint, which is slow to load: import it (and the renderers built on
it) only inside the function that renders, never at the top of a module a page or task loads.
"""

from __future__ import annotations

import datetime
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
FONT_FAMILY = "Be Vietnam Pro"
# (file, weight, style): copied from npm @expo-google-fonts/be-vietnam-pro by the Makefile.
FONT_FILES = (
    ("BeVietnamPro_400Regular.ttf", 400, "normal"),
    ("BeVietnamPro_400Regular_Italic.ttf", 400, "italic"),
    ("BeVietnamPro_500Medium.ttf", 500, "normal"),
    ("BeVietnamPro_600SemiBold.ttf", 600, "normal"),
    ("BeVietnamPro_700Bold.ttf", 700, "normal"),
    ("BeVietnamPro_800ExtraBold.ttf", 800, "normal"),
)


class FontsMissing(RuntimeError):
    """The PDF fonts are not installed; a PDF made without them would show wrong glyphs."""


class LocalFilesOnly(URLFetcher):
    """Let a document load the font files and ``data:`` URIs, nothing else (no network)."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        local = parts.scheme == "file" and not parts.netloc
        if local and Path(unquote(parts.path)).resolve().parent == FONT_DIR.resolve():
            return super().fetch(url, headers)
        raise ValueError(f"PDF documents may not load {url}")


_local = threading.local()


def fonts() -> tuple[FontConfiguration, CSS]:
    """The font configuration and @font-face stylesheet, built once per thread (warm renders
    skip reading the font files again); ``FontsMissing`` when a font file is not installed."""
    cached = getattr(_local, "fonts", None)
    if cached is None:
        missing = [name for name, _w, _s in FONT_FILES if not (FONT_DIR / name).is_file()]
        if missing:
            raise FontsMissing(
                f"PDF fonts missing in {FONT_DIR}: {', '.join(missing)}; run `make setup`."
            )
        font_config = FontConfiguration()
        faces = "\n".join(
            f"@font-face {{ font-family: '{FONT_FAMILY}'; src: url('{(FONT_DIR / name).as_uri()}');"
            f" font-weight: {weight}; font-style: {style}; }}"
            for name, weight, style in FONT_FILES
        )
        css = CSS(string=faces, font_config=font_config, url_fetcher=LocalFilesOnly())
        cached = _local.fonts = (font_config, css)
    return cached


def stylesheet(name: str, context: dict[str, Any]) -> CSS:
    """A document's stylesheet (a template, so that it can take a data URI), parsed and its
    selectors compiled once per thread: a warm render skips that work."""
    sheets = _local.__dict__.setdefault("sheets", {})
    if name not in sheets:
        font_config, _css = fonts()
        sheets[name] = CSS(
            string=render_to_string(name, context),
            font_config=font_config,
            url_fetcher=LocalFilesOnly(),
        )
    return sheets[name]


def pdf_write(template: str, context: dict[str, Any], sheet: CSS) -> bytes:
    """Render the HTML ``template`` with ``context`` and print it with the bundled fonts and
    ``sheet`` (from ``stylesheet``) as PDF bytes."""
    font_config, font_css = fonts()
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=LocalFilesOnly())
    return document.write_pdf(stylesheets=[font_css, sheet], font_config=font_config)


def check_language(language: str) -> None:
    """Refuse (``ValueError``) a language the portal does not speak."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {language!r}")


def pick(obj: object, field: str, language: str) -> str:
    """``obj.<field>_en`` in English when it is filled in, else the Vietnamese text."""
    if language == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_vi")


def date_text(value: datetime.date, language: str) -> str:
    """24/11/2026 in Vietnamese (day first, as Vietnamese documents write it); 24 November 2026
    in English, so that no reader mistakes the day for the month."""
    if language == "vi":
        return value.strftime("%d/%m/%Y")
    return formats.date_format(value, "j F Y")


__all__ = [
    "FONT_DIR",
    "FONT_FAMILY",
    "FontsMissing",
    "LocalFilesOnly",
    "check_language",
    "date_text",
    "fonts",
    "pdf_write",
    "pick",
    "stylesheet",
]
