#!/usr/bin/env bash
# Restore drill, for CI: demo data in a fresh PostgreSQL database, portal_backup, drop the
# database and the files, recreate an empty database, portal_restore; it prints the rows and files
# of the backup, before and after, and fails if any table or file differs from the manifest.
#   DATABASE_SERVER=postgres://postgres@127.0.0.1:5432 scripts/restore-drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
database_server="${DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}"
database=dbi_restore_drill
work="$(mktemp -d)"
trap 'rm -rf "$work"; psql "$database_server/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null' EXIT

fresh_database() {
  psql "$database_server/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null
  psql "$database_server/postgres" -qc "CREATE DATABASE $database" >/dev/null
}

export DATABASE_URL="$database_server/$database"
export DJANGO_MEDIA_ROOT="$work/media"
export DJANGO_DEBUG=true
unset REDIS_URL  # tasks run in-process: the demo's certificate PDFs are stored files
fresh_database
echo "-- demo data in $database"
$PY manage.py migrate --noinput >/dev/null
$PY manage.py load_divisions >/dev/null
$PY manage.py load_catalog >/dev/null
$PY manage.py seed_demo >/dev/null
echo "-- backup"
$PY manage.py portal_backup "$work/backup"
echo "-- drop the database and the files"
fresh_database
rm -rf "$work/media"
echo "-- restore"
$PY manage.py portal_restore "$work/backup"
