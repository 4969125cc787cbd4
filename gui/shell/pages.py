"""The page registry: every page of the main window, in sidebar order, and who sees it.

A new area adds one line here. The sidebar is made from these lines alone (key, title,
icon); a page's module is imported, and the page built, when it is first shown
(``PageSpec.load``), so the window opens without importing the pages — and the services —
it does not show yet. The command line lists the page keys (``python main.py screenshot
PAGE``) without loading Qt.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from models.core.enums import Role
from models.core.permissions import Actor, Perm


@dataclass(frozen=True)
class PageSpec:
    key: str
    module: str
    cls: str
    title: str  # the sidebar's text, as the page class says it (checked on load)
    icon: str  # an icon name of gui/common/icons.py
    visible: Callable[[Actor], bool]

    def load(self) -> type:
        cls = getattr(importlib.import_module(self.module), self.cls)
        if cls.key != self.key or cls.title != self.title or cls.icon_name != self.icon:
            raise RuntimeError(f"page {self.module}.{self.cls} says key={cls.key!r} "
                               f"title={cls.title!r} icon={cls.icon_name!r}; the registry "
                               f"says {self.key!r}, {self.title!r}, {self.icon!r}")
        return cls


REGISTRY: tuple[PageSpec, ...] = (
    PageSpec("youth", "gui.youth.page", "YouthPage", "청년 명부", "youth",
             lambda a: a.can_anywhere(Perm.YOUTH_VIEW)),
    PageSpec("bookings", "gui.rooms.page", "RoomsPage", "예약 (스터디룸·회의실)", "calendar",
             lambda a: a.can_anywhere(Perm.BOOKING_VIEW)),
    PageSpec("booths", "gui.booths.page", "BoothsPage", "AI 면접 부스", "booth",
             lambda a: a.can_anywhere(Perm.BOOKING_VIEW)),
    PageSpec("arrivals", "gui.arrivals.page", "ArrivalsPage", "오늘 입실", "arrivals",
             lambda a: a.can_anywhere(Perm.BOOKING_VIEW)),
    PageSpec("counseling", "gui.counseling.page", "CounselingPage", "상담", "counseling",
             lambda a: a.can_anywhere(Perm.COUNSELING_VIEW) or a.can_anywhere(Perm.COUNSELING_COUNTS)),
    PageSpec("companies", "gui.companies.page", "CompaniesPage", "기업", "companies",
             lambda a: a.can_anywhere(Perm.COMPANY_VIEW)),
    PageSpec("courses", "gui.courses.page", "CoursesPage", "교육과정", "courses",
             lambda a: a.can_anywhere(Perm.COURSE_VIEW)),
    PageSpec("reports", "gui.summaries.page", "SummariesPage", "보고서", "chart",
             lambda a: a.is_admin or any(r is Role.MANAGER for _, r in a.grants)),
    PageSpec("facilities", "gui.facilities.page", "FacilitiesPage", "시설 관리", "facilities",
             lambda a: a.can_anywhere(Perm.FACILITY_EDIT) or a.can_anywhere(Perm.ROOM_MANAGE)),
    PageSpec("staff", "gui.accounts.page", "StaffPage", "직원 관리", "staff",
             lambda a: a.can_anywhere(Perm.USER_MANAGE)),
    PageSpec("audit", "gui.audit_log.page", "AuditPage", "감사 기록", "audit",
             lambda a: a.can_anywhere(Perm.AUDIT_VIEW)),
    PageSpec("access_review", "gui.lifecycle.review_page", "ReviewPage", "접근 기록 점검", "audit",
             lambda a: a.can_anywhere(Perm.AUDIT_VIEW)),
    PageSpec("privacy", "gui.lifecycle.privacy_page", "PrivacyPage", "개인정보 관리", "void",
             lambda a: a.is_admin or any(r is Role.MANAGER for _, r in a.grants)),
    PageSpec("system", "gui.lifecycle.page", "SystemPage", "시스템 관리", "save",
             lambda a: a.is_admin),
)

PAGES = [spec.key for spec in REGISTRY]


def page_specs(actor: Actor) -> list[PageSpec]:
    """The pages ``actor`` sees, in sidebar order (nothing imported)."""
    return [spec for spec in REGISTRY if spec.visible(actor)]
