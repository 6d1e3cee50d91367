"""Run the benchmarks in bench/ one after another and print a summary (`make bench`).

Each benchmark is a script run as its own process, so one that breaks does not stop the
others. A benchmark exits 0 when it meets its target (or has none), 1 when it misses it, and
anything else when it broke; it may print one `RESULT: <name> PASS|FAIL|INFO <summary>`
line (bench/common.py's `result_line`), which the summary repeats.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = ["lesson_page", "publishing", "quiz_load", "certificates", "reports", "pathological_markdown"]


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks in bench/ and print a summary.")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run just this one (repeatable)")
    args = parser.parse_args()
    summary = []
    for name in args.only or BENCHMARKS:
        script = BENCH / f"{name}.py"
        if not script.exists():
            summary.append((name, "absent", "", "no bench/" + script.name + " yet"))
            continue
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        summary.append(_run(name, script))
    print("\n=== summary " + "=" * 53)
    width = max(len(name) for name, *_ in summary)
    for name, status, seconds, result in summary:
        print(f"  {name:<{width}}  {status:<8} {seconds:>7}  {result}")
    return 0 if all(status in ("PASS", "INFO", "absent") for _n, status, _s, _r in summary) else 1


def _run(name: str, script: Path) -> tuple[str, str, str, str]:
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603  (our own interpreter and scripts)
        [sys.executable, str(script)],
        cwd=BENCH.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    result = ""
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith(f"RESULT: {name} "):
            result = line.removeprefix(f"RESULT: {name} ").strip()
    code = process.wait()
    seconds = f"{time.perf_counter() - started:.0f} s"
    status, _space, detail = result.partition(" ")
    if code not in (0, 1):
        return name, "ERROR", seconds, f"exit status {code}" + (f"; {result}" if result else "")
    if status not in ("PASS", "FAIL", "INFO"):
        detail = result
    if status not in ("PASS", "FAIL", "INFO") or code == 1:
        status = "PASS" if code == 0 else "FAIL"
    return name, status, seconds, detail


if __name__ == "__main__":
    sys.exit(main())
