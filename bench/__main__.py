"""Run every benchmark that exists, one after another."""

import importlib
import pkgutil

import bench


def main() -> None:
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            importlib.import_module(f"bench.{info.name}").main()


if __name__ == "__main__":  # Dask's worker processes import this module again: they must not run the benchmarks
    main()
