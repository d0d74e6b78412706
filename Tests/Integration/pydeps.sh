#!/usr/bin/env bash
# Install the Python tools the tests need (idempotent; pip runs only for what is missing):
#   openapi-spec-validator  -> openapi-check.py (the served OpenAPI document is valid)
#   schemathesis 4.x        -> schemathesis.sh (the API conforms to its document)
set -euo pipefail
want=()
python3 -c 'import openapi_spec_validator' 2>/dev/null || want+=("openapi-spec-validator")
v=$(schemathesis --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+' | head -1 || true)
case "$v" in 4.*) ;; *) want+=("schemathesis>=4.3,<5");; esac
((${#want[@]})) || exit 0
echo "pydeps: installing ${want[*]}"
python3 -m pip install -q --disable-pip-version-check "${want[@]}"
python3 -c 'import openapi_spec_validator' && schemathesis --version >/dev/null || { echo "pydeps: FAILED" >&2; exit 1; }
echo "pydeps: ok"
