"""The errors a page may meet from the layer below, and the problems they carry: callbacks import them from here,
never from data/ (pages stand on services; the store's own module is data.errors).

    StoreError                 the store could not be read or written (driver errors are wrapped)
    ├── NoDataError            a query matched nothing
    ├── Busy                   a store-wide lock stayed held by another writer
    └── ValidationError        input was refused; ``problems`` lists every problem found
    FileRefused                an uploaded file cannot be read as a table; ``problems`` says why
    AccessDenied               (services.access) the caller may not do this
"""
from __future__ import annotations

from data.errors import Busy, NoDataError, Note, Problem, StoreError, ValidationError
from data.ingest.files import FileRefused
from services.access import AccessDenied

__all__ = ["AccessDenied", "Busy", "FileRefused", "NoDataError", "Note", "Problem", "StoreError", "ValidationError"]
