"""Who is asking: the tiers, regions and permissions of a caller, and what each role grants. No Flask here.

Every query takes an Access; services/auth.py builds the one for the signed-in user (`current_access()`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from data.errors import NoDataError

PUBLIC_TIERS = frozenset({"publik"})
INTERNAL_TIERS = frozenset({"publik", "internal"})
ALL_TIERS = frozenset({"publik", "internal", "dikecualikan"})

ROLES = ("publik", "analis", "produsen", "walidata", "admin")
#: The roles an account can be given: the public is nobody's account.
ASSIGNABLE_ROLES = tuple(r for r in ROLES if r != "publik")

#: What each role may read. Excluded data (dikecualikan, UU 14/2008 art. 17) only for its custodians.
ROLE_TIERS: dict[str, frozenset[str]] = {
    "publik": PUBLIC_TIERS,
    "analis": INTERNAL_TIERS,
    "produsen": INTERNAL_TIERS,
    "walidata": ALL_TIERS,
    "admin": ALL_TIERS,
}

_WALIDATA = frozenset({"read_internal", "upload", "approve", "rollback", "edit_metadata", "edit_targets",
                       "view_audit", "export_internal", "save_scenario"})
#: What each role may do. `upload` for a produsen is further limited to its own agency's indicators.
#: `save_scenario` (named target scenarios on /skenario) is for planning roles: analis, walidata, admin.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "publik": frozenset(),
    "analis": frozenset({"read_internal", "export_internal", "save_scenario"}),
    "produsen": frozenset({"read_internal", "export_internal", "upload"}),
    "walidata": _WALIDATA,
    "admin": _WALIDATA | {"admin"},
}


@dataclass(frozen=True)
class Access:
    """The reading rights of one caller. The default is the anonymous public."""

    tiers: frozenset[str] = PUBLIC_TIERS
    region_scope: str | None = None  # a Kemendagri code; None = every region
    user: str | None = None
    role: str = "publik"
    permissions: frozenset[str] = field(default_factory=frozenset)
    agency: str | None = None  # the producer a produsen uploads for

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def signed_in(self) -> bool:
        return self.user is not None

    def sees_region(self, code: str) -> bool:
        if self.region_scope is None or code == "ID":
            return True
        return code.startswith(self.region_scope) or self.region_scope.startswith(code)

    def owns_region(self, code: str) -> bool:
        """May write for `code`: inside the scope (the province and Indonesia above it are read-only)."""
        return self.region_scope is None or code.startswith(self.region_scope)

    def may_upload(self, producer: str | None) -> bool:
        """May load values of an indicator produced by `producer`: walidata and admin any, a produsen its own."""
        if not self.can("upload"):
            return False
        if self.role != "produsen":
            return True
        return bool(self.agency and producer and _same_agency(self.agency, producer))


def producer_names(producer: str) -> set[str]:
    """The names a producer text stands for, case-folded: the whole text, the text before a qualifier
    ('Badan Pusat Statistik (BPS) - Susenas' -> 'badan pusat statistik (bps)'), the agency without brackets
    ('badan pusat statistik') and its abbreviation in brackets ('bps')."""
    text = " ".join(producer.split()).casefold()
    named = re.split(r"\s*(?::|\s-\s)", text, maxsplit=1)[0]
    names = {text, named, named.split("(", 1)[0].strip()}
    if bracket := re.search(r"\(([^)]+)\)", named):
        names.add(bracket.group(1).strip())
    return names - {""}


def _same_agency(agency: str, producer: str) -> bool:
    """Exactly one of the producer's names (never a part of one: agency 'Badan' is not 'Badan Pusat Statistik')."""
    return " ".join(agency.split()).casefold() in producer_names(producer)


class AccessDenied(NoDataError):
    """The data exists but the caller may not read it (shown as a refusal, not as an empty chart)."""


def access_for(role: str, user: str | None = None, region_scope: str | None = None,
               agency: str | None = None) -> Access:
    """The Access a role grants (an unknown role grants what the public has)."""
    if role not in ROLE_TIERS:
        role = "publik"
    return Access(tiers=ROLE_TIERS[role], region_scope=region_scope or None, user=user, role=role,
                  permissions=ROLE_PERMISSIONS[role], agency=agency or None)


PUBLIC = Access()
