"""Raise the content version when anything readers see changes.

Publishing saves the page too, so saving covers it; the explicit publish and
unpublish signals stay for clarity and for unpublishing in bulk.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_content_version


def _page_saved(sender, instance, **kwargs):
    # Pages can go live without publish() (imports, add_child(live=True)).
    if isinstance(instance, Page):
        bump_content_version()


def connect():
    from .models import BehaviourCard, Topic

    page_published.connect(bump_content_version, dispatch_uid="cms-published")
    page_unpublished.connect(bump_content_version, dispatch_uid="cms-unpublished")
    post_page_move.connect(bump_content_version, dispatch_uid="cms-moved")
    post_save.connect(_page_saved, dispatch_uid="cms-page-saved")
    post_delete.connect(
        bump_content_version, sender=Page, dispatch_uid="cms-page-deleted"
    )
    for model in (Topic, BehaviourCard):
        post_save.connect(
            bump_content_version, sender=model, dispatch_uid=f"cms-{model.__name__}"
        )
        post_delete.connect(
            bump_content_version,
            sender=model,
            dispatch_uid=f"cms-{model.__name__}-deleted",
        )
