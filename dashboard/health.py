"""The /healthz route: 200 with the store's state when it answers, 503 when it does not."""
from __future__ import annotations

from flask import Flask, jsonify

from dashboard.context import AppContext
from data.errors import StoreError
from data.store import store_state


def register(server: Flask, ctx: AppContext) -> None:
    @server.route("/healthz")
    def healthz():
        try:
            state = store_state(ctx.engine)
        except StoreError as exc:
            return jsonify({"status": "unavailable", "store": {"error": str(exc)}}), 503
        ok = state["schema"]
        return jsonify({"status": "ok" if ok else "unavailable", "store": state}), 200 if ok else 503
