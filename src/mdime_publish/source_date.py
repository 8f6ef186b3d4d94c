"""SOURCE_DATE_EPOCH, checked: the build date of a reproducible build, or None.

The variable (https://reproducible-builds.org/specs/source-date-epoch/) holds whole
seconds since 1970-01-01 UTC. Its date is written into the DOCX zip entries, which
hold 1980-01-01 to 2107-12-31 (MS-DOS dates), and into PDF dates (four-digit years),
so a value outside that range, or anything but digits, is refused up front instead
of failing inside a writer.
"""

from __future__ import annotations

import datetime as dt
import os

VARIABLE = "SOURCE_DATE_EPOCH"
EARLIEST = 315_532_800  # 1980-01-01T00:00:00Z, the first date a ZIP entry holds
LATEST = 4_354_819_199  # 2107-12-31T23:59:59Z, the last


def source_date_epoch() -> int | None:
    """The variable's value (None when unset or empty); ValueError saying why it is refused."""
    raw = os.environ.get(VARIABLE, "")
    if not raw:
        return None
    value = raw.strip()
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"{VARIABLE}={raw!r} is not a whole number of seconds since 1970 (UTC); "
                         f"expected digits only, e.g. {VARIABLE}=1717200000")
    seconds = int(value)
    if not EARLIEST <= seconds <= LATEST:
        raise ValueError(f"{VARIABLE}={value} is out of range: expected {EARLIEST} (1980-01-01) to "
                         f"{LATEST} (2107-12-31), the dates a DOCX (ZIP) and a PDF can hold")
    return seconds


def source_date() -> str | None:
    """The variable's date as YYYY-MM-DD, or None when it is unset."""
    seconds = source_date_epoch()
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date().isoformat()
