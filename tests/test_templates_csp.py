"""No template served to a browser carries code or styles the Content-Security-Policy would block:
no inline <script> (a JSON data block is fine: it is never run), no on…= handler, no
``javascript:`` URL, no style="" attribute or <style> element, and no htmx attribute that asks
htmx to evaluate JavaScript (hx-on, hx-vars, ``js:`` values, ``[…]`` trigger filters), since
htmx runs with allowEval off. The PDF templates (WeasyPrint) and the e-mails are not pages."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
NOT_PAGES = ("emails/", "registration/password_reset_email.html")


class InlineCode(HTMLParser):
    """The problems of one HTML document (or template source), as readable strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> (an inline event handler)")
            elif name == "style":
                self.problems.append(f'<{tag} style="{value}"> (an inline style)')
            elif name.startswith(("hx-on", "data-hx-on")) or name in ("hx-vars", "data-hx-vars"):
                self.problems.append(f"<{tag} {name}=…> (htmx evaluates it as JavaScript)")
            elif name in ("hx-vals", "hx-headers") and value.startswith("js:"):
                self.problems.append(f"<{tag} {name}=js:…> (htmx evaluates it as JavaScript)")
            elif name == "hx-trigger" and "[" in value:
                self.problems.append(f'<{tag} hx-trigger="{value}"> (a filter htmx evaluates)')
            elif value.lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        data = (attributes.get("type") or "").lower() == "application/json"
        if tag == "script" and not attributes.get("src") and not data:
            self.problems.append("<script> without src (inline script)")
        if tag == "style":
            self.problems.append("<style> element (inline styles)")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.problems


def _source_without_template_syntax(text: str) -> str:
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
    text = re.sub(r"{#.*?#}", "", text, flags=re.S)
    text = re.sub(r"{{.*?}}", "x", text, flags=re.S)  # a value stands in for a variable
    return re.sub(r"{%.*?%}", " ", text, flags=re.S)  # both branches of an {% if %} are kept


def served_templates() -> list[Path]:
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "pdf" not in path.relative_to(TEMPLATES).parts
        and not str(path.relative_to(TEMPLATES)).startswith(NOT_PAGES)
    )


def test_the_scan_sees_what_it_must_refuse():
    assert inline_code('<select onchange="this.form.submit()">')
    assert inline_code("<script>alert(1)</script>")
    assert inline_code('<p style="color: red">')
    assert inline_code("<style>p { color: red }</style>")
    assert inline_code('<a href=" JavaScript:alert(1)">')
    assert inline_code('<div hx-on:click="alert(1)">')
    assert inline_code("<div hx-trigger=\"change[!target.name.startsWith('r-')]\">")
    assert inline_code(_source_without_template_syntax('<p{% if x %} onclick="f()"{% endif %}>'))
    assert not inline_code('<script src="/static/js/portal.js" defer></script>')
    assert not inline_code('<script id="d" type="application/json">{"a": 1}</script>')
    assert not inline_code('<div hx-trigger="change" hx-headers=\'{"X-CSRFToken": "t"}\'>')


def test_there_are_templates_to_scan():
    names = {str(path.relative_to(TEMPLATES)) for path in served_templates()}
    assert {"base.html", "assessments/assessment.html", "reports/dashboard.html"} <= names
    assert not any("/pdf/" in name for name in names)


@pytest.mark.parametrize(
    "path", served_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_served_template_has_inline_code_or_styles(path):
    assert inline_code(_source_without_template_syntax(path.read_text())) == []
