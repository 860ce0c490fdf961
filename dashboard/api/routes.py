"""The REST API `/api/v1/`: indicators, regions, observations (JSON or CSV, paginated), batches, OpenAPI.

Callers without a role see only tier `publik`; regions are always under their Kemendagri code. Bad parameters give
a 400 with a bilingual message, unknown or hidden indicators a 404; a store failure a 503, never a traceback.
"""
from __future__ import annotations

import math
import re

from flask import Blueprint, Response, jsonify, request

from dashboard.api.limits import DEFAULT_LIMIT, LEVELS, MAX_LIMIT, MAX_OFFSET, PERIOD_PATTERN
from dashboard.api.openapi import spec
from dashboard.api.queries import ObservationFilter, batch_page, observation_page
from data.errors import NoDataError, StoreError
from data.ingest.regions import code_key
from services import queries
from services.auth import current_access
from services.export import safe_csv

INDICATOR_FIELDS = ("code", "name_id", "name_en", "short_id", "short_en", "unit", "decimals", "higher_is_better",
                    "definition_id", "definition_en", "producer", "custodian", "frequency", "sdg_target", "theme",
                    "tier", "min_value", "max_value", "source", "licence")


class BadRequest(Exception):
    def __init__(self, text_id: str, text_en: str, status: int = 400):
        super().__init__(text_en)
        self.payload = {"error": {"id": text_id, "en": text_en}}
        self.status = status


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def records(frame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def paging() -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise BadRequest("limit dan offset harus bilangan bulat", "limit and offset must be integers") from None
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_OFFSET:
        raise BadRequest(f"limit harus 1–{MAX_LIMIT} dan offset 0–{MAX_OFFSET}",
                         f"limit must be 1–{MAX_LIMIT} and offset 0–{MAX_OFFSET}")
    return limit, offset


def next_url(limit: int, offset: int, has_more: bool) -> str | None:
    if not has_more:
        return None
    args = request.args.to_dict()
    args.update(limit=str(limit), offset=str(offset + limit))
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"{request.base_url}?{query}"


def period_arg(name: str) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not re.fullmatch(PERIOD_PATTERN, raw):
        raise BadRequest(f"{name}: {raw!r} bukan periode (2024, 2024-03 atau 2024-Q1)",
                         f"{name}: {raw!r} is not a period (2024, 2024-03 or 2024-Q1)")
    return raw


def level_arg() -> str | None:
    level = request.args.get("level")
    if level is not None and level not in LEVELS:
        raise BadRequest(f"level harus salah satu dari {', '.join(LEVELS)}", f"level must be one of {', '.join(LEVELS)}")
    return level


def observation_filter(ctx, access) -> ObservationFilter:
    level = level_arg()
    indicator = request.args.get("indicator") or None
    if indicator:
        try:
            queries.indicator(ctx.engine, indicator, access)
        except NoDataError:
            raise BadRequest(f"indikator {indicator!r} tidak ada", f"no indicator {indicator!r}", 404) from None
    region = request.args.get("region")
    parent = request.args.get("parent")
    return ObservationFilter(indicator=indicator, region=code_key(region) if region else None, level=level,
                             parent=code_key(parent) if parent else None, period=period_arg("period"),
                             period_from=period_arg("from"), period_to=period_arg("to"))


def make_blueprint(ctx) -> Blueprint:
    api = Blueprint("api_v1", __name__, url_prefix="/api/v1")

    @api.errorhandler(BadRequest)
    def bad_request(err: BadRequest):
        return jsonify(err.payload), err.status

    @api.errorhandler(StoreError)
    def store_error(err: StoreError):
        return jsonify({"error": {"id": "basis data tidak dapat dihubungi", "en": "the store cannot be reached"}}), 503

    @api.get("/openapi.json")
    def openapi():
        return jsonify(spec(request.host_url.rstrip("/")))

    @api.get("/indicators")
    def indicators():
        frame = queries.indicators(ctx.engine, current_access())
        data = records(frame[[c for c in INDICATOR_FIELDS if c in frame.columns]])
        return jsonify({"data": data, "next": None})

    @api.get("/regions")
    def regions():
        level = level_arg()
        parent = request.args.get("parent")
        limit, offset = paging()  # all 83,762 villages would be one 8 MB answer
        frame = queries.regions(ctx.engine, level=level, parent=code_key(parent) if parent else None,
                                access=current_access())
        page = frame.iloc[offset:offset + limit + 1]
        data = [{"code": r["code"], "name": r["name"], "level": r["level"], "parent": r["parent_code"]}
                for r in records(page.head(limit))]
        return jsonify({"data": data, "next": next_url(limit, offset, len(page) > limit)})

    @api.get("/observations")
    def observations():
        access = current_access()
        fmt = request.args.get("format", "json")
        if fmt not in ("json", "csv"):
            raise BadRequest("format harus json atau csv", "format must be json or csv")
        limit, offset = paging()
        frame = observation_page(ctx.engine, observation_filter(ctx, access), access, limit, offset)
        has_more = len(frame) > limit
        frame = frame.head(limit)
        link = next_url(limit, offset, has_more)
        if fmt == "csv":
            flags = frame["comparable"].map({True: "true", False: "false"})  # as in JSON, not Python's True
            response = Response(safe_csv(frame.assign(comparable=flags)), mimetype="text/csv")
            response.headers["Content-Disposition"] = "attachment; filename=observations.csv"
            if link:
                response.headers["Link"] = f'<{link}>; rel="next"'
            return response
        return jsonify({"data": records(frame), "next": link})

    @api.get("/batches")
    def batches():
        access = current_access()
        limit, offset = paging()
        frame = batch_page(ctx.engine, access, limit, offset)
        has_more = len(frame) > limit
        return jsonify({"data": records(frame.head(limit)), "next": next_url(limit, offset, has_more)})

    return api


def register(server, ctx) -> None:
    # Keys in the order the API documents them (indicator, region, period, value, status), not sorted.
    server.json.sort_keys = False
    server.register_blueprint(make_blueprint(ctx))
