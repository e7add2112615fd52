#!/usr/bin/env bash
# Installs node_modules from the lock file when missing or stale (a fresh clone, or a changed lock).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
stamp="node_modules/.vigil-lock.sha"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # Not `npm ci`: the registry serves only the Linux x64 build of chDB's optional platform
  # packages, so the lock cannot list the others and `npm ci` would refuse it as out of sync.
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
