# syntax=docker/dockerfile:1
# The image runs the same commands as the tested local path: `newsdesk migrate`, then
# `newsdesk serve`. Load the seed article with `docker run … newsdesk seed`.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /srv/newsdesk --create-home newsdesk \
    && mkdir /data && chown newsdesk /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/newsdesk
COPY seed_data ./seed_data
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/newsdesk.db \
    NEWSDESK_HOST=0.0.0.0 \
    NEWSDESK_PORT=8000
USER newsdesk
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
# PROMETHEUS_MULTIPROC_DIR, when set, must start empty: workers sum their counts there.
CMD ["sh", "-c", "if [ -n \"$PROMETHEUS_MULTIPROC_DIR\" ]; then rm -rf \"$PROMETHEUS_MULTIPROC_DIR\" && mkdir -p \"$PROMETHEUS_MULTIPROC_DIR\"; fi; newsdesk migrate && exec newsdesk serve"]
