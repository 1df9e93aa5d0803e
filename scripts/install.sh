#!/usr/bin/env bash
# Everything the demo and the tests need on a fresh machine: system packages
# (Java and Maven for the local broker, Chromium for the dashboard tests, kcat for
# the tests that read and write topics with it), a virtualenv in .venv with the
# project and its dev tools.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need_apt+=(maven)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v kcat >/dev/null || need_apt+=(kcat)
if ((${#need_apt[@]})); then
    if [[ $(id -u) == 0 ]]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "install.sh: please install ${need_apt[*]} (apt-get, as root)" >&2
    fi
fi

python=${PYTHON:-python3.11}
[[ -x .venv/bin/python ]] || "$python" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[dev,transformer]"
