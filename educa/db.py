"""Query expressions the apps share."""

from dataclasses import dataclass

from django.db import connection, models

# On SQLite, a function of every connection (sqlite_functions_register).
SQLITE_CASEFOLD = "EDUCA_CASEFOLD"


class Casefold(models.Func):
    """A text casefolded (Python's str.casefold): for a containment match that
    ignores case in every script. SQLite's LOWER() and LIKE fold ASCII letters
    only ("É" stays "É"), so SQLite calls Python's, registered on each
    connection; PostgreSQL's LOWER() folds them all (by the database's locale).
    """

    function = "LOWER"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function=SQLITE_CASEFOLD, **extra_context
        )


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def sqlite_functions_register(sender, connection, **kwargs):
    """connection_created: give a new SQLite connection the functions the
    apps' queries call (Casefold's). Deterministic: usable in any query."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_CASEFOLD, 1, _casefold, deterministic=True
        )


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


class PreparedQuery:
    """A queryset built and compiled once, then run with new parameters.

    For the few queries that most pages run (the user, access checks): building
    and compiling a queryset costs the ORM ten to fifty times what the database
    takes to answer it. `build(**params)` returns the queryset; it is compiled
    once per database vendor with stand-in values, which become slots. The rules
    stay in the querysets that `build` calls: nothing is written twice in SQL.
    `params` name each parameter's type, int or str: values that the queryset
    must pass on as they are (ids, exact lookups).
    """

    def __init__(self, build, **params: type):
        self.build = build
        self.params = params
        self._compiled: dict[str, _Compiled] = {}  # by database vendor

    @staticmethod
    def matches_nothing(**values) -> bool:
        """Whether an integer is past any column's range: no row can match it
        (as the ORM says), and the database would refuse the number."""
        return any(
            type(v) is int and not -(2**63) <= v < 2**63 for v in values.values()
        )

    def first(self, **values):
        """The first row as a model instance with its annotations, or None."""
        if self.matches_nothing(**values):
            return None
        compiled = self._compile()
        params = [values[name] if name else value for name, value in compiled.slots]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        # The database's converters, as the ORM applies them (SQLite's dates
        # are text until converted).
        for index, (converters, expression) in compiled.converters.items():
            for convert in converters:
                row[index] = convert(row[index], expression, connection)
        fields = [row[index] for index in compiled.field_columns]
        instance = compiled.model.from_db(connection.alias, compiled.fields, fields)
        for name, index in compiled.annotations:
            setattr(instance, name, row[index])
        return instance

    def _compile(self) -> "_Compiled":
        if connection.vendor not in self._compiled:
            # In range of any integer column, and not a value a query would hold.
            stand_ins = {
                name: 2_013_265_921 + n if kind is int else f"\x1fstand-in {n}"
                for n, (name, kind) in enumerate(self.params.items())
            }
            query = self.build(**stand_ins)[:1].query
            compiler = query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            names = {(type(v), v): name for name, v in stand_ins.items()}
            slots = [(names.get((type(p), p)), p) for p in params]
            if {name for name, _ in slots if name} != set(self.params):
                # A lookup that changed a value (contains, iexact...) would leave
                # it a constant: the query could never match.
                raise ValueError("Every parameter must reach the query as it is.")
            columns = [column for column, _, _ in compiler.select]
            field_columns = compiler.klass_info["select_fields"]
            self._compiled[connection.vendor] = _Compiled(
                sql=sql,
                slots=slots,
                model=query.model,
                fields=[columns[i].target.attname for i in field_columns],
                field_columns=field_columns,
                annotations=list(compiler.annotation_col_map.items()),
                converters=compiler.get_converters(columns),
            )
        return self._compiled[connection.vendor]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: list  # (parameter name, None) or (None, a constant)
    model: type[models.Model]
    fields: list[str]  # the model's fields selected, by attname
    field_columns: list[int]
    annotations: list[tuple[str, int]]
    converters: dict
