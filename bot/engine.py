"""The knowledge base as the settings configure it: seeds folder, encoder and vector cache."""

from __future__ import annotations

from bot.settings import Settings
from knowledge import KnowledgeBase
from knowledge.encoder import load_encoder


def knowledge_base(settings: Settings) -> KnowledgeBase:
    """An empty knowledge base (call `reload`); without an encoder (`BOT_ENCODER=off`, or one
    that cannot load: one warning) it answers lexically."""
    return KnowledgeBase(
        settings.seeds_dir,
        encoder=load_encoder(settings.encoder),
        vectors_dir=settings.vectors_dir,
    )
