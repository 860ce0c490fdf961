"""The /healthz route: 200 with the store's state when it answers, 503 when it does not."""
from __future__ import annotations

from flask import Flask, jsonify

from data.errors import StoreError
from data.store import store_state
from services import village_seed
from services.context import AppContext


def register(server: Flask, ctx: AppContext) -> None:
    @server.route("/healthz")
    def healthz():
        try:
            state = store_state(ctx.engine)
        except StoreError as exc:
            return jsonify({"status": "unavailable", "store": {"error": str(exc)}}), 503
        ok = state["schema"]
        villages = village_seed.state(ctx.engine, ctx.config.auto_seed and ctx.config.villages) if ok else None
        return jsonify({"status": "ok" if ok else "unavailable", "store": state, "villages": villages}), \
            200 if ok else 503
