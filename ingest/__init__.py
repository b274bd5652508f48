"""Pure ingest pipeline: article bytes in, a ParsedArticle out (no database, no Telegram)."""
