"""Languages spoken in the families of Dutch childcare centres.

ISO 639 codes; names go through gettext so that both UI languages show them.
"""

from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("nl", _("Dutch")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("en", _("English")),
    ("ber", _("Tamazight (Berber)")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
    ("de", _("German")),
    ("bg", _("Bulgarian")),
    ("ro", _("Romanian")),
    ("fa", _("Persian (Farsi/Dari)")),
    ("ku", _("Kurdish")),
    ("zh", _("Chinese")),
    ("hi", _("Hindi")),
    ("pap", _("Papiamento")),
    ("srn", _("Sranan Tongo")),
    ("fy", _("Frisian")),
    ("other", _("Other")),
]

RTL_LANGUAGES = {"ar", "fa", "ku"}
