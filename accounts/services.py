from accounts.models import User
from config.tasks import enqueue


def user_invite(*, user: User) -> bool:
    """Send `user` a password-set link, unless they already have an active account.

    Returns False for a user who has set a password already: they log in or reset it.
    """
    if user.has_usable_password() and user.last_login is not None:
        return False
    from accounts.tasks import send_invitation

    enqueue(send_invitation, user.pk, run_here_if_broker_down=True)
    return True
