"""Admin page: users and roles, indicator tiers. Every callback checks the admin permission itself."""
from __future__ import annotations

import dash
from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from i18n import fmt_date, normalise_lang, t
from layouts import admin
from layouts.admin import ids
from layouts.common import error_block, forbidden, notice
from services import audit, metadata, queries, users
from services.access import ASSIGNABLE_ROLES, Access
from services.auth import client_ip, current_access
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.options import indicator_options, region_options


def user_rows(ctx: AppContext, lang: str) -> list[dict]:
    names = {o["value"]: o["search"] for o in region_options(ctx, lang)}
    return [{"username": u.username, "role": t(f"role.{u.role}", lang), "role_code": u.role,
             "agency": u.agency or "", "region": names.get(u.region_scope, t("admin.all_regions", lang))
             if u.region_scope else t("admin.all_regions", lang), "region_code": u.region_scope,
             "active": t("admin.yes" if u.active else "admin.no", lang),
             "last_login": fmt_date(u.last_login_at, lang, with_time=True) if u.last_login_at else "–"}
            for u in users.list_users(ctx.engine)]


def add_user(ctx: AppContext, access: Access, lang: str, name, role, agency, region, password):
    """Create a user as `access`; returns (message component, rows or None)."""
    if not access.can("admin"):
        return forbidden(lang, access.signed_in), None
    try:
        account = users.add_user(ctx.engine, (name or "").strip(), password or "", role or "", agency, region)
    except users.UserError as exc:
        return notice(t("admin.invalid", lang, reason=str(exc)), "danger"), None
    audit.record(ctx.engine, "user_add", actor=access.user, target=account.username,
                 detail={"role": account.role, "agency": account.agency, "region": account.region_scope}, ip=client_ip())
    return notice(t("admin.added", lang, user=account.username), "success"), user_rows(ctx, lang)


def change_user(ctx: AppContext, access: Access, lang: str, name, role, region, active):
    if not access.can("admin"):
        return forbidden(lang, access.signed_in), None
    if not name:
        return notice(t("admin.pick_user", lang)), None
    if name == access.user and (role not in (None, "admin") or active is False):
        return notice(t("admin.self_demote", lang), "danger"), None
    try:
        before = users.get_user(ctx.engine, name)
        after = users.update_user(ctx.engine, name, role=role or None, region_scope=region or "",
                                  active=bool(active))
    except users.UserError as exc:
        return notice(t("admin.invalid", lang, reason=str(exc)), "danger"), None
    audit.record(ctx.engine, "user_change", actor=access.user, target=name, ip=client_ip(), detail={
        "role": [before.role, after.role], "region": [before.region_scope, after.region_scope],
        "active": [before.active, after.active]})
    return notice(t("admin.saved", lang, user=name), "success"), user_rows(ctx, lang)


def change_tier(ctx: AppContext, access: Access, lang: str, code, tier):
    if not access.can("admin"):
        return forbidden(lang, access.signed_in)
    if not code or not tier:
        return notice(t("admin.pick_indicator", lang))
    try:
        metadata.set_tier(ctx.engine, code, tier, actor=access.user, ip=client_ip())
    except (ValueError, NoDataError) as exc:
        return notice(t("admin.invalid", lang, reason=str(exc)), "danger")
    return notice(t("admin.tier_saved", lang, code=code, tier=t(f"tier.{tier}", lang)), "success")


def page(ctx: AppContext):
    def layout(lang: str | None = None, **_query):
        lang = normalise_lang(lang or ctx.config.default_lang)
        access = current_access()
        try:
            return admin.layout(user_rows(ctx, lang), lang, region_options(ctx, lang, access, ("province", "regency")),
                                indicator_options(ctx, lang, access), ASSIGNABLE_ROLES)
        except StoreError:
            return error_block(lang)

    return layout


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(ids.MESSAGE, "children", allow_duplicate=True), Output(ids.USERS, "rowData", allow_duplicate=True),
                  Input(ids.ADD, "n_clicks"), State(ids.NEW_NAME, "value"), State(ids.NEW_ROLE, "value"),
                  State(ids.NEW_AGENCY, "value"), State(ids.NEW_REGION, "value"), State(ids.NEW_PASSWORD, "value"),
                  State(ids.LANG, "data"), prevent_initial_call=True)
    def on_add(n, name, role, agency, region, password, lang):
        if not n:
            raise PreventUpdate
        message, rows = add_user(ctx, current_access(), normalise_lang(lang), name, role, agency, region, password)
        return message, rows if rows is not None else _no_update()

    @app.callback(Output(ids.EDIT_ROLE, "value"), Output(ids.EDIT_REGION, "value"), Output(ids.EDIT_ACTIVE, "value"),
                  Input(ids.USERS, "selectedRows"), prevent_initial_call=True)
    def on_select(selected):
        if not selected or not current_access().can("admin"):
            raise PreventUpdate
        row = selected[0]
        return row.get("role_code"), row.get("region_code"), row.get("active") in ("ya", "yes")

    @app.callback(Output(ids.MESSAGE, "children", allow_duplicate=True), Output(ids.USERS, "rowData", allow_duplicate=True),
                  Input(ids.SAVE, "n_clicks"), State(ids.USERS, "selectedRows"), State(ids.EDIT_ROLE, "value"),
                  State(ids.EDIT_REGION, "value"), State(ids.EDIT_ACTIVE, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def on_save(n, selected, role, region, active, lang):
        if not n:
            raise PreventUpdate
        name = selected[0].get("username") if selected else None
        message, rows = change_user(ctx, current_access(), normalise_lang(lang), name, role, region, active)
        return message, rows if rows is not None else _no_update()

    @app.callback(Output(ids.MESSAGE, "children", allow_duplicate=True), Input(ids.TIER_SAVE, "n_clicks"),
                  State(ids.TIER_INDICATOR, "value"), State(ids.TIER_VALUE, "value"), State(ids.LANG, "data"),
                  prevent_initial_call=True)
    def on_tier(n, code, tier, lang):
        if not n:
            raise PreventUpdate
        return change_tier(ctx, current_access(), normalise_lang(lang), code, tier)

    @app.callback(Output(ids.TIER_VALUE, "value"), Input(ids.TIER_INDICATOR, "value"), prevent_initial_call=True)
    def on_tier_pick(code):
        access = current_access()
        if not code or not access.can("admin"):
            raise PreventUpdate

        try:
            return queries.indicator(ctx.engine, code, access)["tier"]
        except NoDataError:
            raise PreventUpdate from None


def _no_update():
    return dash.no_update
