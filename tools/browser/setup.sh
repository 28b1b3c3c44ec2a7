#!/usr/bin/env bash
# Installs Debian's Chromium and the Liberation fonts when /usr/bin/chromium is missing
# (a fresh CI machine). Root only, as on these machines; runs apt-get update once.
# Usage: bash tools/browser/setup.sh   (prints the browser path)
# Why hand-written: apt-get does the installing; this only skips it when present and serialises it.
set -euo pipefail
case "${1:-}" in
  -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  '') ;;
  *) echo "setup.sh takes no arguments; see --help" >&2; exit 2 ;;
esac
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  # Two suites starting at once must not run apt side by side.
  exec 9>/tmp/browser-setup.lock
  flock 9
  if [ ! -x "$browser" ]; then
    echo "[browser-setup] installing chromium and fonts-liberation (first time only, 1-2 minutes)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
  fi
fi
echo "$browser"
