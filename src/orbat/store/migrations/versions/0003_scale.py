"""scale: candidate indexes with type and date, per-actor event counts by day, event list indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The same statement fusion runs after a full rebuild (orbat.fuse.events.ACTOR_DAYS_SQL),
# repeated here so a store fused before this revision gets its counts at once.
FILL = ("INSERT INTO picture_actor_days (actor, day, events) "
        "SELECT actor, day, count(*) FROM ("
        "SELECT actor1 AS actor, date AS day FROM fused_events WHERE actor1 IS NOT NULL AND date IS NOT NULL "
        "UNION ALL SELECT actor2 AS actor, date AS day FROM fused_events "
        "WHERE actor2 IS NOT NULL AND date IS NOT NULL AND (actor1 IS NULL OR actor2 <> actor1)"
        ") AS x GROUP BY actor, day")


def upgrade() -> None:
    op.create_table('picture_actor_days',
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('actor', 'day', name=op.f('pk_picture_actor_days'))
    )
    op.drop_index('ix_fused_events_cell_date', table_name='fused_events')
    op.drop_index('ix_fused_events_place_date', table_name='fused_events')
    op.create_index('ix_fused_events_cell_type_date', 'fused_events', ['cell', 'type', 'date_lo', 'date_hi'])
    op.create_index('ix_fused_events_place_type_date', 'fused_events', ['place_key', 'type', 'date_lo', 'date_hi'])
    op.create_index('ix_event_claims_type_date', 'event_claims', ['type', 'date'])
    op.create_index('ix_event_actors_actor_event', 'event_actors', ['actor_id', 'event_id'])
    op.execute(FILL)


def downgrade() -> None:
    op.drop_index('ix_event_actors_actor_event', table_name='event_actors')
    op.drop_index('ix_event_claims_type_date', table_name='event_claims')
    op.drop_index('ix_fused_events_place_type_date', table_name='fused_events')
    op.drop_index('ix_fused_events_cell_type_date', table_name='fused_events')
    op.create_index('ix_fused_events_place_date', 'fused_events', ['place_key', 'date_lo'])
    op.create_index('ix_fused_events_cell_date', 'fused_events', ['cell', 'date_lo'])
    op.drop_table('picture_actor_days')
