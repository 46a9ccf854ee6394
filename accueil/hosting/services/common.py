"""What every write of the hosting app shares: the refusal of a forbidden action and the default periods."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accueil.core.errors import Refused

from ..errors import HostingError

NOTICE_DAYS = 14
NEAR_KM = 8.0


def forbidden() -> Refused:
    return Refused(HostingError.FORBIDDEN, _("You are not allowed to do this."), status=403)
