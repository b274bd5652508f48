"""Real sources: RSS/Atom feeds and their article pages become seed files in SEEDS_DIR.

Modules: ``config`` (the sources file, sources.yaml), ``http`` (one polite shared client: User-Agent, per-host
concurrency of 1 and a delay, timeouts, bounded redirects, a size cap, conditional GET), ``robots``
(robots.txt), ``items`` (feedparser: entries and their identity), ``extract`` (trafilatura, off the event loop;
charsets), ``writer`` (the seed file: header, atomic write) and ``poller`` (the orchestrator). The ingest scanner
does the rest (parse, dedup, alerts). Imports: ``ingest`` (pure) and ``storage`` only.
"""
