"""Destruction overwrites the free text of two more append-only logs (issue 16).

The referral transitions (0011: ``note``, ``override_reason``) and the roll's change
history (0012: ``reason``) refused every UPDATE, so a destroyed youth's referral notes and
roll-change reasons stayed. As counseling's tables since 0014, they now accept one update
more: the destruction's overwrite of those text columns with the marker ``(파기됨)``, each
either the marker or unchanged, every other column unchanged. Any other update, every
delete and TRUNCATE are still refused. ``course_status_change`` (the other table of
``courses_append_only``) accepts no update at all, as before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ERASED = "(파기됨)"
# every column of the table that the overwrite leaves as it was
KEPT = {
    "referral_transition": ("id", "referral_id", "facility_id", "from_stage", "to_stage", "happened_on", "at", "by"),
    "course_roll_change": ("id", "course_id", "facility_id", "enrollment_id", "day", "from_kind", "to_kind", "at",
                           "by"),
}
ERASED_COLUMNS = {"referral_transition": ("note", "override_reason"), "course_roll_change": ("reason",)}
# the PostgreSQL function each table's trigger runs (0011, 0012), and the tables it guards
FUNCTIONS = {"companies_append_only": ("referral_transition",),
             "courses_append_only": ("course_status_change", "course_roll_change")}


def _sqlite_update_trigger(table: str, allow_erasure: bool) -> str:
    when = ""
    if allow_erasure:
        same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in KEPT[table])
        erased = " AND ".join(f'(NEW."{c}" IS OLD."{c}" OR NEW."{c}" IS \'{ERASED}\')'
                              for c in ERASED_COLUMNS[table])
        when = f"WHEN NOT ({erased} AND {same}) "
    return (f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def _pg_function(name: str, allow_erasure: bool) -> str:
    body = ""
    if allow_erasure:
        for table in FUNCTIONS[name]:
            if table not in ERASED_COLUMNS:
                continue
            columns = ERASED_COLUMNS[table]
            # through jsonb: PL/pgSQL would look up NEW.note on the other table's rows too
            erased = " AND ".join(f"((to_jsonb(NEW) -> '{c}') IS NOT DISTINCT FROM (to_jsonb(OLD) -> '{c}') "
                                  f"OR (to_jsonb(NEW) ->> '{c}') = '{ERASED}')" for c in columns)
            minus = " ".join(f"- '{c}'" for c in columns)
            body += (f"IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = '{table}' AND {erased} "
                     f"AND (to_jsonb(NEW) {minus}) = (to_jsonb(OLD) {minus}) THEN RETURN NEW; END IF; ")
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$")


def _triggers(allow_erasure: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in KEPT:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(_sqlite_update_trigger(table, allow_erasure))
    else:
        for name in FUNCTIONS:
            op.execute(_pg_function(name, allow_erasure))


def upgrade() -> None:
    _triggers(allow_erasure=True)


def downgrade() -> None:
    _triggers(allow_erasure=False)
