"""Dasbor Satu Data: app factory, configuration, query layer, i18n and access. No page layout code here."""
from __future__ import annotations


def create_app(*args, **kwargs):
    """Build the Dash app (see dashboard.app.create_app); imported lazily so `data` stays importable alone."""
    from dashboard.app import create_app as _create_app  # noqa: PLC0415

    return _create_app(*args, **kwargs)
