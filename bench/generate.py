"""Create N couples with M weeks of history: `python -m bench.generate --couples 5000 --weeks 52`.

Then rebuilds every weekly trend row (the dashboards read them), and refreshes the planner's
statistics. Prints how long each step took. Both steps run in one process per core
(`--processes`): each chunk of couples and each rebuild batch is a transaction of its own.
"""

import argparse
import os
import sys
import time

import bench._django  # noqa: F401  (configures Django before any model import)
from bench import datagen
from bench.trend_rebuild import rebuild_all_in_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--couples", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--fresh", action="store_true", help="first remove every person (benchmark databases only)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="processes writing chunks of couples side by side (default: one per core)",
    )
    args = parser.parse_args()
    if args.fresh:
        datagen.empty_data_tables()
    started = time.perf_counter()
    generated = datagen.generate(
        couples=args.couples,
        weeks=args.weeks,
        seed=args.seed,
        password=os.environ["BENCH_PASSWORD"],
        progress=lambda done: print(f"  {done} couples", file=sys.stderr, flush=True),
        processes=args.processes,
    )
    written = time.perf_counter() - started
    print(
        f"generated couples={generated.couples} people={generated.people} "
        f"rounds={generated.rounds} answers={generated.answers} seconds={written:.1f}"
    )
    datagen.analyze()
    started = time.perf_counter()
    rows = rebuild_all_in_process(processes=args.processes)
    print(f"weekly trends rows={rows} seconds={time.perf_counter() - started:.1f}")
    datagen.analyze()


if __name__ == "__main__":
    main()
