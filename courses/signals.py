"""Side effects of deletions, and the cache invalidation of courses.caching."""

from django.conf import settings
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver

from courses.caching import catalogue_changed, module_contents_changed
from courses.models import Content, Course, File, Image, Module, Subject, Text, Video


@receiver(post_delete, sender=Content)
def content_deleted(sender, instance, **kwargs):
    # A content's item belongs to it alone; without this, deleting a module or
    # course (cascades, the formset, the admin) would leave its items behind.
    item = instance.item
    if item is not None:
        item.delete()


@receiver(post_delete, sender=File)
@receiver(post_delete, sender=Image)
def upload_deleted(sender, instance, **kwargs):
    from courses.services import stored_file_delete_on_commit

    stored_file_delete_on_commit(storage=instance.file.storage, name=instance.file.name)


# Cache invalidation. Bulk writes send no signals: services that use them
# (module_reorder, content_reorder) invalidate for themselves.


@receiver([post_save, post_delete], sender=Subject)
@receiver([post_save, post_delete], sender=Course)
def catalogue_row_changed(sender, **kwargs):
    catalogue_changed()


@receiver([post_save, post_delete], sender=Module)
def module_changed(sender, instance, **kwargs):
    catalogue_changed()  # the module counts
    module_contents_changed([instance.pk])


@receiver([post_save, post_delete], sender=Content)
def content_changed(sender, instance, **kwargs):
    module_contents_changed([instance.module_id])


@receiver(pre_save, sender=Content)
def content_moving(sender, instance, **kwargs):
    # Moved to another module (the admin allows it): the old one loses it.
    if instance.pk is None:
        return
    before = Content.objects.filter(pk=instance.pk).values_list("module_id", flat=True)
    module_contents_changed(m for m in before if m != instance.module_id)


@receiver(post_save, sender=Text)
@receiver(post_save, sender=File)
@receiver(post_save, sender=Image)
@receiver(post_save, sender=Video)
def item_changed(sender, instance, created, **kwargs):
    # A new item has no content yet: the content's own save invalidates.
    if not created:
        module_contents_changed(instance.contents.values_list("module_id", flat=True))


@receiver(m2m_changed, sender=Course.students.through)
def enrolments_changed(sender, action, pk_set, **kwargs):
    # The catalogue shows student counts. Enrolling again changes nothing.
    if action in ("post_add", "post_remove") and pk_set or action == "post_clear":
        catalogue_changed()


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def student_deleting(sender, instance, **kwargs):
    # Their enrolments go by cascade, which sends no m2m_changed (Django sends
    # no signal for auto-created join models).
    if instance.courses_joined.exists():
        catalogue_changed()


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def instructor_changed(sender, instance, created, update_fields, **kwargs):
    # The catalogue shows instructors' names. Logging in saves last_login
    # alone: that must not empty the catalogue's cache each time.
    if created or update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if Course.objects.owned_by(instance).exists():
        catalogue_changed()
