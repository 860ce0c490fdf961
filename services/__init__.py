"""What the pages stand on: queries, cache, access, forecasts, targets, uploads and page data.

Imports data/, models/ and i18n/ only; never Dash, layouts/ or callbacks/."""
