#!/usr/bin/env bash
# Executes notebooks top to bottom on the tslab kernel and fails on the first cell error.
#   notebooks/execute.sh [--output-dir DIR] [NOTEBOOK…]   (default: in place, every notebook here)
# The notebooks import the package by name, as a user would ('kubesim', built in dist/: run
# `npm run build` first); the link notebooks/node_modules/kubesim → the repository makes the name
# resolve here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
[ -f "$root/dist/src/index.js" ] || { echo "notebooks/execute.sh: dist/ is missing: run npm run build first" >&2; exit 1; }
mkdir -p "$here/node_modules"
ln -sfn ../.. "$here/node_modules/kubesim"
mode=(--inplace)
if [ "${1:-}" = "--output-dir" ]; then mode=(--output-dir "$2"); shift 2; fi
[ $# -gt 0 ] || set -- "$here"/*.ipynb
# tslab's kernel spec starts `tslab` from PATH: the project's own.
export PATH="$root/node_modules/.bin:$PATH"
# Debian's python warns about frozen modules at every kernel start; the warning says nothing here.
export PYDEVD_DISABLE_FILE_VALIDATION=1 PYTHONWARNINGS=ignore
for nb in "$@"; do
  (cd "$(dirname "$nb")" && jupyter nbconvert --log-level=WARN --to notebook --execute \
    --ExecutePreprocessor.timeout=600 "${mode[@]}" "$(basename "$nb")")
done
