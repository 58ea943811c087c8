#!/usr/bin/env bash
# Installs what the browser, notebook and Prometheus tests need and a fresh machine lacks: Debian's
# chromium, jupyter-nbconvert (with an IPython kernel runtime) and prometheus (promtool), then registers
# tslab's TypeScript kernel with Debian's python3. Idempotent: does nothing when everything is there.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v jupyter-nbconvert >/dev/null || missing+=(jupyter-nbconvert jupyter-client python3-ipykernel)
command -v promtool >/dev/null || missing+=(prometheus)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# tslab's kernel spec, for `jupyter nbconvert --execute` on the TypeScript notebooks.
if ! /usr/bin/python3 -m jupyter kernelspec list 2>/dev/null | grep -q '^ *tslab '; then
  npx --no-install tslab install --python=/usr/bin/python3 >/dev/null
fi
