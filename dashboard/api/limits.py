"""What the API's parameters accept: one place for the routes that check them and the OpenAPI description."""
from __future__ import annotations

from data import schema

DEFAULT_LIMIT = 1000
MAX_LIMIT = 100000  # one indicator complete in one CSV (the CKAN export links to it)
MAX_OFFSET = 2**31 - 1  # far beyond any table here, and inside every store's integer range
LEVELS = schema.LEVELS  # country, province, regency, district (kecamatan), village (desa/kelurahan)
#: A period as the store keeps it; the API takes exactly this form.
PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"
