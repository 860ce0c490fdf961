"""Who is asking: the tiers and regions a caller may read. Passed to every query; no Flask here."""
from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC_TIERS = frozenset({"publik"})
INTERNAL_TIERS = frozenset({"publik", "internal"})
ALL_TIERS = frozenset({"publik", "internal", "dikecualikan"})


@dataclass(frozen=True)
class Access:
    """The reading rights of one caller. The default is the anonymous public."""

    tiers: frozenset[str] = PUBLIC_TIERS
    region_scope: str | None = None  # a Kemendagri code; None = every region
    user: str | None = None
    role: str = "publik"
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def sees_region(self, code: str) -> bool:
        if self.region_scope is None or code == "ID":
            return True
        return code.startswith(self.region_scope) or self.region_scope.startswith(code)


PUBLIC = Access()
