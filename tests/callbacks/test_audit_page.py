"""The audit page reads as words: action labels in the page language and details as "key: value", not JSON."""
from callbacks.audit import audit_rows
from i18n import t
from layouts import audit as audit_layout
from services import audit
from services.access import access_for
from services.audit import ACTIONS
from services.config import Config
from services.context import AppContext


def test_rows_name_the_action_in_the_page_language_and_spell_out_the_detail(engine):
    ctx = AppContext(engine=engine, config=Config(database_url=str(engine.url), auto_seed=False), cache=None)
    audit.record(engine, "target_change", actor="wida", target="p0 32 2025 RKPD",
                 detail={"op": "edit", "old": {"low": 5.85}, "new": {"low": 5.5}, "note": None})
    audit.record(engine, "login_failed", actor="budi", success=False, detail="wrong password")
    walidata = access_for("walidata", "wida")
    rows_id, rows_en = audit_rows(ctx, walidata, "id"), audit_rows(ctx, walidata, "en")
    assert [r["action"] for r in rows_id] == ["Gagal masuk", "Perubahan target"]
    assert [r["action"] for r in rows_en] == ["Failed sign-in", "Target changed"]
    assert rows_id[1]["detail"] == 'op: edit · old: {"low": 5.85} · new: {"low": 5.5}'
    assert rows_id[0]["detail"] == "wrong password" and rows_id[0]["success"] == t("admin.no", "id")


def test_every_audited_action_has_a_label_in_both_languages():
    for action in ACTIONS:
        for lang in ("id", "en"):
            assert audit_layout.action_label(action, lang) != action, (action, lang)
    assert audit_layout.action_label("something_new", "id") == "something_new"
    options = audit_layout.layout([], "en", ACTIONS).children[2].children.options
    assert {o["label"] for o in options} >= {"Sign-in", "Data import", "Import rolled back"}


def _find(node, component_id):
    """The component with `component_id` in a layout tree, or None."""
    if getattr(node, "id", None) == component_id:
        return node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        if (found := _find(child, component_id)) is not None:
            return found
    return None


def test_the_pages_offer_every_action_and_every_role_an_account_may_have(engine, monkeypatch):
    """The audit filter lists every audited action, the admin forms every role but the public (the pages hand
    these to their layouts, which import nothing from services)."""
    from callbacks import admin as admin_page
    from callbacks import audit as audit_page
    from layouts.admin import ids as admin_ids
    from layouts.audit import ids as audit_ids

    ctx = AppContext(engine=engine, config=Config(database_url=str(engine.url), auto_seed=False), cache=None)
    monkeypatch.setattr(audit_page, "current_access", lambda: access_for("walidata", "wida"))
    monkeypatch.setattr(admin_page, "current_access", lambda: access_for("admin", "kepala"))
    actions = _find(audit_page.page(ctx)(lang="en"), audit_ids.ACTION).options
    assert [o["value"] for o in actions] == list(ACTIONS)
    shown = admin_page.page(ctx)(lang="id")
    for form in (admin_ids.NEW_ROLE, admin_ids.EDIT_ROLE):
        assert [o["value"] for o in _find(shown, form).options] == ["analis", "produsen", "walidata", "admin"]
