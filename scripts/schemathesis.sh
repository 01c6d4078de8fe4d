#!/usr/bin/env bash
# Schemathesis against the API's OpenAPI schema (tests/api_fuzz): in process against the WSGI
# app and the test database with the demo data, anonymously and as a ministry reviewer (second
# factor passed), a province officer and an enterprise owner. Checks: no 5xx, only documented
# status codes, content types, bodies and headers. Deterministic; about 2 minutes on PostgreSQL.
# Uses DATABASE_URL like the test suite (SQLite in memory without it). Extra arguments go to
# pytest, e.g. `scripts/schemathesis.sh -k anonymous`.
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_ALLOW_ASYNC_UNSAFE=true exec .venv/bin/pytest -q -m schemathesis tests/api_fuzz "$@"
