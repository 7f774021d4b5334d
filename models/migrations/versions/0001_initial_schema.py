"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 23:00:46.235295
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.schema

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_key', sa.Text(), nullable=False),
    sa.Column('first_seen_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article')),
    sa.UniqueConstraint('source_key', name=op.f('uq_article_source_key'))
    )
    op.create_table('entity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=8), nullable=False),
    sa.Column('norm_name', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity')),
    sa.UniqueConstraint('type', 'norm_name', name=op.f('uq_entity_type_norm_name'))
    )
    op.create_table('ingest_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_run_id', sa.String(length=64), nullable=True),
    sa.Column('seeds_dir', sa.Text(), nullable=True),
    sa.Column('started_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', models.schema.UtcDateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('files_seen', sa.Integer(), server_default='0', nullable=False),
    sa.Column('files_new', sa.Integer(), server_default='0', nullable=False),
    sa.Column('files_unchanged', sa.Integer(), server_default='0', nullable=False),
    sa.Column('files_failed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('claims_new', sa.Integer(), server_default='0', nullable=False),
    sa.Column('claims_changed', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_run'))
    )
    op.create_table('article_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('extractor_version', sa.String(length=16), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_source', sa.String(length=16), nullable=True),
    sa.Column('published_confidence', sa.Float(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('authors', sa.JSON(), nullable=True),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('ingest_run_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', models.schema.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_article_version_article_id_article')),
    sa.ForeignKeyConstraint(['ingest_run_id'], ['ingest_run.id'], name=op.f('fk_article_version_ingest_run_id_ingest_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_version')),
    sa.UniqueConstraint('article_id', 'content_sha256', 'extractor_version', name=op.f('uq_article_version_article_id_content_sha256_extractor_version'))
    )
    with op.batch_alter_table('article_version', schema=None) as batch_op:
        batch_op.create_index('uq_article_version_live', ['article_id'], unique=True, sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('predicate', sa.Text(), nullable=False),
    sa.Column('object', sa.Text(), nullable=True),
    sa.Column('subject_entity_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subject_entity_id'], ['entity.id'], name=op.f('fk_claim_subject_entity_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim')),
    sa.UniqueConstraint('claim_key', name=op.f('uq_claim_claim_key'))
    )
    op.create_table('entity_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('alias_norm', sa.Text(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_entity_alias_entity_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_alias')),
    sa.UniqueConstraint('entity_id', 'alias_norm', name=op.f('uq_entity_alias_entity_id_alias_norm'))
    )
    with op.batch_alter_table('entity_alias', schema=None) as batch_op:
        batch_op.create_index('ix_entity_alias_alias_norm', ['alias_norm'], unique=False)

    op.create_table('ingest_error',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ingest_run_id', sa.Integer(), nullable=True),
    sa.Column('source_key', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ingest_run_id'], ['ingest_run.id'], name=op.f('fk_ingest_error_ingest_run_id_ingest_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_error'))
    )
    with op.batch_alter_table('ingest_error', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ingest_error_ingest_run_id'), ['ingest_run_id'], unique=False)

    op.create_table('claim_observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('article_version_id', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('value_hash', sa.String(length=64), nullable=False),
    sa.Column('stated_at', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('attributed_to', sa.Text(), nullable=True),
    sa.Column('hedge', sa.String(length=32), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('recorded_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_version_id'], ['article_version.id'], name=op.f('fk_claim_observation_article_version_id_article_version')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_observation_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_observation')),
    sa.UniqueConstraint('claim_id', 'article_version_id', 'span_start', 'span_end', name=op.f('uq_claim_observation_claim_id_article_version_id_span_start_span_end'))
    )
    with op.batch_alter_table('claim_observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_observation_article_version_id'), ['article_version_id'], unique=False)

    op.create_table('entity_mention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('article_version_id', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_version_id'], ['article_version.id'], name=op.f('fk_entity_mention_article_version_id_article_version')),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_entity_mention_entity_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_mention')),
    sa.UniqueConstraint('article_version_id', 'span_start', 'span_end', name=op.f('uq_entity_mention_article_version_id_span_start_span_end'))
    )
    with op.batch_alter_table('entity_mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_mention_article_version_id'), ['article_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_mention_entity_id'), ['entity_id'], unique=False)

    op.create_table('claim_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('value_hash', sa.String(length=64), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('recorded_at', models.schema.UtcDateTime(timezone=True), nullable=False),
    sa.Column('retracted_at', models.schema.UtcDateTime(timezone=True), nullable=True),
    sa.Column('retraction_reason', sa.Text(), nullable=True),
    sa.Column('observation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_version_claim_id_claim')),
    sa.ForeignKeyConstraint(['observation_id'], ['claim_observation.id'], name=op.f('fk_claim_version_observation_id_claim_observation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_version'))
    )
    with op.batch_alter_table('claim_version', schema=None) as batch_op:
        batch_op.create_index('ix_claim_version_claim_id_valid_from', ['claim_id', 'valid_from'], unique=False)
        batch_op.create_index('uq_claim_version_current', ['claim_id'], unique=True, sqlite_where=sa.text('valid_to IS NULL AND retracted_at IS NULL'), postgresql_where=sa.text('valid_to IS NULL AND retracted_at IS NULL'))



def downgrade() -> None:
    with op.batch_alter_table('claim_version', schema=None) as batch_op:
        batch_op.drop_index('uq_claim_version_current', sqlite_where=sa.text('valid_to IS NULL AND retracted_at IS NULL'), postgresql_where=sa.text('valid_to IS NULL AND retracted_at IS NULL'))
        batch_op.drop_index('ix_claim_version_claim_id_valid_from')

    op.drop_table('claim_version')
    with op.batch_alter_table('entity_mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_mention_entity_id'))
        batch_op.drop_index(batch_op.f('ix_entity_mention_article_version_id'))

    op.drop_table('entity_mention')
    with op.batch_alter_table('claim_observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_observation_article_version_id'))

    op.drop_table('claim_observation')
    with op.batch_alter_table('ingest_error', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ingest_error_ingest_run_id'))

    op.drop_table('ingest_error')
    with op.batch_alter_table('entity_alias', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_alias_alias_norm')

    op.drop_table('entity_alias')
    op.drop_table('claim')
    with op.batch_alter_table('article_version', schema=None) as batch_op:
        batch_op.drop_index('uq_article_version_live', sqlite_where=sa.text('superseded_at IS NULL'), postgresql_where=sa.text('superseded_at IS NULL'))

    op.drop_table('article_version')
    op.drop_table('ingest_run')
    op.drop_table('entity')
    op.drop_table('article')
