# One image recipe for the four Django projects (property_service, financial_service,
# maintenance_service, bff): they share one shape, so they share one Dockerfile.
#   docker build -f docker/django.Dockerfile --build-arg PROJECT=property_service -t property-service .
# Base images default to the official ones; docker/make-base-images.sh makes local stand-ins offline.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG PROJECT
ENV UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/venv PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml uv.lock ./
COPY libs/ libs/
# The workspace needs every member's pyproject to check the lock; only PROJECT's code is copied.
COPY property_service/pyproject.toml property_service/
COPY financial_service/pyproject.toml financial_service/
COPY maintenance_service/pyproject.toml maintenance_service/
COPY bff/pyproject.toml bff/
# The CA bundle is a build secret (offline path, behind a TLS-intercepting proxy): never in a layer.
RUN --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export SSL_CERT_FILE=/run/secrets/ca PIP_CERT=/run/secrets/ca; fi; \
    python -m venv /opt/uv && /opt/uv/bin/pip install --no-cache-dir -q uv \
 && name=$(sed -n 's/^name = "\(.*\)"/\1/p' ${PROJECT}/pyproject.toml | head -1) \
 && /opt/uv/bin/uv sync --frozen --no-dev --no-editable --no-cache --package "$name" \
 # Trim what a server never reads: translations other than English, test suites.
 && for d in $(find /opt/venv/lib -type d -name locale); do find "$d" -mindepth 1 -maxdepth 1 -type d ! -name 'en*' -exec rm -rf {} +; done \
 && find /opt/venv -type d \( -name tests -o -name __pycache__ \) -prune -exec rm -rf {} +
COPY ${PROJECT}/ /app/
WORKDIR /app
RUN DJANGO_SETTINGS_MODULE=config.settings.base /opt/venv/bin/python manage.py collectstatic --noinput -v0

FROM ${PYTHON_IMAGE} AS runtime
ARG PROJECT
RUN (getent group app || groupadd --gid 10001 app) && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app \
 # Mount points a new named volume copies its ownership from: secrets (compose) and uploads (maintenance).
 && mkdir -p /run/platform-secrets /var/lib/maintenance/media && chown 10001:10001 /run/platform-secrets /var/lib/maintenance/media
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
