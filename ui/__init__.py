"""What a reader sees: message catalogs, locale choice, CLDR formatting and Telegram HTML rendering (pure)."""
