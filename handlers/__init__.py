"""Command handlers: turn an Update into a reply through storage queries and renderers."""
