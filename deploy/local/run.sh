#!/usr/bin/env bash
# Runs Kiln end to end on this machine, with nothing but this repository (and what deploy/setup.sh installs):
#
#   1. builds `kiln` and `kiln-testbed`;
#   2. starts moto_server behind Kiln's fault proxy (kiln-testbed: it answers what moto lacks) and a
#      `git daemon` with push enabled, both on loopback and free ports;
#   3. creates a repository seeded from manifests/ and seeds moto with what the manifests' rollouts expect;
#   4. starts a notification receiver (receiver.py, signed webhooks) and runs `kiln daemon` against them,
#      polling every few seconds, until the first versions are baked;
#   5. merges a version bump of attendance-api the way a pull request does (a branch and `git merge --no-ff`,
#      pushed), and shows the bake, the launch-template update, the status commit and the notifications;
#   6. a source update: merges a bump of base-al2023 (attendance-api's `source.image`); once it is baked, the
#      daemon proposes attendance-api's next patch version (`autoUpdate`) on kiln/update/attendance-api, whose
#      commit and diff it prints.
#
# It exits when the bump has converged (or after KILN_LOCAL_TIMEOUT seconds, default 600) and stops every
# process it started, by PID. Logs stay in the printed work directory unless KILN_LOCAL_CLEAN=1.
#
# While it runs, the daemon's status page is at the printed URL; KILN_LOCAL_HOLD=1 keeps everything running
# after the bump until Ctrl-C, to look at it.
#
# Environment: KILN_BIN_DIR (use prebuilt kiln and kiln-testbed from there instead of building),
# KILN_LOCAL_TIMEOUT, KILN_LOCAL_CLEAN, KILN_LOCAL_HOLD.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
timeout=${KILN_LOCAL_TIMEOUT:-600}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-local.XXXXXX")
pids=()

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Stops what this script started, newest first, by the PIDs it recorded: SIGTERM, then SIGKILL after 15s.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local index pid
    for ((index = ${#pids[@]} - 1; index >= 0; index--)); do
        pid=${pids[index]}
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    exec 9>&- 2>/dev/null || true
    if [ "${KILN_LOCAL_CLEAN:-0}" = 1 ]; then rm -rf "$work"; else echo "logs: $work" >&2; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (bounded) until a command succeeds.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq $((seconds * 5))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "run.sh: timed out waiting for $what" >&2
    return 1
}

for tool in git python3 moto_server; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing: run deploy/setup.sh" >&2; exit 1; }
done
python3 -c 'import boto3' 2>/dev/null || { echo "run.sh: python3 lacks boto3: run deploy/setup.sh" >&2; exit 1; }

# MARK: 1. Build
if [ -n "${KILN_BIN_DIR:-}" ]; then
    bin=$KILN_BIN_DIR
else
    say "building kiln and kiln-testbed"
    (cd "$root" && swift build --product kiln && swift build --product kiln-testbed)
    bin=$(cd "$root" && swift build --show-bin-path)
fi

# MARK: 2. AWS (moto behind the proxy) and git
say "starting moto_server behind the fault proxy, and git daemon"
# The testbed also stops when this script's end of the pipe closes, even if the script is killed.
mkfifo "$work/testbed.stdin"
exec 9<>"$work/testbed.stdin"
"$bin/kiln-testbed" --env-file "$work/testbed.env" <"$work/testbed.stdin" >"$work/testbed.log" 2>&1 &
pids+=($!)
wait_for 90 "kiln-testbed" test -s "$work/testbed.env"
# shellcheck source=/dev/null
. "$work/testbed.env"
echo "AWS endpoint: $KILN_TESTBED_ENDPOINT (moto pid $KILN_TESTBED_MOTO_PID)"

mkdir -p "$work/git"
git init --quiet --bare --initial-branch=main "$work/git/images.git"
git_port=$(free_port)
git daemon --reuseaddr --listen=127.0.0.1 --port="$git_port" --base-path="$work/git" --export-all \
    --enable=receive-pack --informative-errors "$work/git" 9>&- >"$work/git-daemon.log" 2>&1 &
pids+=($!)
remote="git://127.0.0.1:$git_port/images.git"
wait_for 20 "git daemon" git ls-remote "$remote"
echo "git remote: $remote"

# MARK: 3. Seed the repository and AWS
say "seeding the repository from manifests/ and AWS with the rollout targets"
checkout="$work/checkout"
git clone --quiet "$remote" "$checkout" 2>/dev/null
git -C "$checkout" config user.name "Operator"
git -C "$checkout" config user.email "operator@example.com"
git -C "$checkout" symbolic-ref HEAD refs/heads/main
cp -R "$root/manifests" "$checkout/manifests"
git -C "$checkout" add manifests
git -C "$checkout" commit --quiet -m "Add the image manifests"
git -C "$checkout" push --quiet origin main
python3 "$here/seed.py" seed "$KILN_TESTBED_MOTO_ENDPOINT"

# MARK: 4. A notification receiver and kiln daemon
say "starting a notification receiver"
receiver_port=$(free_port)
(umask 077 && python3 -c 'import secrets; print(secrets.token_hex(16))' >"$work/notify-secret")
: >"$work/notifications.jsonl"
python3 "$here/receiver.py" "$receiver_port" "$work/notify-secret" "$work/notifications.jsonl" 9>&- \
    >"$work/receiver.log" 2>&1 &
pids+=($!)
echo "receiver: http://127.0.0.1:$receiver_port/kiln (log $work/receiver.log)"

say "starting kiln daemon"
http_port=$(free_port)
cat >"$work/kiln.yaml" <<EOF
repository:
  url: $remote
  branch: main
git:
  authorName: Kiln
  authorEmail: kiln@localhost
owner: kiln-local
poll: {interval: 4s, jitter: 1s, resync: 1m, recheck: 2s, backoffInitial: 2s, backoffMax: 10s}
http:
  listen: 127.0.0.1:$http_port
cacheDir: $work/cache
log: {format: text, level: info}
# manifests/attendance-api.yaml shares its AMI with this account: sharing needs an explicit allow.
guardrails:
  distributeAccounts: ["210987654321"]
  instanceProfiles: [kiln-builder]
notify:
  webhooks:
    - url: http://127.0.0.1:$receiver_port/kiln
      secretFile: $work/notify-secret
EOF
# moto's credentials; empty AWS config files, so nothing of this machine's AWS set-up is used.
: >"$work/aws-config"
AWS_ENDPOINT_URL="$KILN_TESTBED_ENDPOINT" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
    AWS_REGION=us-east-1 AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-config" \
    AWS_EC2_METADATA_DISABLED=true \
    "$bin/kiln" daemon --config "$work/kiln.yaml" 9>&- >"$work/kiln.log" 2>&1 &
kiln_pid=$!
pids+=("$kiln_pid")
echo "kiln daemon pid $kiln_pid; log $work/kiln.log"
echo "status page: http://127.0.0.1:$http_port/ (JSON: http://127.0.0.1:$http_port/api/status)"

deadline=$((SECONDS + timeout))

# The image's state in the status file at the remote's tip ("" before the first status commit).
status_of() {
    git -C "$checkout" fetch --quiet origin main 2>/dev/null || return 0
    git -C "$checkout" show "origin/main:status/$1.yaml" 2>/dev/null \
        | python3 -c 'import sys, yaml; d = yaml.safe_load(sys.stdin) or {}; print(d.get("desiredVersion", ""), d.get("state", ""))' \
        2>/dev/null || true
}

# Follows the daemon's log while waiting until attendance-api's status says version $1 is Ready.
follow_until_ready() {
    local version=$1 shown=0 lines
    while :; do
        lines=$(wc -l <"$work/kiln.log")
        if [ "$lines" -gt "$shown" ]; then
            # Each action once (with its outcome), each status commit, and anything that went wrong.
            sed -n "$((shown + 1)),${lines}p" "$work/kiln.log" \
                | grep -E 'outcome=|status pushed|warning|error|critical' | sed 's/^/  kiln | /' || true
            shown=$lines
        fi
        if [ "$(status_of attendance-api)" = "$version Ready" ]; then return 0; fi
        kill -0 "$kiln_pid" 2>/dev/null || { echo "run.sh: kiln daemon exited" >&2; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { echo "run.sh: not converged in ${timeout}s" >&2; return 1; }
        sleep 2
    done
}

current=$(sed -n 's/^  version: *//p' "$root/manifests/attendance-api.yaml" | head -n 1)
say "waiting for the first bake: base-al2023, then attendance-api $current"
follow_until_ready "$current"

# MARK: 5. A pull request bumps attendance-api
next_patch() { python3 -c 'import sys; a = sys.argv[1].split("."); a[2] = str(int(a[2]) + 1); print(".".join(a))' "$1"; }

# Merges branch $1 (a commit "$2" made by the sed expression $3 on manifests/$4.yaml) as a pull request does.
merge_bump() {
    local branch=$1 message=$2 expression=$3 image=$4 attempt
    git -C "$checkout" pull --quiet --no-rebase origin main
    git -C "$checkout" checkout --quiet -b "$branch"
    sed -i "$expression" "$checkout/manifests/$image.yaml"
    git -C "$checkout" commit --quiet -am "$message"
    git -C "$checkout" checkout --quiet main
    for attempt in 1 2 3 4 5; do
        git -C "$checkout" pull --quiet --no-rebase origin main
        git -C "$checkout" merge --quiet --no-ff -m "Merge pull request: $message" "$branch"
        if git -C "$checkout" push --quiet origin main 2>/dev/null; then break; fi
        [ "$attempt" -lt 5 ] || { echo "run.sh: cannot push the merge" >&2; exit 1; }
        git -C "$checkout" reset --quiet --hard "HEAD^1"
    done
    git -C "$checkout" log --oneline -1
}

next=$(next_patch "$current")
say "merging a pull request: attendance-api $current -> $next"
merge_bump "bump-attendance-api-$next" "attendance-api $next" \
    "s/^  version: $current\$/  version: $next/; s/release=v$current\$/release=v$next/" attendance-api

say "waiting for Kiln to bake and roll out attendance-api $next"
follow_until_ready "$next"
wait_for 60 "the launch template" python3 "$here/seed.py" check "$KILN_TESTBED_MOTO_ENDPOINT" "$next"

# MARK: What happened
say "AWS: the launch templates and Kiln's AMIs"
python3 "$here/seed.py" show "$KILN_TESTBED_MOTO_ENDPOINT"

say "git: the history (Kiln's status commits on top of the merged pull request)"
git -C "$checkout" fetch --quiet origin main
git -C "$checkout" log --oneline --decorate -8 origin/main
echo
git -C "$checkout" log -1 --format='%an <%ae>%n%B' origin/main

say "git: status/README.md"
git -C "$checkout" show origin/main:status/README.md

say "notifications received (signed webhook bodies, one per occurrence)"
notified() { grep '"event": "rollout.done"' "$work/notifications.jsonl" | grep -q "\"version\": \"$1\""; }
wait_for 30 "the rollout notification of $next" notified "$next"
sed 's/^/  receiver | /' "$work/receiver.log"

say "converged: attendance-api $next is baked and rolled out"

# MARK: 6. A source update arrives as a branch
base_current=$(sed -n 's/^  version: *//p' "$root/manifests/base-al2023.yaml" | head -n 1)
base_next=$(next_patch "$base_current")
proposed=$(next_patch "$next")
say "a source update: base-al2023 $base_current -> $base_next; Kiln proposes attendance-api $proposed"
merge_bump "bump-base-al2023-$base_next" "base-al2023 $base_next" \
    "s/^  version: $base_current\$/  version: $base_next/" base-al2023
update_branch=kiln/update/attendance-api
proposed_on_remote() { git -C "$checkout" ls-remote --exit-code origin "refs/heads/$update_branch"; }
wait_for $((deadline - SECONDS > 0 ? deadline - SECONDS : 1)) "$update_branch" proposed_on_remote
git -C "$checkout" fetch --quiet origin "+refs/heads/$update_branch:refs/remotes/origin/$update_branch"
say "git: $update_branch (one commit on main's tip, only the version line changed)"
git -C "$checkout" log -1 --format='%h %an <%ae>%n%B' "origin/$update_branch"
git -C "$checkout" diff "origin/$update_branch^" "origin/$update_branch"
grep 'update branch pushed' "$work/kiln.log" | sed 's/^/  kiln | /' || true
if [ "${KILN_LOCAL_HOLD:-0}" = 1 ]; then
    echo "status page: http://127.0.0.1:$http_port/ (KILN_LOCAL_HOLD=1: press Ctrl-C to stop)"
    wait "$kiln_pid" || true
fi
