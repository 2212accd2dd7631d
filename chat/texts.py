"""Translated texts the chat scripts show, handed to them as JSON."""

from django.utils.translation import gettext as _


def client_texts():
    return {
        "connecting": _("Connecting…"),
        "reconnecting": _(
            "The connection is lost. We keep trying; your messages are kept."
        ),
        "open": "",
        "forbidden": _("You can no longer follow this conversation. Reload the page."),
        "loggedOut": _(
            "You have been logged out. Log in again to go on; nothing you sent is lost."
        ),
        "sending": _("sending…"),
        "typingAgent": _("The helpdesk is typing…"),
        "typingAsker": _("The asker is typing…"),
        "note": _("private note"),
        "empty": _("Type a message first."),
        "queueEmpty": _(
            "No questions are waiting. Keep this page open: you are shown as "
            "online, and a new question makes a sound."
        ),
        "queueCaption": _("Waiting questions"),
        "since": _("Since"),
        "topic": _("Topic"),
        "from": _("From"),
        "action": _("Action"),
        "takeOn": _("Read and take on"),
        "noneMine": _("You have no open conversations."),
        "nobodyElse": _("Nobody else right now."),
        "queueLost": _("The connection is lost. We keep trying…"),
        "queueForbidden": _(
            "You are no longer logged in as helpdesk. Reload the page."
        ),
        "alertsOn": _("Turn on sound and notifications"),
        "alertsOff": _("Turn off sound and notifications"),
        "newQuestion": _("New question for the helpdesk"),
        "newReply": _("The asker has replied"),
        "about": _("About: %(topic)s"),
        "newQuestions": _("%(count)s new questions"),
    }
