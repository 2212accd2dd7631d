"""Password validation with messages that exist in Dutch.

Django 5.2 reworded the minimum-length message and its Dutch catalogue has
not caught up, so Dutch users would read English. This says the same thing
in our own catalogue.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. Use at least %(min_length)d character.",
            "This password is too short. Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
