#!/usr/bin/env bash
# Runs aws-amicleaner (PyPI) from its own virtual environment, never the system's site-packages.
#
#   deploy/bench/amicleaner.sh --install-only     # create the environment (once)
#   deploy/bench/amicleaner.sh ARGS...            # run amicleaner ARGS...
#
# The environment lives in $KILN_AMICLEANER_VENV (default: a directory under $TMPDIR). amicleaner 0.2.2 (2018)
# calls boto3.client('ec2') with no endpoint, so it reaches moto through AWS_ENDPOINT_URL, which current boto3
# honours; no shim is needed.
set -euo pipefail
venv="${KILN_AMICLEANER_VENV:-${TMPDIR:-/tmp}/kiln-bench-amicleaner}"
if [[ ! -x "$venv/bin/amicleaner" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'aws-amicleaner==0.2.2'
fi
if [[ "${1:-}" == "--install-only" ]]; then
    exit 0
fi
exec "$venv/bin/amicleaner" "$@"
