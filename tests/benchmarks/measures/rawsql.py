"""Raw SQL for baselines: one driver connection (sqlite3 or psycopg) beside the app's pool."""

from __future__ import annotations


class Raw:
    def __init__(self, env):
        self.env = env
        self.pg = env.db.is_postgresql
        self.conn = env.db.engine.raw_connection()  # a pooled driver connection of its own

    def all(self, sql: str, params=()) -> list:
        """Run one SELECT and fetch every row (``?`` placeholders on both backends)."""
        cur = self.conn.cursor()
        cur.execute(sql.replace("?", "%s") if self.pg else sql, params)
        rows = cur.fetchall()
        cur.close()
        return rows

    def end(self) -> None:
        """End the read (psycopg opened a transaction; sqlite3 is in autocommit)."""
        if self.pg:
            self.conn.rollback()

    def close(self) -> None:
        self.conn.close()
