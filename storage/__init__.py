"""Persistence: SQLModel tables, engine factory, query functions, migrations, delivery outbox."""
