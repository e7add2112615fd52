#!/usr/bin/env bash
# Creates (once) the project's Python environment for the reference generators and the
# interoperability test. Prints the interpreter path on stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.cache/venv"
stamp="$venv/.requirements.sha"
want="$(cat "$root/test/requirements.txt" "$root/test/requirements-lock.txt" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  python3 -m venv "$venv" >&2
  # The lock pins every transitive version so reference fixtures regenerate byte-identically.
  "$venv/bin/pip" install --disable-pip-version-check -q -r "$root/test/requirements.txt" -c "$root/test/requirements-lock.txt" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
