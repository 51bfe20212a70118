"""Side effects of deletions, the cache retirement of courses.caching, and the
search vectors of courses.search kept current."""

from django.conf import settings
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver

from courses.caching import catalogue_retire, course_entries_retire
from courses.models import (
    Content,
    Course,
    File,
    Image,
    Module,
    Quiz,
    Subject,
    Text,
    Video,
)
from courses.search import course_search_vectors_update


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


# Cache retirement (courses.caching, docs/caching.md). A course's entries are
# retired in the write's own transaction, after the write: a reader can never
# pair the new revision with the old rows. Bulk writes send no signals: the
# services that use them (module_reorder, content_reorder) retire for themselves.


@receiver([post_save, post_delete], sender=Subject)
def subject_changed(sender, instance, **kwargs):
    catalogue_retire()
    # The course pages name their subject.
    course_entries_retire(Course.objects.filter(subject_id=instance.pk).values("pk"))


@receiver([post_save, post_delete], sender=Course)
def course_changed(sender, **kwargs):
    catalogue_retire()  # Course.save() renews its own revision


# Search vectors (courses.search): derived rows like the revisions above, so
# renewed the same way, in the write's transaction, after the write (a search
# right after it finds the new words). Only on PostgreSQL; no query elsewhere.


@receiver(post_save, sender=Course)
def course_saved_search(sender, instance, **kwargs):
    # Its title, overview or owner may have changed; the save also wrote back
    # whatever vector the instance was loaded with.
    course_search_vectors_update(Course.objects.filter(pk=instance.pk))


@receiver([post_save, post_delete], sender=Module)
def module_changed_search(sender, instance, **kwargs):
    courses = [instance.course_id, *getattr(instance, "_parents_before", [])]
    course_search_vectors_update(Course.objects.filter(pk__in=courses))


@receiver(pre_save, sender=Module)
@receiver(pre_save, sender=Content)
def row_moving(sender, instance, **kwargs):
    # A module moved to another course, or a content to another module (the
    # admin allows it): the place it leaves changes too. Read before the save.
    parent = "course_id" if sender is Module else "module_id"
    if instance.pk is not None:
        rows = sender.objects.filter(pk=instance.pk)
        instance._parents_before = list(rows.values_list(parent, flat=True))


@receiver([post_save, post_delete], sender=Module)
def module_changed(sender, instance, **kwargs):
    catalogue_retire()  # the module counts, and the API's lists name modules
    courses = [instance.course_id, *getattr(instance, "_parents_before", [])]
    course_entries_retire(courses)


@receiver([post_save, post_delete], sender=Content)
def content_changed(sender, instance, **kwargs):
    modules = [instance.module_id, *getattr(instance, "_parents_before", [])]
    course_entries_retire(Module.objects.filter(pk__in=modules).values("course_id"))


@receiver(post_save, sender=Text)
@receiver(post_save, sender=File)
@receiver(post_save, sender=Image)
@receiver(post_save, sender=Video)
@receiver(post_save, sender=Quiz)
def item_changed(sender, instance, created, **kwargs):
    # A new item has no content yet: the content's own save retires. A quiz's
    # questions are replaced in bulk: quiz_questions_replace retires for itself.
    if not created:
        course_entries_retire(
            Module.objects.filter(contents__in=instance.contents.all()).values(
                "course_id"
            )
        )


@receiver(m2m_changed, sender=Course.students.through)
def enrolments_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # A course's page shows its number of students; no list does. Enrolling
    # again (an empty pk_set) changes nothing.
    if action in ("post_add", "post_remove") and not pk_set:
        return
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        course_entries_retire([instance.pk])  # course.students.add(...)
    elif reverse and action in ("post_add", "post_remove"):
        course_entries_retire(pk_set)  # user.courses_joined.add(...)
    elif reverse and action == "pre_clear":
        # Which courses is unknown after the clear; clear()'s transaction holds
        # this and the deletion together.
        course_entries_retire(instance.courses_joined.values("pk"))


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def user_deleting(sender, instance, **kwargs):
    # Their enrolments go by cascade, which sends no m2m_changed (Django sends
    # no signal for auto-created join models). Inside the deletion's transaction.
    course_entries_retire(instance.courses_joined.values("pk"))


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def instructor_changed(sender, instance, created, update_fields, **kwargs):
    # Course pages and lists name their instructor. Logging in saves last_login
    # alone: that must retire nothing.
    if created or update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    owned = Course.objects.owned_by(instance)
    if owned.exists():
        catalogue_retire()
        course_entries_retire(owned.values("pk"))
        # Their courses are found by their names (courses.search).
        course_search_vectors_update(owned)
