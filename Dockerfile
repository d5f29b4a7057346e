# Production image for PLG Portal: one image for web (gunicorn), Celery worker, beat and migrate.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders PDFs through Pango/HarfBuzz/Fontconfig; gettext provides msgfmt for
# compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        shared-mime-info \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# A fixed uid, so a bind-mounted secret file can be made readable to it on the host. The home
# directory is writable for Fontconfig's cache (WeasyPrint) and gunicorn's control socket.
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, exactly as locked (versions and hashes): this layer is rebuilt only when
# the lock changes. The project itself is not installed; the code runs from /app.
COPY requirements.txt ./
RUN pip install --require-hashes --no-deps -r requirements.txt

COPY . .

# DEBUG=0 selects the production static storage (hashed, compressed files). The key below only
# lets the settings import during the build; it is never part of the image's environment.
RUN export DEBUG=0 SECRET_KEY=build-only-not-a-secret \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput

# Code and static files stay owned by root; the app user writes only under /app/var
# (uploads in var/media, the beat schedule in var/).
RUN mkdir -p /app/var/media \
    && chown app:app /app/var /app/var/media

USER app

EXPOSE 8000

CMD ["gunicorn", "-c", "plgportal/gunicorn.conf.py", "plgportal.wsgi:application", \
     "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
