# Production image: gunicorn serves Django, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm AS assets
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && mkdir -p vendor \
    && cp node_modules/htmx.org/dist/htmx.min.js node_modules/chart.js/dist/chart.umd.min.js vendor/ \
    && mkdir -p vendor/fonts && for w in 400Regular 400Regular_Italic 500Medium 600SemiBold 700Bold 800ExtraBold; do \
         cp node_modules/@expo-google-fonts/be-vietnam-pro/$w/BeVietnamPro_$w.ttf vendor/fonts/; done

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
RUN DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DJANGO_ALLOWED_HOSTS=localhost python manage.py compilemessages --ignore=.venv \
    && DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && chown -R dbi /app
USER dbi
EXPOSE 8000
CMD ["gunicorn", "dbi_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
