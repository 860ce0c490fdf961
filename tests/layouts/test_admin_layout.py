"""Admin page layout: the users grid keeps whole role names in both languages."""
from i18n import t
from layouts.admin import user_columns
from services.users import ROLES


def test_role_column_wraps_and_fits_the_longest_role_word():
    for lang in ("id", "en"):
        role = next(c for c in user_columns(lang) if c["field"] == "role")
        assert role["wrapText"] and role["autoHeight"]  # "data custodian" on two lines, never "data cus…"
        longest_word = max(len(w) for r in ROLES for w in t(f"role.{r}", lang).split())
        assert role["minWidth"] >= 30 + 9 * longest_word  # cell padding + ~9 px per character at 14 px
