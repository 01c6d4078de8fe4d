#!/usr/bin/env bash
# Production smoke test, run by .ci/run: production settings (DEBUG off), collectstatic with the
# manifest storage, gunicorn on a local port, a real Celery worker on Redis; then the pages a
# visitor and an enterprise open first must answer 200 with the right content type, and a
# certificate PDF must be rendered by the worker. It uses its own database and Redis database
# number on the machine's servers, and stops what it started.
#   DATABASE_SERVER=postgres://postgres@127.0.0.1:5432 REDIS_SERVER=redis://127.0.0.1:6379 \
#     scripts/smoke-production.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

database_server="${DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}"
redis_server="${REDIS_SERVER:-redis://127.0.0.1:6379}"
database=dbi_smoke
redis_db=15
port="${SMOKE_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

psql "$database_server/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
psql "$database_server/postgres" -qc "CREATE DATABASE $database" >/dev/null
redis-cli -u "$redis_server/$redis_db" flushdb >/dev/null

export DATABASE_URL="$database_server/$database"
export DJANGO_MEDIA_ROOT="$work/media"
export DJANGO_STATIC_ROOT="$work/static"
export DJANGO_SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DBI_SITE_URL="https://dbi.example.vn"
export DJANGO_LOG_LEVEL=WARNING

echo "-- demo data (seed_demo is for DEBUG installations; everything after runs in production)"
DJANGO_DEBUG=true $PY manage.py migrate --noinput >/dev/null
DJANGO_DEBUG=true $PY manage.py load_divisions >/dev/null
DJANGO_DEBUG=true $PY manage.py load_catalog >/dev/null
DJANGO_DEBUG=true $PY manage.py seed_demo >/dev/null

export DJANGO_DEBUG=false
export REDIS_URL="$redis_server/$redis_db"
$PY manage.py check_catalog >/dev/null
echo "-- collectstatic (manifest storage)"
$PY manage.py collectstatic --noinput | tail -1

echo "-- gunicorn on 127.0.0.1:$port and a Celery worker on $REDIS_URL"
.venv/bin/gunicorn dbi_portal.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
  --access-logfile - --error-logfile - --log-level warning >"$work/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A dbi_portal worker --loglevel=WARNING --concurrency=1 --without-heartbeat \
  --without-gossip --without-mingle >"$work/worker.log" 2>&1 &
pids+=($!)

# The enterprise owner's certificate: its stored PDF is dropped and its rendering queued, so the
# download below serves what the production worker rendered.
certificate="$($PY manage.py shell --no-imports -c "
from certification.models import Certificate
from certification.tasks import certificate_render_task
from certification.verification import verification_code
from django.core.files.storage import default_storage
c = Certificate.objects.filter(enterprise__memberships__user__email='dn.chu@dbi.local').latest('pk')
if c.pdf.name:
    default_storage.delete(c.pdf.name)
Certificate.objects.filter(pk=c.pk).update(pdf='', pdf_rendered_at=None)
certificate_render_task.delay(c.pk)
print(c.pk, verification_code(c))
")"
read -r certificate_id code <<<"$certificate"

for _ in $(seq 120); do
  rendered="$($PY manage.py shell --no-imports -c "
from certification.models import Certificate
print(Certificate.objects.filter(pk=$certificate_id, pdf_rendered_at__isnull=False).exists())
")"
  [ "$rendered" = "True" ] && break
  sleep 1
done
if [ "$rendered" != "True" ]; then
  echo "The worker did not render certificate $certificate_id within 2 minutes:" >&2
  cat "$work/worker.log" >&2
  exit 1
fi
echo "ok   the worker rendered certificate $certificate_id"

for _ in $(seq 60); do
  curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/healthz/" && break
  sleep 1
done

echo "-- pages"
if ! $PY scripts/smoke_client.py "http://127.0.0.1:$port" dn.chu@dbi.local dbi-demo-2026 \
  "$certificate_id" "$code"; then
  echo "--- gunicorn log" >&2; tail -50 "$work/gunicorn.log" >&2
  echo "--- worker log" >&2; tail -50 "$work/worker.log" >&2
  exit 1
fi
psql "$database_server/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
