"""The bot's settings: `BOT_*` environment variables and `.env`, checked before anything starts.

A bad value stops start-up with one line naming the setting (see `load_settings`),
because a traceback about pydantic internals tells an operator nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AnyHttpUrl, Field, PositiveInt, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from knowledge.vectors import VECTOR_FOLDER


class GroupMode(StrEnum):
    """When the bot speaks in groups: only when addressed, or to every question."""

    MENTION = "mention"
    ALL = "all"


TELEGRAM_API_URL = "https://api.telegram.org/bot"
"""Telegram's own Bot API; PTB appends the token and the method name to it."""


class Settings(BaseSettings):
    """Every setting has a safe default except the token, which only `run` needs."""

    model_config = SettingsConfigDict(
        env_prefix="BOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
    )
    """`env_ignore_empty`: an empty `BOT_MIN_SCORE=` (as in .env.example) means the default."""

    token: SecretStr | None = None
    api_url: AnyHttpUrl = AnyHttpUrl(TELEGRAM_API_URL)
    admin_ids: Annotated[list[PositiveInt], NoDecode] = Field(default_factory=list)
    seeds_dir: Path = Path("seeds")
    top_k: int = Field(default=3, ge=1, le=10)
    min_score: float | None = Field(default=None, ge=0.0, le=1.0)
    """None: the fitted answer model's own threshold."""
    group_mode: GroupMode = GroupMode.MENTION
    user_rate: int = Field(default=10, ge=1)
    user_rate_seconds: int = Field(default=60, ge=1)
    log_level: str = "INFO"
    data_dir: Path = Path("data")
    encoder: str = Field(default="bundled", min_length=1)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        """Accept the plain `123,456` form; an empty value means no admins."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("api_url")
    @classmethod
    def _ends_in_bot(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        """PTB appends the token right after the base URL, so it must end in `/bot`.

        A bare server address (`http://127.0.0.1:8081`) gets the `/bot` every Bot API
        server uses; any other path is a mistake worth stopping for.
        """
        path = (value.path or "/").rstrip("/")
        if not path:
            return AnyHttpUrl(str(value).rstrip("/") + "/bot")
        if not path.endswith("/bot"):
            token_too = " (the token goes in BOT_TOKEN)" if _TOKEN_AFTER_BOT.search(path) else ""
            raise ValueError(
                f"expected the Bot API base URL ending in /bot, e.g. {TELEGRAM_API_URL}{token_too}"
            )
        return value

    @property
    def bot_api_base_url(self) -> str:
        """The API base as PTB's `base_url` wants it: no trailing slash before the token."""
        return str(self.api_url).rstrip("/")

    @property
    def bot_file_base_url(self) -> str:
        """Bot API servers serve downloads from `/file/bot<token>/...` beside `/bot<token>/...`."""
        return self.bot_api_base_url.removesuffix("/bot") + "/file/bot"

    @property
    def vectors_dir(self) -> Path:
        """The sentence vectors' cache (`knowledge.vectors.VectorCache`), made on first use."""
        return self.data_dir / VECTOR_FOLDER

    @field_validator("token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        """`BOT_TOKEN=` in a copied .env.example means no token, not an empty one."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level


_TOKEN_AFTER_BOT = re.compile(r"(?<=/bot)\d+:[^/?#\s'\"]*")
_TOKEN_SHAPED = re.compile(r"\d+:[\w-]{30,}")


def tokens_hidden(text: str) -> str:
    """`text` with anything that may be a token hidden: `/bot` followed by digits and a colon in
    a URL (Telegram's documentation writes `https://api.telegram.org/bot<token>/`, so a whole
    URL gets pasted) and anything shaped like a token (`123456789:AAE…`). A mistyped path
    (`/botapi`) stays visible, since that is the mistake to fix."""
    return _TOKEN_SHAPED.sub("[BOT_TOKEN]", _TOKEN_AFTER_BOT.sub("[BOT_TOKEN]", text))


class SettingsProblem(Exception):
    """A setting that cannot be used, described in one line for the operator."""


def load_settings(*, names: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Read the settings, with explicit overrides (CLI flags) winning over the environment.

    An error names what the operator wrote: `BOT_TOP_K` for the environment, and for an
    override its entry in `names` (`top_k` -> `--top`), since that is what to fix.
    """
    given: dict[str, Any] = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        if field in given:
            name = (names or {}).get(field, field)
        else:
            name = "BOT_" + field.upper() if field else "settings"
        shown = "" if name == "BOT_TOKEN" else f" (got {tokens_hidden(repr(first.get('input')))})"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsProblem(f"{name}: {message}{shown}") from None
    except SettingsError as error:
        raise SettingsProblem(str(error)) from None
