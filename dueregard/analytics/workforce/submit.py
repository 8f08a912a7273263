"""``spark-submit`` entry point: ``spark-submit [options] <path of this file> analyse …``.

spark-submit runs a Python *file* as ``__main__``, so the command line is reached by an
absolute import (dueregard must be installed where the driver runs). The session
spark-submit created — its master, driver memory and addresses — is the one used
(:func:`dueregard.analytics.workforce.spark.spark_backend`). ``--engine spark`` is added
when not given. See docs/deploying.md.
"""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    from dueregard.analytics.cli import main

    if argv[:1] == ["analyse"] and not any(a.startswith("--engine") for a in argv):
        argv = [*argv, "--engine", "spark"]
    return main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
