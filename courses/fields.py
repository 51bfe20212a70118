from django.db import models


class OrderField(models.PositiveIntegerField):
    """A position among the rows that share `for_fields` (e.g. modules of one course).

    Left empty, it becomes one more than the highest position in that group, or 0
    for the first; a given value is kept as it is.
    """

    def __init__(self, for_fields=None, *args, **kwargs):
        self.for_fields = for_fields or []
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.for_fields:
            kwargs["for_fields"] = self.for_fields
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        if getattr(model_instance, self.attname) is not None:
            return super().pre_save(model_instance, add)
        group = self.model._default_manager.filter(
            **{field: getattr(model_instance, field) for field in self.for_fields}
        )
        highest = group.aggregate(highest=models.Max(self.attname))["highest"]
        value = 0 if highest is None else highest + 1
        setattr(model_instance, self.attname, value)
        return value
