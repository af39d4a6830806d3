#!/usr/bin/env bash
# Tools for the site benchmark: wrk (load), Redis (the production cache),
# Chromium and Lighthouse (Performance of the page types).
source "$(dirname "$0")/../../../scripts/lib.sh"
command -v wrk >/dev/null || apt_install wrk
command -v redis-server >/dev/null || apt_install redis-server
bash "$(dirname "$0")/../../../scripts/services/chromium.sh" start >/dev/null
