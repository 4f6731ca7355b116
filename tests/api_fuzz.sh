#!/usr/bin/env bash
# Fuzz /api/v1 against its own OpenAPI description (schemathesis) on a live portal with
# the demo data: no 5xx, every response as described. SQLite by default; PostgreSQL when
# DATABASE_URL is set (a schema of its own is made and dropped). Bounded and
# deterministic: a fixed seed and a few examples per operation, one token with write
# scope per role that writes (a unit drafter, the commission reviewer).
#   tests/api_fuzz.sh                                   # SQLite
#   DATABASE_URL=postgresql://127.0.0.1:5432/test tests/api_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=$(cd "${VENV:-.venv}" && pwd)
SEED=${FUZZ_SEED:-20190801}
EXAMPLES=${FUZZ_MAX_EXAMPLES:-12}
WORK=$(mktemp -d)
SCHEMA=""
SERVER=""

cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -n "$SCHEMA" ]; then "$VENV/bin/python" tests/fixtures/api_fuzz_schema.py drop "$BASE_URL" "$SCHEMA"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "${DATABASE_URL:-}" ]; then
  BASE_URL=$DATABASE_URL
  SCHEMA="fuzz_$(date +%s)_$$"
  DATABASE_URL=$("$VENV/bin/python" tests/fixtures/api_fuzz_schema.py create "$BASE_URL" "$SCHEMA")
  echo "fuzz: PostgreSQL, schema $SCHEMA"
else
  DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
  echo "fuzz: SQLite"
fi
export DATABASE_URL SEARCH_INDEX_DIR="$WORK/index" UPLOAD_DIR="$WORK/uploads"
export SECRET_KEY="fuzz-$RANDOM-$RANDOM" PORTAL_LANG=vi FLASK_APP=wsgi
FLASK="$VENV/bin/flask"

"$FLASK" init-db >/dev/null
"$FLASK" seed-demo >/dev/null
DRAFTER=$("$FLASK" create-token huyenuy.phuquoc --write --label fuzz | tail -n 1)
REVIEWER=$("$FLASK" create-token bandanvan --write --label fuzz | tail -n 1)

PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$FLASK" run --host 127.0.0.1 --port "$PORT" --no-reload >"$WORK/server.log" 2>&1 &
SERVER=$!
URL="http://127.0.0.1:$PORT"

status=0
for token in "$DRAFTER" "$REVIEWER"; do
  # run in the scratch folder: no cache of earlier runs replays here (deterministic)
  (cd "$WORK" && "$VENV/bin/schemathesis" run "$URL/api/v1/openapi.json" \
    --wait-for-schema 30 \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$EXAMPLES" --seed "$SEED" --generation-deterministic \
    --request-timeout 20 \
    --no-color) || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "fuzz: failures; the portal's log follows" >&2
  grep -v ' INFO ' "$WORK/server.log" | tail -n 80 >&2 || true
fi
exit "$status"
