#!/usr/bin/env bash
# Installs what Kiln needs to build and test on Debian/Ubuntu, skipping whatever is present:
#   libgit2-dev + pkg-config  (the git layer links libgit2)
#   libyaml-dev               (manifests are decoded from libyaml's event stream)
#   ShellCheck                (optional `kiln validate --shellcheck`)
#   openssh-client, gpgv      (signed-commit verification; gnupg makes the tests' keys)
#   moto[server]              (the tests run Kiln against moto_server on loopback)
#   parliament                (the tests lint the generated IAM policies)
#   systemd                   (systemd-analyze: the tests score the unit's hardening offline)
#   chromium                  (headless: the status page test loads the page and takes a screenshot)
# Safe to run repeatedly. Needs root or sudo for apt-get.
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_debs=()
pkg-config --exists libgit2 2>/dev/null || missing_debs+=(libgit2-dev)
pkg-config --exists yaml-0.1 2>/dev/null || missing_debs+=(libyaml-dev)
command -v pkg-config >/dev/null 2>&1 || missing_debs+=(pkg-config)
command -v git >/dev/null 2>&1 || missing_debs+=(git)
command -v shellcheck >/dev/null 2>&1 || missing_debs+=(shellcheck)
command -v systemd-analyze >/dev/null 2>&1 || missing_debs+=(systemd)
# Signed-commit verification: ssh-keygen (openssh-client) and gpgv; the tests also make keys with gpg.
command -v ssh-keygen >/dev/null 2>&1 || missing_debs+=(openssh-client)
command -v gpgv >/dev/null 2>&1 || missing_debs+=(gpgv)
command -v gpg >/dev/null 2>&1 || missing_debs+=(gnupg)
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
if [ ${#missing_debs[@]} -gt 0 ]; then
    echo "setup: installing ${missing_debs[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto.server, flask_cors' 2>/dev/null; then
    echo "setup: installing moto[server]" >&2
    python3 -m pip install --quiet --disable-pip-version-check 'moto[server]>=5,<6'
fi

if ! command -v parliament >/dev/null 2>&1; then
    echo "setup: installing parliament" >&2
    python3 -m pip install --quiet --disable-pip-version-check 'parliament>=1.6,<2'
fi
