"""Widgets every form of the portal uses (only Django imports: any app's
forms may use them at import time)."""

from django import forms


class RadioSelect(forms.RadioSelect):
    """Radio buttons without Django's empty "---------" choice: with radio
    buttons, choosing nothing is already possible, and a required field
    says so when nothing is chosen."""

    def optgroups(self, name, value, attrs=None):
        groups = []
        for group_name, options, index in super().optgroups(name, value, attrs):
            options = [
                option for option in options if option["value"] not in ("", None)
            ]
            if options:
                groups.append((group_name, options, index))
        return groups
