"""The notification kinds of the privacy app (see notifications.kinds).

Registered at start-up in every process: privacy.admin imports this module, and Django's
admin imports every app's admin module when it is ready (privacy.removal imports it too).
"""

from django.utils.translation import gettext

from notifications.kinds import Kind, kind_of, register

REMOVAL_REQUEST_DECLINED = "removal_request_declined"

if kind_of(REMOVAL_REQUEST_DECLINED) is None:
    register(
        Kind(
            REMOVAL_REQUEST_DECLINED,
            lambda params: gettext("Your request to remove your family's data was declined: read why"),
        )
    )
