"""Background work of the admin actions, through django-tasks (the backend that
Wagtail 8 uses; set ``TASKS`` to a worker backend so sends leave the request)."""

from __future__ import annotations

from django_tasks import task

from .models import NewsletterSend
from .sending import NewsletterSender, SendError


@task()
def send_newsletter_task(send_id: int) -> dict[str, int | str]:
    send = NewsletterSend.objects.select_related("issue").get(pk=send_id)
    try:
        progress = NewsletterSender(send).run()
    except SendError as exc:
        # Recorded on the send (state and last error) for the admin to show.
        return {"error": str(exc)}
    return {"sent": progress.sent, "failed": progress.failed}
