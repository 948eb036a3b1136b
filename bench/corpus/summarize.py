#!/usr/bin/env python3
"""Summarise envdrift JSON reports of the corpus into one Markdown table row per tree.

usage: summarize.py OUT_DIR NAME:RC:SECONDS [NAME:RC:SECONDS ...]
Keys that a given envdrift build does not emit (unresolved, escapes, coverage) print as '-'.
"""
import json
import os
import sys

KINDS = ["undocumented", "unread", "default_mismatch", "dynamic"]


def cov_text(cov):
    """Render the coverage object compactly whatever its exact shape."""
    if cov is None:
        return "-"
    totals = {}

    def add(d):
        for k, v in d.items():
            if isinstance(v, bool):
                continue
            if isinstance(v, (int, float)):
                totals[k] = totals.get(k, 0) + v
            elif isinstance(v, list) and k in ("escapes",):
                totals[k] = totals.get(k, 0) + len(v)

    if isinstance(cov, dict):
        scalars = {k: v for k, v in cov.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        if scalars:
            add(cov)
        else:  # per-service dict of dicts, or {"services": [...]}
            for v in cov.values():
                if isinstance(v, dict):
                    add(v)
                elif isinstance(v, list):
                    for e in v:
                        if isinstance(e, dict):
                            add(e)
    elif isinstance(cov, list):
        for e in cov:
            if isinstance(e, dict):
                add(e)
    if not totals:
        return json.dumps(cov, separators=(",", ":"))[:60]
    short = {"candidates": "cand", "candidate_sites": "cand", "resolved": "res", "dynamic": "dyn",
             "unresolved": "unres", "escapes": "esc"}
    return " ".join(f"{short.get(k, k)}={int(v) if float(v).is_integer() else round(v, 2)}"
                    for k, v in totals.items())


def row(out_dir, name, rc, secs):
    path = os.path.join(out_dir, name + ".json")
    cells = [name, rc]
    try:
        with open(path, encoding="utf-8") as f:
            rep = json.load(f)
    except Exception as e:  # no JSON (crash, usage error)
        err = ""
        ep = os.path.join(out_dir, name + ".stderr")
        if os.path.exists(ep):
            with open(ep, encoding="utf-8", errors="replace") as f:
                err = f.read().strip().splitlines()[:1]
                err = err[0][:80] if err else ""
        return "| " + " | ".join(cells + ["-"] * 13 + [secs]) + f" |  <!-- no JSON: {type(e).__name__} {err} -->"
    s = rep.get("summary", {})
    reads = rep.get("reads", [])
    findings = rep.get("findings", [])
    by_kind = {}
    for fd in findings:
        by_kind[fd.get("kind")] = by_kind.get(fd.get("kind"), 0) + 1
    dyn_reads = sum(1 for r in reads if r.get("kind") == "dynamic")
    cells += [str(s.get("files_scanned", "-")), str(s.get("reads", len(reads))),
              str(s.get("variables_read", "-")), str(s.get("documented", "-")), str(dyn_reads)]
    cells += [str(by_kind.get(k, 0)) for k in KINDS]
    # keys added by later builds
    if "unresolved" in s or any(k == "unresolved" for k in by_kind) or "unresolved" in rep:
        cells.append(str(by_kind.get("unresolved", s.get("unresolved", 0))))
    else:
        cells.append("-")
    esc = rep.get("escapes", s.get("escapes"))
    if isinstance(esc, list):
        cells.append(str(len(esc)))
    elif esc is None:
        cells.append("-")
    else:
        cells.append(str(esc))
    cells.append(cov_text(rep.get("coverage")))
    other = {k: v for k, v in by_kind.items() if k not in KINDS + ["unresolved"]}
    cells.append(" ".join(f"{k}={v}" for k, v in sorted(other.items())) or "-")
    cells.append(secs)
    return "| " + " | ".join(cells) + " |"


def main():
    out_dir = sys.argv[1]
    hdr = ["tree", "rc", "files", "reads", "vars read", "documented", "dyn reads", "undocumented",
           "unread", "default_mismatch", "dynamic", "unresolved", "escapes", "coverage", "other", "wall s"]
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for spec in sys.argv[2:]:
        name, rc, secs = spec.rsplit(":", 2)
        print(row(out_dir, name, rc, secs))


if __name__ == "__main__":
    main()
