"""Telegram application: settings, i18n, rendering, scheduled jobs, delivery and the CLI."""
