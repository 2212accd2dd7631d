"""The energy exercise: givers and takers, and the balance card."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def balance(givers, takers):
    """A short, plain reading of the balance, and one next step."""
    changeable = [text for text, can_change in takers if can_change]
    if not takers:
        verdict = _("You only wrote down givers. Good: keep making room for them.")
    elif len(givers) >= len(takers):
        verdict = _(
            "You have at least as many givers as takers. Plan a giver right "
            "after a taker, so you recharge in time."
        )
    else:
        verdict = _(
            "Your takers outnumber your givers. That costs more than you get "
            "back. Look for one more giver, or make one taker smaller."
        )
    if changeable:
        step = _("Start with “%(taker)s”: what is one small thing you can change?") % {
            "taker": changeable[0]
        }
    elif takers:
        step = _(
            "None of your takers can change? Then talk about them with your "
            "work supervisor: maybe together you can."
        )
    else:
        step = _("Write your givers in your own plan, so you remember them.")
    return {"verdict": verdict, "step": step}


def own_plan_texts(givers, takers):
    """What the exercise adds to the own plan: givers to "what helps me",
    takers to "what throws me off balance"."""
    day = formats.date_format(timezone.localdate(), "j F Y")
    texts = {}
    if givers:
        texts["what_helps"] = "\n".join(
            [_("What gives me energy (energy exercise, %(day)s):") % {"day": day}]
            + [f"- {text}" for text in givers]
        )
    if takers:
        can_change = _("(I can change this a little)")
        texts["triggers"] = "\n".join(
            [_("What costs me energy (energy exercise, %(day)s):") % {"day": day}]
            + [f"- {text}" + (f" {can_change}" if can else "") for text, can in takers]
        )
    return texts
