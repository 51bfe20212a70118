from django.db import migrations

INDEX = "meals_meal_top_rated"


def create_index(apps, schema_editor):
    # The index serves `?ordering=-avg_rating` (unrated meals last, pk as the
    # tiebreak) without sorting every meal. PostgreSQL sorts NULLs highest, so the
    # index says NULLS LAST; SQLite sorts them lowest, so DESC already puts them
    # last, and it rejects NULLS LAST in an index. Django's Index cannot say this
    # per database, hence raw SQL.
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON meals_meal (avg_rating DESC{nulls}, id)"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("meals", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
