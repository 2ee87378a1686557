"""``python -m bench [--size province|nation|all] [--repeat N] [--import-repeat N] [--no-fail]``"""

from __future__ import annotations

import argparse
import sys

from . import harness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Generate the reference data sets in a throwaway database and time operations against budgets.",
    )
    parser.add_argument("--size", choices=[*harness.SIZES, "all"], default="all")
    parser.add_argument("--repeat", type=int, default=20, help="samples per operation (default 20)")
    parser.add_argument(
        "--import-repeat",
        type=int,
        default=3,
        help="samples of the nation-wide import, which takes seconds each (default 3)",
    )
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if a budget is exceeded")
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="PostgreSQL: keep the test database (test_<name>) after the run, e.g. for EXPLAIN",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure the database a --keep-db run left (SQLite: the bench file) without generating; one --size",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=harness.SECTIONS,
        help="measure only these sections (repeatable); default: all",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.import_repeat < 1:
        parser.error("--repeat and --import-repeat must be at least 1")

    harness.configure_environment()
    import django

    django.setup()

    sizes = list(harness.SIZES) if args.size == "all" else [args.size]
    if args.reuse_db and args.size == "all":
        parser.error("--reuse-db needs --size province or --size nation (the size the kept database holds)")
    rows, report = harness.run(
        sizes,
        repeat=args.repeat,
        import_repeat=args.import_repeat,
        keep_db=args.keep_db,
        reuse_db=args.reuse_db,
        only=set(args.only) if args.only else None,
    )
    path = harness.write_report(report)

    print()
    for step in report["setup"]:
        details = ", ".join(
            f"{k} {v:,}"
            for k, v in step.items()
            if k not in {"size", "step", "seconds", "phases"} and isinstance(v, int)
        )
        phases = step.get("phases")
        timing = f"{step['seconds']:.2f} s" + (
            " (" + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items() if k != "total") + ")" if phases else ""
        )
        note = f"; {step['note']}" if step.get("note") else ""
        print(f"setup  {step['size']:<8} {step['step']:<18} {timing}{'; ' + details if details else ''}{note}")
    print()
    print(harness.format_table(rows))
    for row in rows:
        if row.error:
            print(f"\n{row.operation}: {row.error}")
    extras = [
        f"  {r.operation} [{r.size}]: cpu median {r.cpu_median:,.1f} ms (baseline {r.baseline_cpu_median:,.2f} ms)"
        + (f"; {r.extra}" if r.extra else "")
        for r in rows
        if r.cpu_median is not None and r.baseline_cpu_median is not None
    ]
    if extras:
        print("\ndetails:\n" + "\n".join(extras))
    env = report["environment"]
    print(
        f"\nresults: {path.relative_to(harness.ROOT)}  (database: {env['database']} {env['database_version']}; "
        f"load average start {env['load_average_start']}, end {env['load_average_end']}; {env['cpus']} CPUs)"
    )

    failed = [r for r in rows if r.verdict != "OK"]
    if failed and not args.no_fail:
        print(f"{len(failed)} operation(s) over budget or failing.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
