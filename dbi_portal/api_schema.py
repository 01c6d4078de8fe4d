"""The OpenAPI schema tells every answer an operation can give, errors included.

drf-spectacular documents what a view declares; the answers that come from the shared machinery
are added here, for every operation, with the body of ``dbi_portal.api_errors`` (one ``Error``
component):

* 400: any request may be refused for bad input (a malformed parameter or body, a NUL character:
  ``dbi_portal.null_bytes``);
* 403: an operation that is not public (not signed in, the wrong role, a staff session without its
  second factor), and any unsafe call checked for its CSRF token;
* 404: an operation with a path parameter (nothing there, or nothing the caller may see) or pages
  (a page number past the end);
* 415: an operation that reads a body, sent in a type it does not parse;
* 429: a throttled operation.

An error a view declares without a body gets the ``Error`` body too. Schemathesis checks the API
against this schema in CI (tests/api_fuzz).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny

from .api_errors import ErrorSerializer

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class PortalAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, description in self._shared_errors(operation):
            responses.setdefault(code, {"description": description})
        error_content = None
        for code, response in responses.items():
            if int(code) >= 400 and not response.get("content"):
                if error_content is None:
                    error = self._get_response_for_code(ErrorSerializer, code)
                    error_content = {"application/json": error["content"]["application/json"]}
                response["content"] = error_content
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _is_public(self) -> bool:
        return all(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _checks_csrf(self) -> bool:
        return self.method in UNSAFE and any(
            isinstance(a, SessionAuthentication) for a in self.view.get_authenticators()
        )

    def _shared_errors(self, operation: dict) -> list[tuple[str, str]]:
        parameters = operation.get("parameters", [])
        errors = [("400", "bad input: a malformed parameter or body, or a NUL character")]
        if not self._is_public() or self._checks_csrf():
            errors.append(("403", "not signed in, not allowed, or no CSRF token"))
        if any(p["in"] == "path" for p in parameters) or any(
            p["name"] == "page" for p in parameters
        ):
            errors.append(("404", "nothing there that you may see, or no such page"))
        if "requestBody" in operation:
            errors.append(("415", "a body in a type the operation does not read"))
        if self.view.get_throttles():
            errors.append(("429", "too many requests: wait as Retry-After says"))
        return errors
