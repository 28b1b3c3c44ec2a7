#!/usr/bin/env bash
# npm run demo [-- --open] [-- --port 5678]
# One command on a fresh clone after `npm ci`: builds and packs the node, starts the local API double
# and real n8n 2.41.1 (installed into ~/.cache on first use: 5-25 minutes, ~3 GB), runs the example
# workflows and prints what they did. --open keeps n8n running at http://127.0.0.1:5678 until Ctrl-C.
# Works without a TTY (CI=true). Details: docs/E2E.md.
# Why a shell wrapper: it can say "run npm ci first" before Node fails on a missing module.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules/typescript ] || [ ! -d node_modules/axios ]; then
  echo "Dependencies are missing: run npm ci first." >&2
  exit 1
fi
exec node tools/demo/demo.js "$@"
