from celery import shared_task

from accounts.emails import send_invitation_email
from accounts.models import User


@shared_task(time_limit=60, soft_time_limit=50)
def send_invitation(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    send_invitation_email(user)
