#!/usr/bin/env bash
# Placeholder until the stack lands: unit tier only.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx vitest run --project unit
