"""Everything Werkbehoud holds about one employee, as plain data (the right of
access under the GDPR)."""

from django.utils import timezone

from portal.exports import exported_sections

from .models import AdjustmentPlan, ConversationPrep, DisclosureAid, OwnPlan


def _who(user):
    """Who recorded, reviewed or reported something: their name, or None
    when nobody is known (an account since removed)."""
    return (user.get_full_name() or user.email) if user is not None else None


def employee_data(employee):
    data = {
        "exported_at": timezone.now().isoformat(),
        "employee": {
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "organisation": employee.organisation.name,
            "work_supervisor": str(employee.supervisor)
            if employee.supervisor_id
            else None,
            "employment_start": employee.employment_start,
            "employment_end": employee.employment_end,
            "account_email": employee.user.email if employee.user_id else None,
        },
        "adjustment_plan": _plan(employee),
        "own_plan": _sections(OwnPlan, employee),
        "conversation_preparation": _sections(ConversationPrep, employee),
        "deciding_what_to_tell": _disclosure(employee),
        "consents": [
            {
                "name": consent.name,
                "role": consent.get_role_display(),
                "email": consent.email,
                "valid_until": consent.valid_until,
                "created_at": consent.created_at,
                "revoked_at": consent.revoked_at,
            }
            for consent in employee.consents.all()
        ],
        **exported_sections(employee),
        "absence": _absence(employee),
        "access_log": [
            {
                "at": entry.at,
                "who": entry.actor_label,
                "action": entry.action,
                "subject": entry.subject,
            }
            for entry in employee.access_log.all()
        ],
    }
    return data


def _plan(employee):
    plan = AdjustmentPlan.objects.filter(employee=employee).first()
    if plan is None:
        return None
    return {
        "next_review_due": plan.next_review_due,
        "versions": [
            {
                "number": version.number,
                "status": version.status,
                "written_by": _who(version.created_by),
                "proposed_by": _who(version.proposed_by),
                "proposed_at": version.proposed_at,
                "employee_comment": version.employee_comment,
                "agreed_at": version.agreed_at,
                "agreed_by": _who(version.agreed_by),
                "snapshot_sha256": version.snapshot_sha256 or None,
                "content": version.content(),
            }
            for version in plan.versions.select_related(
                "created_by", "proposed_by", "agreed_by"
            ).order_by("number")
        ],
        "reviews": [
            {
                "reviewed_on": review.reviewed_on,
                "reviewed_by": _who(review.reviewed_by),
                "outcome": review.outcome,
                "note": review.note,
            }
            for review in plan.reviews.select_related("reviewed_by")
        ],
    }


def _sections(model, employee):
    own = model.objects.filter(employee=employee).first()
    if own is None:
        return None
    return {
        key: {
            "shared_with_work_supervisor": shared,
            "texts": {str(label): text for label, text in texts},
        }
        for key, _title, texts, shared in own.sections()
    }


def _disclosure(employee):
    aid = DisclosureAid.objects.filter(employee=employee).first()
    if aid is None:
        return None
    return {
        **{str(question): answer for question, answer in aid.answers()},
        "leaning": aid.get_leaning_display(),
        "updated_at": aid.updated_at,
    }


def _absence(employee):
    return [
        {
            "started_on": case.started_on,
            "ended_on": case.ended_on,
            "reports": [
                {
                    "first_sick_day": report.first_sick_day,
                    "reported_by": _who(report.reported_by),
                    "recovered_on": report.recovered_on,
                    "recovered_in": report.get_recovered_in_display()
                    if report.recovered_on
                    else None,
                    "back_in_own_work_on": report.back_in_own_work_on,
                    "expected_duration": report.get_expected_duration_display(),
                    "phone": report.phone,
                    "care_address": report.care_address,
                    "ongoing_work": report.ongoing_work,
                    "safety_net": report.safety_net,
                    "work_accident": report.work_accident,
                    "third_party_liable": report.third_party_liable,
                    "partial_recoveries": [
                        {"from": step.from_date, "percentage": step.percentage}
                        for step in report.partial_recoveries.all()
                    ],
                }
                for report in case.reports.select_related("reported_by").order_by(
                    "first_sick_day"
                )
            ],
            "steps": [
                {
                    "step": step.get_kind_display(),
                    "week": step.week,
                    "due_on": step.due_on,
                    "done_on": step.done_on,
                    "done_by": _who(step.done_by),
                    "decision": step.get_outcome_display() if step.outcome else None,
                }
                for step in case.milestones.select_related("done_by")
            ],
            "contact_moments": [
                {
                    "on": contact.contact_on,
                    "recorded_by": _who(contact.recorded_by),
                    "kind": contact.get_kind_display(),
                    "agreements": contact.agreements,
                    "next_contact_on": contact.next_contact_on,
                }
                for contact in case.contacts.select_related("recorded_by")
            ],
        }
        for case in employee.absence_cases.all()
    ]
