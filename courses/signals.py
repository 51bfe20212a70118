from django.db.models.signals import post_delete
from django.dispatch import receiver

from courses.models import Content, File, Image


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
