"""Saved scenarios on /skenario: save (asking before an overwrite), list, compare, delete, export the proposed
target table. The path is always recomputed on the server from the inputs, never taken from the browser.
Plain functions below are tested without Dash; callbacks stay thin."""
from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, no_update
from dash import ctx as dash_ctx
from dash.exceptions import PreventUpdate

from i18n import chart_unit, fmt_date, fmt_number, normalise_lang, parse_number, t
from layouts.common import error_block, notice
from layouts.skenario import ids
from layouts.skenario_saved import compare_figure, saved_ids
from services import queries, saved_scenarios, scenario
from services.access import Access
from services.audit import record_export
from services.context import AppContext
from services.errors import NoDataError, StoreError
from services.saved_scenarios import SavedScenario, ScenarioExists, ScenarioRefused
from services.scenario_annex import AnnexRow, annex_xlsx
from services.targets import request_access

i = saved_ids


def _int(value) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def target_of(value, lang: str) -> float | None:
    """The typed target read in the page's language (`3,2` in Indonesian); None when empty or unreadable (the
    page says so next to the field)."""
    try:
        return parse_number(value, lang)
    except ValueError:
        return None


def current(ctx: AppContext, state: dict, base_year, end_year, target, method: str, access: Access) -> dict:
    """The scenario on screen, recomputed: simulate's result plus the chosen method's path (possibly empty)."""
    data = scenario.simulate(ctx.engine, state["indicator"], state["region"], _int(base_year),
                             _int(end_year) or scenario.END_YEAR, target_of(target, state.get("lang")), access)
    return {**data, "method": method, "points": scenario.path_for(data, method)}


def describe_saved(s: SavedScenario, meta: dict, lang: str) -> str:
    decimals = int(meta.get("decimals") if meta.get("decimals") is not None else 2)
    return t("skenario.saved.option", lang, name=s.name, target=fmt_number(s.target, decimals, lang), end=s.end_year,
             method=t(f"skenario.method.{s.method}", lang), by=s.saved_by, when=fmt_date(s.saved_at, lang, True))


def save_scenario(ctx: AppContext, state: dict, name, method: str, base_year, end_year, target, lang: str,
                  access: Access, overwrite: bool = False) -> tuple[object, str | None, dict | None, bool]:
    """(message, confirmation text or None, pending save or None, saved?). Never raises for expected problems."""
    pending = {"name": name, "method": method, "base_year": base_year, "end_year": end_year, "target": target}
    try:
        data = current(ctx, state, base_year, end_year, target, method, access)
        stored, replaced = saved_scenarios.save(
            ctx.engine, access, name=name, region=state["region"], indicator=state["indicator"],
            base_year=data["base_year"], baseline=data["baseline"], end_year=data["end_year"],
            target=data["target"] if data["target"] is not None else float("nan"), method=method,
            path=data["points"], overwrite=overwrite)
    except ScenarioExists as exc:
        meta = queries.indicator(ctx.engine, state["indicator"], access)
        old = exc.existing
        detail = t("skenario.saved.exists_detail", lang,
                   target=fmt_number(old.target, int(meta.get("decimals") or 2), lang), end=old.end_year,
                   method=t(f"skenario.method.{old.method}", lang), by=old.saved_by,
                   when=fmt_date(old.saved_at, lang, True))
        return None, f"{t(exc.key, lang, **exc.values)} {detail}", pending, False
    except ScenarioRefused as exc:
        return notice(t(exc.key, lang, **exc.values), "danger"), None, None, False
    except (ValueError, LookupError):  # impossible scenario or no data: nothing to save
        return notice(t("skenario.saved.no_path", lang), "danger"), None, None, False
    except NoDataError:
        return notice(t("skenario.saved.hidden", lang), "danger"), None, None, False
    key = "skenario.saved.replaced" if replaced else "skenario.saved.saved"
    return notice(t(key, lang, name=stored.name), "success"), None, None, True


def saved_options(ctx: AppContext, state: dict, lang: str, access: Access) -> list[dict]:
    found = saved_scenarios.list_saved(ctx.engine, access, state["region"], state["indicator"])
    if not found:
        return []
    meta = queries.indicator(ctx.engine, state["indicator"], access)
    return [{"label": describe_saved(s, meta, lang), "value": s.id} for s in found]


def compare(ctx: AppContext, state: dict, selected: list, lang: str, access: Access):
    chosen = saved_scenarios.get_many(ctx.engine, access, selected or [])
    chosen = [s for s in chosen if s.region == state["region"] and s.indicator == state["indicator"]]
    if not chosen:
        return None
    meta = queries.indicator(ctx.engine, state["indicator"], access)
    hist = scenario.history(ctx.engine, state["indicator"], state["region"], access)
    return compare_figure(list(hist.items()), [(s.name, s.path) for s in chosen], chart_unit(meta, lang),
                          int(meta.get("decimals") or 2), lang)


def annex_rows(ctx: AppContext, state: dict, selected: list, name, method: str, base_year, end_year, target,
               lang: str, access: Access) -> list[AnnexRow]:
    """The selected saved scenarios, else the scenario on screen (empty when it has no path)."""
    chosen = [s for s in saved_scenarios.get_many(ctx.engine, access, selected or [])
              if s.region == state["region"] and s.indicator == state["indicator"]]
    if chosen:
        return [AnnexRow(s.name, s.method, s.base_year, s.baseline, s.path) for s in chosen]
    data = current(ctx, state, base_year, end_year, target, method, access)
    label = " ".join(str(name or "").split()) or t("skenario.saved.current", lang)
    return [AnnexRow(label, method, data["base_year"], data["baseline"], data["points"])] if data["points"] else []


def annex_file(ctx: AppContext, state: dict, rows: list[AnnexRow], lang: str, access: Access) -> bytes:
    meta = queries.indicator(ctx.engine, state["indicator"], access)
    region_name = queries.region(ctx.engine, state["region"])["name"]
    return annex_xlsx(rows, meta, region_name, lang, by=access.user)


def delete_selected(ctx: AppContext, selected: list, lang: str, access: Access):
    names = []
    try:
        for scenario_id in selected or []:
            names.append(saved_scenarios.remove(ctx.engine, access, int(scenario_id)).name)
    except ScenarioRefused as exc:
        return notice(t(exc.key, lang), "danger")
    return notice(t("skenario.saved.deleted", lang, names=", ".join(names)), "success")


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(Output(i.MESSAGE, "children"), Output(i.CONFIRM, "hidden"), Output(i.CONFIRM_TEXT, "children"),
                  Output(i.PENDING, "data"), Output(i.REFRESH, "data"),
                  Input(i.SAVE, "n_clicks"), Input(i.OVERWRITE, "n_clicks"), Input(i.RENAME, "n_clicks"),
                  State(i.NAME, "value"), State(i.METHOD, "value"), State(ids.BASE_YEAR, "value"),
                  State(ids.END_YEAR, "value"), State(ids.TARGET, "value"), State(ids.STATE, "data"),
                  State(i.PENDING, "data"), State(i.REFRESH, "data"), prevent_initial_call=True)
    def save(_save, _overwrite, _rename, name, method, base_year, end_year, target, state, pending, refresh):
        if not state or not state.get("indicator"):
            raise PreventUpdate
        lang, trigger = normalise_lang(state.get("lang")), dash_ctx.triggered_id
        if trigger == i.RENAME:
            return notice(t("skenario.saved.rename_hint", lang), "info"), True, None, None, no_update
        if trigger == i.OVERWRITE:
            if not pending:
                raise PreventUpdate
            name, method = pending["name"], pending["method"]
            base_year, end_year, target = pending["base_year"], pending["end_year"], pending["target"]
        try:
            message, confirm, pending, saved = save_scenario(ctx, state, name, method or "linear", base_year,
                                                             end_year, target, lang, request_access(),
                                                             overwrite=trigger == i.OVERWRITE)
        except StoreError:
            return error_block(lang), True, None, None, no_update
        return message, confirm is None, confirm, pending, (refresh or 0) + 1 if saved else no_update

    @app.callback(Output(i.LIST, "options"), Output(i.LIST, "value"), Output(i.EMPTY, "hidden"),
                  Input(i.REFRESH, "data"), State(i.LIST, "value"), State(ids.STATE, "data"))
    def listing(_refresh, selected, state):
        if not state or not state.get("indicator"):
            raise PreventUpdate
        access = request_access()
        if not saved_scenarios.may_view(access):
            return [], [], True
        try:
            options = saved_options(ctx, state, normalise_lang(state.get("lang")), access)
        except (StoreError, NoDataError):
            return [], [], True
        kept = [v for v in (selected or []) if v in {o["value"] for o in options}]
        return options, kept, bool(options)

    @app.callback(Output(i.COMPARE, "figure"), Output(f"{i.COMPARE}-box", "hidden"), Input(i.LIST, "value"),
                  State(ids.STATE, "data"))
    def comparison(selected, state):
        if not state or not state.get("indicator"):
            raise PreventUpdate
        try:
            fig = compare(ctx, state, selected, normalise_lang(state.get("lang")), request_access())
        except (StoreError, NoDataError):
            fig = None
        return (fig, False) if fig is not None else (no_update, True)

    @app.callback(Output(i.DELETE_CONFIRM, "hidden"), Output(i.DELETE_TEXT, "children"),
                  Output(i.MESSAGE, "children", allow_duplicate=True),
                  Output(i.REFRESH, "data", allow_duplicate=True),
                  Input(i.DELETE, "n_clicks"), Input(i.DELETE_YES, "n_clicks"), Input(i.DELETE_NO, "n_clicks"),
                  State(i.LIST, "value"), State(i.LIST, "options"), State(ids.STATE, "data"),
                  State(i.REFRESH, "data"), prevent_initial_call=True)
    def delete(_ask, _yes, _no, selected, options, state, refresh):
        if not state:
            raise PreventUpdate
        lang, trigger = normalise_lang(state.get("lang")), dash_ctx.triggered_id
        if trigger == i.DELETE_NO or not selected:
            return True, None, no_update, no_update
        if trigger == i.DELETE:
            labels = [o["label"].split(":")[0] for o in options or [] if o["value"] in selected]
            return False, t("skenario.saved.delete_confirm", lang, names=", ".join(labels)), no_update, no_update
        try:
            message = delete_selected(ctx, selected, lang, request_access())
        except StoreError:
            message = error_block(lang)
        return True, None, message, (refresh or 0) + 1

    @app.callback(Output(i.XLSX, "data"), Input(i.XLSX_BUTTON, "n_clicks"), State(i.LIST, "value"),
                  State(i.NAME, "value"), State(i.METHOD, "value"), State(ids.BASE_YEAR, "value"),
                  State(ids.END_YEAR, "value"), State(ids.TARGET, "value"), State(ids.STATE, "data"),
                  prevent_initial_call=True)
    def export(n, selected, name, method, base_year, end_year, target, state):
        if not n or not state or not state.get("indicator"):
            raise PreventUpdate
        lang, access = normalise_lang(state.get("lang")), request_access()
        try:
            rows = annex_rows(ctx, state, selected, name, method or "linear", base_year, end_year, target, lang,
                              access)
            if not rows:
                raise PreventUpdate
            content = annex_file(ctx, state, rows, lang, access)
        except (ValueError, LookupError, StoreError, NoDataError):
            raise PreventUpdate from None
        record_export(ctx.engine, access, [state["indicator"]], "skenario-xlsx")
        return dcc.send_bytes(content, f"usulan-target-{state['indicator']}-{state['region']}.xlsx")



