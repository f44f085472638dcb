#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on 127.0.0.1 and its URL in
# WORKBENCH_TEST_POSTGRES_URL; the cluster is removed afterwards. Without PostgreSQL
# installed, or when the variable is already set, it just runs the command.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "${WORKBENCH_TEST_POSTGRES_URL:-}" ] || [ -z "$pgbin" ]; then
  exec "$@"
fi
dir=$(mktemp -d /tmp/workbench-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
as_pg "'$pgbin/initdb' -D '$dir/data' -A trust -U postgres --no-sync" >/dev/null
as_pg "'$pgbin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-h 127.0.0.1 -p $port -k '$dir' -F\" start" >/dev/null
cleanup() { as_pg "'$pgbin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "'$pgbin/createdb' -h 127.0.0.1 -p $port -U postgres workbench_test"
export WORKBENCH_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/workbench_test"
"$@"
