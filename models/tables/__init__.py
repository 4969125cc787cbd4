"""All table models; importing this package registers them on ``SQLModel.metadata``."""

from models.accounts.tables import RoleGrant, UserAccount
from models.booths.tables import BoothBooking, BoothRules, BoothSlot, BoothTemplate, ConsultRequest
from models.companies.tables import (
    Company,
    CompanyContact,
    InterviewSlot,
    JobOpening,
    MatchingDay,
    MatchingDayOpening,
    MatchingDayYouth,
    MatchingSettings,
    Referral,
    ReferralTransition,
    RetentionCheck,
)
from models.core.audit_table import AuditLog
from models.counseling.tables import (
    ActivityPlan,
    Addendum,
    Case,
    CaseEvent,
    CounselingSession,
    CounselingSettings,
    Followup,
    GroupAttendance,
    GroupSession,
    PlanStep,
    SessionTopic,
)
from models.courses.tables import (
    AttendanceMark,
    Course,
    CourseApplication,
    CourseFollowup,
    CourseOffer,
    CourseRoll,
    CourseScore,
    CourseStage,
    CourseStatusChange,
    CourseVacancy,
    Enrollment,
    RollChange,
)
from models.desk.tables import BookingRules
from models.facilities.tables import Facility, FacilityClosure, Room
from models.lifecycle.tables import DestructionLedger, YouthPrivacy
from models.rooms.tables import Booking, BookingSeries, WaitlistEntry
from models.summaries.tables import YearlyTarget
from models.youth import grams  # noqa: F401  (keeps the search index in every flush)
from models.youth.tables import Youth, YouthGram

__all__ = ["AttendanceMark", "Course", "CourseApplication", "CourseFollowup", "CourseOffer", "CourseRoll",
           "CourseScore", "CourseStage", "CourseStatusChange", "CourseVacancy", "Enrollment", "RollChange",
           "YearlyTarget", "DestructionLedger", "YouthPrivacy",
           "Company", "CompanyContact", "InterviewSlot", "JobOpening", "MatchingDay", "MatchingDayOpening",
           "MatchingDayYouth", "MatchingSettings", "Referral", "ReferralTransition",
           "RetentionCheck", "ActivityPlan", "Addendum", "AuditLog", "Case", "CaseEvent", "CounselingSession",
           "CounselingSettings", "Followup", "GroupAttendance", "GroupSession", "PlanStep",
           "SessionTopic", "BoothBooking", "BoothRules", "BoothSlot", "BoothTemplate", "ConsultRequest",
           "Booking", "BookingRules", "BookingSeries", "Facility", "FacilityClosure",
           "Room", "RoleGrant", "UserAccount", "WaitlistEntry", "Youth", "YouthGram"]
