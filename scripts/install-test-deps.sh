#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: system packages
# (ncurses, SQLite headers, tmux for the end-to-end tests, PostgreSQL for the team store)
# and the Python tools
# (pytest, boto3, moto) from PyPI. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(tmux libncurses-dev libsqlite3-dev procps postgresql postgresql-client)
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "installing Debian packages: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

python3 -m pip install --disable-pip-version-check -q -r integration/requirements.txt
