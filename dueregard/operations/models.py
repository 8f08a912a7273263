from django.db import models


class ScheduledJob(models.Model):
    """One row per periodic job: the last time slot it was started for.

    A scheduler starts a job by moving ``last_slot`` forward with a conditional UPDATE, so
    however many schedulers run, each slot of each job starts once.
    """

    name = models.CharField(max_length=100, unique=True)
    last_slot = models.BigIntegerField(default=-1)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
