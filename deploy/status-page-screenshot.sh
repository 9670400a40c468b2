#!/usr/bin/env bash
# Regenerates docs/status-page.png, the README's picture of the status page: runs the headless-Chromium test
# (a daemon bakes two layered images against moto and writes its status commits to a real repository; Chromium
# loads the page and takes a 1280x900 screenshot into .build/artifacts/), then copies the screenshot.
# Needs what deploy/setup.sh installs (chromium included).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
swift build --build-tests
swift test --skip-build --filter 'StatusPageTests/headlessChromiumRendersThePage'
mkdir -p docs
cp .build/artifacts/status-page.png docs/status-page.png
echo "wrote docs/status-page.png"
