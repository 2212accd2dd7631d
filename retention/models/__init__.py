"""Models of the retention app: adjustment plans, the employee's own plan,
third-party consent, absence, the access log and reminders."""

from .absence import (
    AbsenceCase,
    AbsenceMonth,
    AbsenceSegment,
    ContactMoment,
    Milestone,
    PartialRecovery,
    SickReport,
)
from .access_log import AccessLogEntry
from .consent import ThirdPartyConsent
from .conversation import ConversationPrep
from .disclosure import DisclosureAid
from .own_plan import OwnPlan
from .plans import Adjustment, AdjustmentPlan, PlanReview, PlanVersion
from .reminders import SentReminder

__all__ = [
    "AbsenceCase",
    "AbsenceMonth",
    "AbsenceSegment",
    "ContactMoment",
    "Milestone",
    "PartialRecovery",
    "SickReport",
    "AccessLogEntry",
    "ConversationPrep",
    "DisclosureAid",
    "Adjustment",
    "AdjustmentPlan",
    "OwnPlan",
    "PlanReview",
    "PlanVersion",
    "SentReminder",
    "ThirdPartyConsent",
]
