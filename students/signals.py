"""Cache invalidation of students.caching."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from students.caching import progress_changed
from students.models import Completion


@receiver([post_save, post_delete], sender=Completion)
def completion_changed(sender, instance, **kwargs):
    progress_changed(instance.student_id)
