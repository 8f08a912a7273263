"""Background tasks (django-tasks): webhook deliveries."""

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from .webhooks import deliver

    return deliver(delivery_id)
