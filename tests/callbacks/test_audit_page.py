"""The audit page reads as words: action labels in the page language and details as "key: value", not JSON."""
from callbacks.audit import audit_rows
from dashboard import audit
from dashboard.access import access_for
from dashboard.audit import ACTIONS
from dashboard.config import Config
from dashboard.context import AppContext
from dashboard.i18n import t
from layouts import audit as audit_layout


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
    options = audit_layout.layout([], "en").children[2].children.options
    assert {o["label"] for o in options} >= {"Sign-in", "Data import", "Import rolled back"}
