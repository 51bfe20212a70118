"""Close the sockets of whoever loses access to a room, at once.

The courses and accounts apps know nothing of the chat: it listens to their
writes. The consumer re-checks access itself anyway (chat.consumers); these
notices only make it prompt, and never grant anything.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from chat.groups import access_changed, group_notify, user_group
from courses.models import Course


@receiver(m2m_changed, sender=Course.students.through)
def enrolments_removed(sender, instance, action, reverse, pk_set, **kwargs):
    # pre_clear: post_clear no longer knows who was enrolled.
    if action not in ("post_remove", "pre_clear"):
        return
    if reverse:  # user.courses_joined.remove(...) or .clear()
        access_changed(user_ids=[instance.pk])
    elif action == "pre_clear":
        access_changed(course_id=instance.pk)
    else:
        access_changed(user_ids=pk_set)


@receiver(post_delete, sender=Course)
def course_deleted(sender, instance, **kwargs):
    access_changed(course_id=instance.pk)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def user_saved(sender, instance, created, update_fields, **kwargs):
    # Deactivated, or a new password that logs their other sessions out. Each
    # login saves last_login alone: nothing to re-check then.
    if created or update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    access_changed(user_ids=[instance.pk])


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def user_deleting(sender, instance, **kwargs):
    access_changed(user_ids=[instance.pk])


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    # The session is flushed after this signal: a re-check now would still find
    # it. The sockets of this one session close on the notice itself.
    if user is not None and request.session.session_key:
        group_notify(
            user_group(user.pk),
            {"type": "chat.logout", "session_key": request.session.session_key},
        )
