#!/usr/bin/env bash
# Runs aws-amicleaner (PyPI) from its own virtual environment, never the system's site-packages.
#
#   deploy/bench/amicleaner.sh --install-only     # create the environment (once)
#   deploy/bench/amicleaner.sh ARGS...            # run amicleaner ARGS...
#
# The environment lives in $KILN_AMICLEANER_VENV (default: a directory under $TMPDIR). amicleaner 0.2.2 (the
# latest release) calls boto3.client('ec2') with no endpoint, so it reaches moto through AWS_ENDPOINT_URL, which
# the current boto3 it gets installed with honours. It runs unmodified unless KILN_AMICLEANER_SHIM=1, which loads
# amicleaner_shim/sitecustomize.py: a fix for amicleaner's own crash on a launch-template group at zero capacity
# (documented there; it replaces one function and changes no decision of any run that did not crash).
set -euo pipefail
venv="${KILN_AMICLEANER_VENV:-${TMPDIR:-/tmp}/kiln-bench-amicleaner}"
if [[ ! -x "$venv/bin/amicleaner" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'aws-amicleaner==0.2.2'
fi
if [[ "${1:-}" == "--install-only" ]]; then
    exit 0
fi
if [[ "${KILN_AMICLEANER_SHIM:-0}" == "1" ]]; then
    shim="$(cd "$(dirname "$0")" && pwd)/amicleaner_shim"
    export PYTHONPATH="$shim${PYTHONPATH:+:$PYTHONPATH}"
fi
exec "$venv/bin/amicleaner" "$@"
