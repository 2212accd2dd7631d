"""Raise the content version when anything readers see changes.

Only what reaches readers counts: publishing, unpublishing, moving or
deleting a page, a page created live, and any change to a topic, a
behaviour card or a help source (the help page and the signposting blocks
in guidance show those). Saving a draft changes nothing readers see, so it leaves
the version, and every cached fragment, alone.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_content_version


def _page_created_live(sender, instance, created, **kwargs):
    # Pages can go live without publish() (imports, add_child(live=True)).
    if created and isinstance(instance, Page) and instance.live:
        bump_content_version()


def connect():
    from .models import BehaviourCard, HelpSource, Topic

    page_published.connect(bump_content_version, dispatch_uid="cms-published")
    page_unpublished.connect(bump_content_version, dispatch_uid="cms-unpublished")
    post_page_move.connect(bump_content_version, dispatch_uid="cms-moved")
    post_save.connect(_page_created_live, dispatch_uid="cms-page-created-live")
    post_delete.connect(
        bump_content_version, sender=Page, dispatch_uid="cms-page-deleted"
    )
    for model in (Topic, BehaviourCard, HelpSource):
        post_save.connect(
            bump_content_version, sender=model, dispatch_uid=f"cms-{model.__name__}"
        )
        post_delete.connect(
            bump_content_version,
            sender=model,
            dispatch_uid=f"cms-{model.__name__}-deleted",
        )
