#!/usr/bin/env bash
# bench/org.sh --scale: a first and an unchanged --state run over N=2000 folders and file:// URLs; see bench/org.sh.
exec "$(dirname "${BASH_SOURCE[0]}")/org.sh" --scale "$@"
