"""Background tasks (django-tasks): imports and analyses.

With the default immediate backend they run at once; with ``django_tasks_db``'s database
backend (``TASKS_BACKEND``) a worker (``manage.py db_worker``) runs them and the progress
pages follow their status.
"""

from django_tasks import task


@task()
def import_dataset(dataset_id: int) -> str:
    from .datasets import run_import

    return run_import(dataset_id)


@task()
def run_analysis(analysis_id: int) -> str:
    from .analyses import compute

    return compute(analysis_id)


@task()
def check_dataset(dataset_id: int) -> str:
    from .datasets import run_check

    return run_check(dataset_id)
