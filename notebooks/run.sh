#!/usr/bin/env bash
# Executes the notebooks headless against the outputs of a run (CI calls this after the demo).
#
#   OSTSHARE_OUTPUTS        reports/summer/<year> folder written by 'ostshare analyse' (required)
#   OSTSHARE_STATE_OUTPUTS  reports/state/<year> folder written by 'ostshare aggregate' (optional:
#                           without it the state notebook is skipped)
#   OSTSHARE_SUBMISSIONS    district submission folders, separated by ':' (optional)
#   NOTEBOOK_OUTPUT_DIR     where executed copies go (default notebooks/executed)
#
# Needs Debian's jupyter-nbconvert, python3-ipykernel, python3-pandas, python3-matplotlib.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${OSTSHARE_OUTPUTS:?set OSTSHARE_OUTPUTS to a reports/summer/<year> folder}"
export OSTSHARE_OUTPUTS="$(realpath "$OSTSHARE_OUTPUTS")"
out="${NOTEBOOK_OUTPUT_DIR:-$here/executed}"
mkdir -p "$out"
run() {
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$out" "$here/$1"
}
run researcher.ipynb
if [[ -n "${OSTSHARE_STATE_OUTPUTS:-}" ]]; then
  export OSTSHARE_STATE_OUTPUTS="$(realpath "$OSTSHARE_STATE_OUTPUTS")"
  if [[ -n "${OSTSHARE_SUBMISSIONS:-}" ]]; then
    abs=()
    IFS=':' read -ra dirs <<< "$OSTSHARE_SUBMISSIONS"
    for d in "${dirs[@]}"; do abs+=("$(realpath "$d")"); done
    OSTSHARE_SUBMISSIONS="$(IFS=':'; echo "${abs[*]}")"
    export OSTSHARE_SUBMISSIONS
  fi
  run state-analyst.ipynb
else
  echo "OSTSHARE_STATE_OUTPUTS not set: state-analyst.ipynb skipped"
fi
echo "Executed notebooks in $out"
