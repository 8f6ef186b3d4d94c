"""A finished Document to reproducible DOCX bytes: core properties and fixed zip dates.

Everything that would otherwise change from run to run comes from the build
context: the created and modified dates are the build date at midnight UTC, and
every zip entry carries that same date, so one input always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone

from docx.document import Document

from mdime_publish.model.document import BuildContext, Report
from mdime_publish.model.properties import properties

LANGUAGE = "en-US"


def set_properties(document: Document, report: Report, ctx: BuildContext) -> None:
    props = document.core_properties
    stamp = build_datetime(ctx)
    for name, text in properties(report).items():
        setattr(props, name, text)
    props.language = LANGUAGE
    props.content_status = report.status.capitalize()
    props.version = ctx.revision
    props.last_modified_by = "mdime-publish"
    props.revision = 1
    props.created = props.modified = stamp
    props.last_printed = stamp


def build_datetime(ctx: BuildContext) -> datetime:
    return datetime.combine(date.fromisoformat(ctx.build_date[:10]), datetime.min.time(), timezone.utc)


def reproducible_bytes(document: Document, ctx: BuildContext) -> bytes:
    """The saved package, re-zipped in the same order with every entry dated `ctx.build_date`."""
    saved = io.BytesIO()
    document.save(saved)
    stamp = build_datetime(ctx).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, stamp), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()
