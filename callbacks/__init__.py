"""Callbacks: one module per page, each with `register(app, ctx)` (and `page(ctx)` for its layout). Thin."""
