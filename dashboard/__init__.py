"""Dasbor Satu Data: app factory, configuration, query layer, i18n and access. No page layout code here."""
from __future__ import annotations


def create_app(*args, **kwargs):
    """Build the Dash app (see dashboard.app.create_app); imported lazily so `data` stays importable alone."""
    # here, not on top: `python -m dashboard` (the CLI) must not build Dash and every page on start
    from dashboard.app import create_app as _create_app

    return _create_app(*args, **kwargs)
