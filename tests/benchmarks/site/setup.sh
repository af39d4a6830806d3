#!/usr/bin/env bash
# Tools for the site benchmark: wrk (load), Redis (the production cache).
source "$(dirname "$0")/../../../scripts/lib.sh"
command -v wrk >/dev/null || apt_install wrk
command -v redis-server >/dev/null || apt_install redis-server
