"""Bilingual data fields: Vietnamese is the official text, English is shown to English UIs."""

from django.utils.translation import get_language


def localized(vi: str, en: str) -> str:
    """Pick the English text for an English UI when there is one, else the Vietnamese."""
    language = get_language() or "vi"
    return en if language.startswith("en") and en else vi
