#!/usr/bin/env bash
# The run half of action.yml: `envdrift ARGS --format FORMAT --output REPORT` in the working
# directory, the report shown where GitHub shows it (annotations for `github`, the job summary for
# `markdown`), the exit code and report path as outputs, and the step failing when envdrift does.
#
# envdrift writes no report when it stops before scanning (exit 2: a usage or configuration
# error). A job posting the report would then fail on a missing file and hide the real message, so
# this script writes an error report in the requested format instead, holding envdrift's stderr.
#
# Inputs (environment): INPUT_ARGS (split on whitespace), INPUT_FORMAT, INPUT_WORKING_DIRECTORY,
# REPORT_DIR (default $RUNNER_TEMP/envdrift).
set -uo pipefail

format=${INPUT_FORMAT:-github}
case "$format" in
  text|github) ext=txt ;; json) ext=json ;; markdown) ext=md ;; sarif) ext=sarif ;;
  rdjsonl) ext=jsonl ;; html) ext=html ;;
  *) echo "::error title=envdrift::unknown format '$format' (text, github, json, markdown, sarif, rdjsonl, html)"
     echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"; exit 2 ;;
esac
report_dir=${REPORT_DIR:-${RUNNER_TEMP:-/tmp}/envdrift}
mkdir -p "$report_dir"
report=$report_dir/report.$ext
stderr=$report_dir/stderr.txt
rm -f "$report" "$stderr"

cd "${INPUT_WORKING_DIRECTORY:-.}" || { echo "::error title=envdrift::no directory ${INPUT_WORKING_DIRECTORY}"; exit 2; }
read -r -a args <<< "${INPUT_ARGS:-check}"
[ ${#args[@]} -gt 0 ] || args=(check)
echo "envdrift ${args[*]} --format $format --output $report"
envdrift "${args[@]}" --format "$format" --output "$report" 2> "$stderr"
code=$?
cat "$stderr" >&2

# JSON string body: backslash, quote, control characters.
json_escape() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
  printf '%s' "$s" | tr -d '\000-\010\013\014\016-\037'
}
html_escape() { local s=$1; s=${s//&/&amp;}; s=${s//</&lt;}; s=${s//>/&gt;}; printf '%s' "$s"; }

if [ "$code" -ge 2 ] && [ ! -s "$report" ]; then
  message=$(cat "$stderr")
  [ -n "$message" ] || message="envdrift exited with $code and printed nothing"
  summary="envdrift could not run (exit $code): $(head -n 1 <<< "$message")"
  case "$format" in
    markdown)
      { echo "<!-- envdrift-report -->"
        echo "### envdrift: ⚠️ could not run (exit $code)"
        echo
        echo '```'
        echo "$message"
        echo '```'
        echo
        echo "Exit 2 is a usage or configuration error, 3 an incomplete scan; no finding was judged."
      } > "$report" ;;
    sarif)
      printf '{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"envdrift"}},"invocations":[{"executionSuccessful":false,"exitCode":%d,"toolExecutionNotifications":[{"level":"error","message":{"text":"%s"}}]}],"results":[]}]}\n' \
        "$code" "$(json_escape "$message")" > "$report" ;;
    json)
      printf '{"error":{"exit_code":%d,"message":"%s"}}\n' "$code" "$(json_escape "$message")" > "$report" ;;
    rdjsonl)
      printf '{"source":{"name":"envdrift"},"severity":"ERROR","message":"%s"}\n' "$(json_escape "$summary")" > "$report" ;;
    html)
      printf '<!doctype html><meta charset="utf-8"><title>envdrift: could not run</title><h1>envdrift could not run (exit %d)</h1><pre>%s</pre>\n' \
        "$code" "$(html_escape "$message")" > "$report" ;;
    github)
      # %0A is a newline inside a workflow command's message.
      printf '::error title=envdrift (exit %d)::%s\n' "$code" "$(sed ':a;N;$!ba;s/%/%25/g;s/\r/%0D/g;s/\n/%0A/g' <<< "$message")" > "$report" ;;
    *) echo "$summary" > "$report" ;;
  esac
fi

if [ -s "$report" ]; then
  case "$format" in
    text|github) cat "$report" ;;   # github: the ::error/::warning lines become annotations
    markdown) [ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$report" >> "$GITHUB_STEP_SUMMARY" ;;
  esac
  report_out=$report
else
  report_out=
fi
{ echo "exit-code=$code"; echo "report=$report_out"; } >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
