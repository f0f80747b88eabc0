# Passend API. Uses the embedded SQLite database unless PASSEND_DATABASE_URL points elsewhere.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PASSEND_HOST=0.0.0.0 PASSEND_PORT=8000 \
    PASSEND_DATABASE_URL=sqlite:////data/passend.db \
    PASSEND_ACCESS_LOG_KEY_FILE=/data/access-log.key \
    PASSEND_ACCESS_LOG_CHECKPOINT_DIR=/data/access-log-checkpoints

WORKDIR /srv/passend
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY matching ./matching
COPY seed ./seed
COPY migrations ./migrations
RUN pip install --no-cache-dir -e . && mkdir -p /data && useradd --system passend \
    && chown passend /data /srv/passend
USER passend

EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["sh", "-c", "python -m app.cli migrate && python -m app.cli seed --if-empty && python -m app.cli serve"]
