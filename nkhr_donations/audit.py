"""Who opened an output that shows full account or resident numbers.

Every such output (the CMS debit file, a statutory receipt, the Hometax data,
the annual receipts CSV) records a ``SensitiveAccess`` row and a log line
before the numbers are decrypted.
"""

from __future__ import annotations

import logging

from .models import SensitiveAccess

logger = logging.getLogger("nkhr_donations.audit")


def record_access(user, kind: str, detail: str = "") -> SensitiveAccess:
    username = user.get_username() if user is not None else "(command line)"
    logger.info("%s opened %s %s", username, kind, detail)
    return SensitiveAccess.objects.create(
        username=username[:150], kind=kind, detail=detail[:255]
    )
