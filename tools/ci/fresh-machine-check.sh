#!/usr/bin/env bash
# Runs the README's set-up the way a new user does: a clean clone, an empty home folder, the two
# commands; checks each closing line, exit code and that `git status` stays clean; prints the figures.
set -uo pipefail

usage() {
  cat <<'USAGE'
Usage: tools/ci/fresh-machine-check.sh [--ref REF] [--repo URL|PATH] [--scenario NAME] [--keep] [--workdir DIR]

Clones REF into a new temporary folder and runs, with HOME set to a new empty folder (so empty
~/.cache and ~/.npm, no ~/.npmrc) and a minimal environment (no npm_config_*, no N8N_* variables):

  demo-then-test   npm ci && npm run demo, then npm test            (the default)
  test-only        npm ci && npm test, in a clone and home of its own
  both             the two above, one after the other

Checks: every command exits 0; the demo ends "Everything behaved as intended"; npm test ends
"N passed, 0 failed, 0 skipped"; `git status --porcelain` prints nothing afterwards.
Prints the wall time of each command, the disk used by the home folder's caches and the clone,
and the counts. The last line is "fresh-machine check: PASSED" or "... FAILED: <reasons>";
exit code 0 only when it passed.

Everything an n8n install needs is downloaded again (2-3 GB per n8n version, tens of minutes on
2 cores). System packages (Chromium, Redis, PostgreSQL) are machine-wide: the suites install them
with apt when missing, and an earlier install is reused.

  --ref REF        the commit, branch or tag to clone (default: HEAD of this checkout; uncommitted
                   changes are not part of the check)
  --repo URL|PATH  the repository to clone (default: this checkout)
  --scenario NAME  demo-then-test, test-only or both (default: demo-then-test)
  --keep           keep the clones and home folders (default: removed at the end, they hold GBs;
                   the logs of each command are always kept in the work folder)
  --workdir DIR    where the temporary folders go (default: a new folder under $TMPDIR or /tmp)
  -h, --help       this text
USAGE
}

here="$(cd "$(dirname "$0")/../.." && pwd)"
repo="$here"
ref=""
scenario="demo-then-test"
keep=0
workdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --ref) ref="${2:?--ref needs a value}"; shift 2 ;;
    --repo) repo="${2:?--repo needs a value}"; shift 2 ;;
    --scenario) scenario="${2:?--scenario needs a value}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --workdir) workdir="${2:?--workdir needs a value}"; shift 2 ;;
    *) echo "fresh-machine-check: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$scenario" in demo-then-test|test-only|both) ;; *) echo "fresh-machine-check: unknown scenario '$scenario'" >&2; exit 2 ;; esac
if [ -z "$ref" ]; then ref="$(git -C "$here" rev-parse HEAD)"; fi
if [ -z "$workdir" ]; then workdir="$(mktemp -d "${TMPDIR:-/tmp}/fresh-machine-check.XXXXXX")"; else mkdir -p "$workdir"; fi

failures=()
summary=()
say() { echo "[fresh-check $(date -u +%H:%M:%S)] $*"; }
fail() { failures+=("$1"); say "FAILED: $1"; }
seconds_to_text() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
size_of() { if [ -e "$1" ]; then du -sh "$1" 2>/dev/null | cut -f1; else echo "-"; fi; }

# The logs stay; the clones and homes (GBs) go unless --keep.
cleanup() {
  if [ "$keep" = 1 ]; then say "kept: $workdir"; else rm -rf "$workdir"/*/repo "$workdir"/*/home; say "logs kept in $workdir/*/logs"; fi
}
trap cleanup EXIT

# Runs one command in the clone with the empty home and a minimal environment; logs to a file
# and echoes it; records wall time and exit code.
run_step() {
  local name="$1" clone="$2" home="$3" log="$4"; shift 4
  say "$name: $* (log: $log)"
  local started=$SECONDS
  (cd "$clone" && env -i \
      PATH="$PATH" HOME="$home" USER="${USER:-root}" LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}" \
      TMPDIR="${TMPDIR:-/tmp}" SHELL="${SHELL:-/bin/bash}" \
      "$@") 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local took=$((SECONDS - started))
  summary+=("$(printf '  %-34s exit %-3s %s' "$name" "$rc" "$(seconds_to_text "$took")")")
  say "$name: exit $rc after $(seconds_to_text "$took")"
  return $rc
}

check_test_line() {
  local name="$1" log="$2"
  local closing
  closing="$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$log" | tail -1)"
  summary+=("  $name closing line: ${closing:-<none>}")
  if ! [[ "$closing" =~ ^[0-9]+\ passed,\ 0\ failed,\ 0\ skipped$ ]]; then
    fail "$name did not end with 'N passed, 0 failed, 0 skipped' (got: '${closing:-nothing}')"
  fi
}

check_clean() {
  local name="$1" clone="$2"
  local dirty
  dirty="$(git -C "$clone" status --porcelain)"
  if [ -n "$dirty" ]; then
    fail "$name: git status --porcelain is not empty:"$'\n'"$dirty"
    summary+=("  $name: git status NOT clean")
  else
    summary+=("  $name: git status --porcelain empty")
  fi
}

# One scenario: its own clone and its own empty home.
scenario_run() {
  local label="$1"
  local clone="$workdir/$label/repo" home="$workdir/$label/home" logs="$workdir/$label/logs"
  mkdir -p "$home" "$logs"
  say "=== $label: clone of $repo at $ref into $clone, HOME=$home (empty)"
  git clone --quiet "$repo" "$clone" && git -C "$clone" checkout --quiet "$ref" || { fail "$label: clone/checkout of $ref"; return; }
  summary+=("$label ($(git -C "$clone" log -1 --format='%h %s' | cut -c1-70))")
  local started=$SECONDS
  run_step "$label: npm ci" "$clone" "$home" "$logs/npm-ci.log" npm ci || fail "$label: npm ci exited non-zero"
  if [ "$label" = demo-then-test ]; then
    run_step "$label: npm run demo" "$clone" "$home" "$logs/demo.log" npm run demo || fail "$label: npm run demo exited non-zero"
    local last
    last="$(grep -E 'behaved as intended' "$logs/demo.log" | tail -1)"
    summary+=("  demo closing line: ${last:-<none>}")
    [[ "$last" == Everything\ behaved\ as\ intended* ]] || fail "$label: the demo did not end 'Everything behaved as intended'"
  fi
  run_step "$label: npm test" "$clone" "$home" "$logs/npm-test.log" npm test || fail "$label: npm test exited non-zero"
  check_test_line "$label: npm test" "$logs/npm-test.log"
  check_clean "$label" "$clone"
  summary+=("  total wall time $(seconds_to_text $((SECONDS - started)))")
  summary+=("  disk: ~/.cache/n8n-nodes-user-invitations $(size_of "$home/.cache/n8n-nodes-user-invitations"), ~/.npm $(size_of "$home/.npm"), home in all $(size_of "$home"), clone (with node_modules) $(size_of "$clone")")
  if [ -d "$home/.cache/n8n-nodes-user-invitations" ]; then
    local part
    for part in "$home"/.cache/n8n-nodes-user-invitations/*/; do
      summary+=("        $(basename "$part") $(size_of "$part")")
    done
  fi
  if [ -f "$logs/npm-ci.log" ]; then
    local warnings
    warnings="$(grep -c 'npm warn' "$logs/npm-ci.log" || true)"
    summary+=("  npm ci printed $warnings 'npm warn' lines$(grep -q EBADENGINE "$logs/npm-ci.log" && echo ' (EBADENGINE among them)')")
  fi
}

say "work folder: $workdir"
say "node $(node --version), npm $(npm --version), $(nproc) cores"
total_started=$SECONDS
case "$scenario" in
  demo-then-test) scenario_run demo-then-test ;;
  test-only) scenario_run test-only ;;
  both) scenario_run demo-then-test; scenario_run test-only ;;
esac

echo
echo "=== fresh-machine check: $repo at $ref ($(seconds_to_text $((SECONDS - total_started))) in all)"
printf '%s\n' "${summary[@]}"
if [ ${#failures[@]} -eq 0 ]; then
  echo "fresh-machine check: PASSED"
  exit 0
fi
echo "fresh-machine check: FAILED: ${#failures[@]} problem(s)"
printf '  - %s\n' "${failures[@]}"
exit 1
