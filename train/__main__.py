"""`make train`: features and labels of the development pages, then the shipped weights (fixed seeds).

python -m train [--all] [--compare] [--check] [--workers 2]: --all fits on every site (none held out), --compare
also prints the learner comparison on the held-out sites before fitting, --check writes nothing and exits 1 when
a shipped weights file is not what the fit gives.
"""

import argparse

from train import build, compare, fit

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--all", action="store_true")
ap.add_argument("--compare", action="store_true")
ap.add_argument("--check", action="store_true")
ap.add_argument("--workers", type=int, default=2)
a = ap.parse_args()


def _prepare(form: str) -> None:
    build.build(form, a.workers)
    if a.compare:
        compare.run(form, compare.ALL.split(","))


fit.checked(build.FORMS, a.all, a.check, _prepare)
