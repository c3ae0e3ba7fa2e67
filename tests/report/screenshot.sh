#!/usr/bin/env bash
# Regenerates docs/report-dallas-5050.png: the default scenario's report (1,000 replications) rendered by headless
# Chromium (Debian's `chromium`; installed with apt-get when absent). Run from anywhere; writes out/dallas-5050/.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v chromium >/dev/null || apt-get install -y -o DPkg::Lock::Timeout=900 chromium \
  || { apt-get update && apt-get install -y -o DPkg::Lock::Timeout=900 chromium; }
dotnet build src/Simulation.Cli -c Release
dotnet src/Simulation.Cli/bin/Release/net10.0/schoolsim.dll run scenarios/dallas-5050.yaml --out out/dallas-5050 --force --quiet --report
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --user-data-dir="$profile" --hide-scrollbars --window-size=1280,2200 \
  --screenshot="$PWD/docs/report-dallas-5050.png" "file://$PWD/out/dallas-5050/report.html"
