"""What the user sees when something unexpected fails: a friendly alert, never a stack trace."""
from __future__ import annotations

import logging

from dash import html, set_props

from i18n import t
from layouts.shell import ids
from services.access import AccessDenied

log = logging.getLogger("dashboard")


def report_error(err: Exception) -> None:
    """Dash `on_error` handler: log the traceback, show a bilingual alert, update no outputs."""
    if isinstance(err, AccessDenied):  # a caller asking for data above their rights: refuse, clearly
        log.info("refused: %s", err)
        set_props(ids.ERROR, {"is_open": True, "color": "warning", "children": [
            html.Strong(f"{t('security.forbidden.title', 'id')} / {t('security.forbidden.title', 'en')}. "),
            html.Span(f"{t('security.forbidden.data', 'id')} / {t('security.forbidden.data', 'en')}")]})
        return
    log.exception("callback failed", exc_info=err)
    set_props(ids.ERROR, {
        "is_open": True, "color": "danger",
        "children": [html.Strong(f"{t('error.title', 'id')} / {t('error.title', 'en')}. "),
                     html.Span(f"{t('error.body', 'id')} / {t('error.body', 'en')}")],
    })
