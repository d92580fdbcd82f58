"""``python -m sim.app [SCENARIO] [--host H] [--port P]``: serve the what-if dashboard.

SCENARIO is a configs/scenario name or a YAML path (default ukraine_2025). The scenario is checked before the
server starts: a bad file prints one message and exits with status 2. The server binds 127.0.0.1 unless
told otherwise, so the page is not reachable from other machines by accident.
"""

from __future__ import annotations

import argparse
import os
import sys


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m sim.app", description="What-if dashboard for a negotiation "
                                "scenario: move weights, reservation values, red lines and the agenda; see the "
                                "zone, the verdicts and the negotiation change.")
    p.add_argument("scenario", nargs="?", default="ukraine_2025",
                   help="a configs/scenario name or a scenario YAML path (default: ukraine_2025)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    from ..scenario import ScenarioError, load_scenario

    try:
        load_scenario(args.scenario)
    except (ScenarioError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    try:
        from solara.__main__ import main as solara_main
    except ModuleNotFoundError:
        print('error: the web app needs its extra: pip install -e ".[app]" (or make app)', file=sys.stderr)
        sys.exit(2)
    from .page import SCENARIO_ENV

    os.environ[SCENARIO_ENV] = str(args.scenario)
    # a local tool: no usage reports and no version check leave the machine
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    print(f"What-if dashboard for {args.scenario}: open http://{args.host}:{args.port}/ (Ctrl-C stops it)")
    sys.argv = ["solara", "run", "sim.app.page:Page", "--host", args.host, "--port", str(args.port),
                "--production", "--no-open", "--no-check-version", "--log-level", "warning"]
    solara_main()


if __name__ == "__main__":
    main()
