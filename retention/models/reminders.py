"""A record of every reminder sent, so each is sent once."""

from django.conf import settings
from django.db import models


class SentReminder(models.Model):
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    due_date = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_date", "recipient"],
                name="reminder_sent_once",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} {self.due_date}"
