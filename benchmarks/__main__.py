"""`python -m benchmarks`: every benchmark in turn (analysis, negotiation, sweep, explore, web app, drawing);
minutes, not seconds."""

import subprocess
import sys

for name in ("bench_analysis", "bench_negotiation", "bench_sweep", "bench_explore", "bench_app", "bench_drawing"):
    print(f"\n=== benchmarks.{name} ===", flush=True)
    code = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"]).returncode
    if code:
        sys.exit(code)
