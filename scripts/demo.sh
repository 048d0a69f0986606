#!/usr/bin/env bash
# Start the demo: migrate, load the demo network, then run the web server and the task worker.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=config.settings
export ICC_HTTPS="${ICC_HTTPS:-0}"          # plain HTTP is fine on loopback only
export MAIL_BACKEND="${MAIL_BACKEND:-console}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
PY=.venv/bin/python

$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo
# Collecting and compressing static files takes a while: only when a source changed.
manifest="${ICC_VAR_DIR:-var}/static/staticfiles.json"
if [ ! -f "$manifest" ] || [ -n "$(find icc/static icc/*/static .venv/lib/python3.12/site-packages/ninja/static -newer "$manifest" -type f -print -quit)" ]; then
  $PY manage.py collectstatic --noinput -v 0
fi
$PY manage.py clear_page_cache

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping…"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# Each process runs in a session of its own, so Ctrl-C reaches only this script,
# which then stops them in order with TERM (a worker hit by both signals hangs).
setsid .venv/bin/gunicorn config.wsgi:application --config config/gunicorn.py &
pids+=($!)
setsid $PY manage.py run_worker --queue-name default -v 0 &
pids+=($!)
setsid $PY manage.py run_scheduler &
pids+=($!)

sleep 1
cat <<INFO

  Intercultural Cities is running at http://127.0.0.1:${PORT}/
  (web server: gunicorn; task worker: run_worker; daily jobs: run_scheduler;
   mail is printed here)

  Demo sign-ins (password for all: icc-demo-2026)
    secretariat               secretariat@icc.example   (two-factor: run 'make demo-code' for the code,
                                                          or add secret JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP to an app)
    city coordinator (Lyon)   coordinator.lyon@icc.example
    city editor (Lyon)        editor.lyon@icc.example
    city coordinator (Oslo)   coordinator.oslo@icc.example
    national network (RECI)   network.spain@icc.example
    expert                    expert@icc.example

  Press Ctrl-C to stop.
INFO
wait -n "${pids[@]}"
