#!/usr/bin/env bash
# Production shape, one command per chore: ops/compose.sh up | down | logs | ps | build | config |
# migrate | seed [args…]. Reads secrets from .env (or MC_ENV_FILE); copy .env.example to start.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env_file="${MC_ENV_FILE:-$root/.env}"
project="${MC_PROJECT:-mission-control}"

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "compose.sh: needs 'docker compose' (or docker-compose)" >&2
  exit 1
fi

if [ ! -f "$env_file" ]; then
  echo "compose.sh: $env_file not found. Copy .env.example to .env and set real secrets (openssl rand -base64 48)." >&2
  exit 1
fi

dc() { "${compose[@]}" --project-name "$project" --env-file "$env_file" -f "$root/compose.yml" "$@"; }

cmd="${1:-up}"
shift || true
case "$cmd" in
  up)
    # v2 waits until every service is healthy; v1 has no --wait.
    if [ "${compose[0]}" = docker ]; then dc up --detach --build --wait "$@"; else dc up --detach --build "$@"; fi
    ;;
  down) dc down "$@" ;;
  logs) dc logs --follow --tail=200 "$@" ;;
  ps) dc ps "$@" ;;
  build) dc build "$@" ;;
  config) dc config "$@" ;;
  migrate) dc --profile tools run --rm migrate "$@" ;;
  seed) dc --profile tools run --rm seed "$@" ;;
  *) dc "$cmd" "$@" ;;
esac
