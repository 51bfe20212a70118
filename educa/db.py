"""Query expressions the apps share."""

from django.db import models


class JoinedText(models.Func):
    """The values of a one-column subquery joined with commas, in the outer
    query: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL. A Func rather than
    an Aggregate, so that the subquery gets no GROUP BY (as count_of does)."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def joined(queryset, expression) -> models.Subquery:
    """`expression` of every row of the correlated `queryset`, as one text
    (None for no rows): several values in one column of the outer query's row."""
    values = queryset.order_by().annotate(joined=JoinedText(expression))
    return models.Subquery(values.values("joined"))


def split_joined(text: str | None) -> list[str]:
    return text.split(",") if text else []
