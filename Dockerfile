# Production image: gunicorn serves Django, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm AS assets
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/vendor-assets.sh scripts/
RUN npm ci --no-audit --no-fund && scripts/vendor-assets.sh node_modules vendor

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_DEBUG=false
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 dbi
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
COPY --from=assets /src/vendor static/vendor
# Build-time values only: the running container takes its own from the environment.
RUN export DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DJANGO_ALLOWED_HOSTS=localhost DBI_SITE_URL=https://build.invalid \
    && python manage.py compilemessages --ignore=.venv \
    && python manage.py collectstatic --noinput \
    && chown -R dbi /app
USER dbi
EXPOSE 8000
CMD ["gunicorn", "dbi_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
