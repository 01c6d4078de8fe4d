"""The production smoke test's browser stand-in: fetches the pages a visitor and an enterprise
user open first from a running production server, and fails on any answer that is not 200 with
the expected content type.

    python scripts/smoke_client.py BASE_URL EMAIL PASSWORD CERTIFICATE_ID VERIFICATION_CODE

Every request says it came through the TLS proxy (X-Forwarded-Proto: https), as production's
reverse proxy does; cookies are kept by hand because production marks them Secure, which the
standard library's cookie jar would then refuse to send over the loopback's plain HTTP.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _FormReader(HTMLParser):
    """The inputs of the first form that has a password field, and every stylesheet link."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.stylesheets: list[str] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._current = {}
        elif tag == "input" and self._current is not None and attributes.get("name"):
            self._current[attributes["name"]] = attributes.get("value", "")
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


class Visitor:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.failures: list[str] = []

    def request(self, path: str, data: dict[str, str] | None = None):
        url = urllib.parse.urljoin(self.base_url + "/", path.lstrip("/"))
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310 (our own loopback server)
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Accept-Language", "vi")
        if body is not None:
            # A secure request's CSRF check wants the origin the browser would send.
            request.add_header("Origin", "https://" + urllib.parse.urlsplit(url).netloc)
        if self.cookies:
            request.add_header(
                "Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            )
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # 3xx (redirects not followed), 4xx, 5xx
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read()

    def expect(
        self, what: str, path: str, content_type: str, *, contains: bytes = b"", header: str = ""
    ) -> bytes:
        status, headers, body = self.request(path)
        got_type = headers.get("Content-Type", "")
        problems = []
        if header and not headers.get(header):
            problems.append(f"no {header} header")
        if status != 200:
            problems.append(f"status {status}")
        if not got_type.startswith(content_type):
            problems.append(f"content type {got_type!r}, expected {content_type}")
        if contains and contains not in body:
            problems.append(f"no {contains[:60]!r} in the body")
        line = f"{what:<28} GET {path} -> {status} {got_type}"
        if problems:
            self.failures.append(f"{line}: {', '.join(problems)}")
            print("FAIL", line, "|", ", ".join(problems))
        else:
            print("ok  ", line, f"({len(body):,} bytes)")
        return body

    def log_in(self, email: str, password: str) -> None:
        page = self.expect("login page", "/accounts/login/", "text/html")
        reader = _FormReader()
        reader.feed(page.decode())
        form = next((f for f in reader.forms if any("password" in n for n in f)), None)
        if form is None:
            self.failures.append("login page: no form with a password field")
            return
        for name in form:
            if name.endswith("username") or name.endswith("email"):
                form[name] = email
            elif name.endswith("password"):
                form[name] = password
        status, headers, _ = self.request("/accounts/login/", form)
        location = headers.get("Location", "")
        if status != 302 or "/accounts/login" in location:
            self.failures.append(f"login as {email}: status {status}, Location {location!r}")
            print("FAIL login as", email, status, location)
        else:
            print("ok   login as", email, "->", location)


def main(base_url: str, email: str, password: str, certificate_id: str, code: str) -> int:
    visitor = Visitor(base_url)
    home = visitor.expect(
        "home page (calculator)",
        "/",
        "text/html",
        contains=b"DBI",
        header="Content-Security-Policy",
    )
    reader = _FormReader()
    reader.feed(home.decode())
    css = next((href for href in reader.stylesheets if href.endswith(".css")), "")
    if not re.search(r"\.[0-9a-f]{12}\.css$", css):
        visitor.failures.append(f"stylesheet {css!r} is not a hashed (manifest) name")
    visitor.expect("static file (stylesheet)", css, "text/css")
    visitor.expect("API docs", "/api/docs/", "text/html", contains=b"swagger")
    visitor.expect("API docs script", "/api/docs/?script=", "application/javascript")
    visitor.expect("API schema", "/api/schema/", "application/vnd.oai.openapi")
    visitor.expect("health", "/healthz/", "application/json", contains=b'"worker": "ok"')
    visitor.expect("verification page", f"/chung-nhan/{code}/", "text/html", contains=b"DBI-")
    visitor.log_in(email, password)
    visitor.expect("signed-in home", "/me/", "text/html", contains="Đăng xuất".encode())
    visitor.expect(
        "certificate PDF",
        f"/certificates/{certificate_id}/pdf/",
        "application/pdf",
        contains=b"%PDF-",
    )
    if visitor.failures:
        print(f"\n{len(visitor.failures)} smoke check(s) failed:", *visitor.failures, sep="\n  ")
        return 1
    print("\nproduction smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
