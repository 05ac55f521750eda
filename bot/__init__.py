"""The article bot's Telegram layer, settings, console chat and command line."""
