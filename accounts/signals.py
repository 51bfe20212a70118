from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.backends import permissions_changed
from accounts.models import User


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def grants_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        permissions_changed()


# Deleting a group or a permission removes its join rows without m2m_changed
# (Django sends no signal for auto-created join models). Data migrations send
# none either: the post_migrate after them retires every cache (educa.apps).
@receiver(post_delete, sender=Group)
@receiver([post_save, post_delete], sender=Permission)
def grant_deleted(sender, **kwargs):
    permissions_changed()
