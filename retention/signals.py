"""What retention does when an employee record changes elsewhere (HR's
pages live in portal, which knows nothing of retention)."""

from django.db.models.signals import post_delete, post_save, pre_save

from portal.models import Employee

from . import figures, services


def _remember_supervisor(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (
        update_fields is not None and "supervisor" not in update_fields
    ):
        instance._supervisor_before = instance.supervisor_id
        return
    instance._supervisor_before = (
        Employee.objects.filter(pk=instance.pk)
        .values_list("supervisor_id", flat=True)
        .first()
    )


def _supervisor_changed(sender, instance, created, **kwargs):
    before = getattr(instance, "_supervisor_before", instance.supervisor_id)
    if created or before is None or before == instance.supervisor_id:
        return
    services.supervisor_changed(instance, previous_supervisor_id=before)


def _employment_changed(sender, **kwargs):
    """Employment dates, part-time factor and team count in the figures."""
    figures.changed()


def connect():
    pre_save.connect(
        _remember_supervisor,
        sender=Employee,
        dispatch_uid="retention-supervisor-before",
    )
    post_save.connect(
        _supervisor_changed, sender=Employee, dispatch_uid="retention-supervisor-after"
    )
    post_save.connect(
        _employment_changed, sender=Employee, dispatch_uid="retention-figures-saved"
    )
    post_delete.connect(
        _employment_changed, sender=Employee, dispatch_uid="retention-figures-deleted"
    )
