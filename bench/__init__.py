"""Benchmarks: ``python -m bench`` (``make bench``) runs every registered section.

A section is a module with a ``run() -> list[dict]`` function. Each dict is one row of
the single printed table; its keys are column names (``benchmark``, ``measure``, one
column per implementation timed, ``target``, ``status``, ``results``…) and the table
shows the union of the columns in order of first appearance. A row holding only a
``note`` key is printed as a note under the table. ``status`` is ``PASS``, ``FAIL`` or
``n/a``; ``python -m bench`` exits non-zero if any row fails.

To add a section (workforce, matching…), write ``bench/<name>.py`` with ``run()`` and add
``"bench.<name>"`` to :data:`SECTIONS`. ``python -m bench stats`` runs only the named
sections.
"""

#: Registered benchmark sections, run in this order.
SECTIONS: list[str] = [
    "bench.stats",
    "bench.matching",
    "bench.events",
    # Issue 16: the same bookings through gunicorn, production settings and the pool.
    "bench.production",
    "bench.workforce",
    # Issue 23: the EDS report importer is linear in the text (1×, 10×, 100× the seed).
    "bench.eds_import",
    # Issue 24: the EDS outcome page's server time (form components rendered once).
    "bench.eds_outcome",
    # Issue 24: `dueregard analyse all` on 20,000 staff from a cold start (fresh process).
    "bench.cold_start",
    # Issue 24: 50 signed-in people browse the main pages via gunicorn on PostgreSQL.
    "bench.load",
]
