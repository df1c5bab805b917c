"""Writing many rows fast, for bulk loads (people.importing, the match index)."""

import datetime

from django.db import connection, models


class BulkInserter:
    """INSERT of many rows with one prepared statement (executemany).

    Why not bulk_create: Django compiles every value of every row through the
    field machinery (about 100 µs a person on this machine, more than the
    database takes to write it), and on SQLite it splits the rows into
    statements of 999 parameters (52 people). This writes the same values,
    taken from model instances as bulk_create would, adapted once per field
    type."""

    def __init__(self, model, now: datetime.datetime):
        ops = connection.ops
        self.fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
        self.adapters = []
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                stamp = ops.adapt_datetimefield_value(now) if isinstance(f, models.DateTimeField) else now.date()
                self.adapters.append(lambda value, stamp=stamp: stamp)
            elif isinstance(f, models.DateTimeField):
                self.adapters.append(ops.adapt_datetimefield_value)
            elif isinstance(f, models.DateField):
                self.adapters.append(ops.adapt_datefield_value)
            elif isinstance(f, (models.CharField, models.TextField, models.BooleanField, models.IntegerField)) or (
                f.is_relation
            ):
                self.adapters.append(None)  # passed as is
            else:
                self.adapters.append(lambda value, f=f: f.get_db_prep_save(value, connection))
        columns = ", ".join(ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
        self.copy_sql = f"COPY {ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        self.attnames = [f.attname for f in self.fields]
        # For insert_values: what a field left out gets, as a new instance would.
        self.defaults = {
            f.attname: (f.get_default() if adapt is None else adapt(f.get_default())) if f.has_default() else None
            for f, adapt in zip(self.fields, self.adapters, strict=True)
        }
        for f, adapt in zip(self.fields, self.adapters, strict=True):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = adapt(None)

    def insert_values(self, values: list[dict]) -> None:
        """Rows given as {attname: value}; the fields left out get their
        defaults. Cheaper than model instances where none is needed."""
        spec = [(n, a, self.defaults[n]) for n, a in zip(self.attnames, self.adapters, strict=True)]
        self.insert_rows([tuple((v[n] if a is None else a(v[n])) if n in v else d for n, a, d in spec) for v in values])

    def insert(self, objs) -> None:
        # Values from the instance dict: CountryField keeps the code there
        # (its attribute returns a Country object).
        pairs = list(zip(self.attnames, self.adapters, strict=True))
        self.insert_rows([tuple(o.__dict__[n] if a is None else a(o.__dict__[n]) for n, a in pairs) for o in objs])

    def insert_rows(self, rows: list[tuple]) -> None:
        """Rows of values ready for the database, in the order of attnames."""
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: one stream instead of a statement a row (the import
                # of 100,000 people took half the time of executemany).
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for values in rows:
                        copy.write_row(values)
            else:
                cursor.executemany(self.sql, rows)
