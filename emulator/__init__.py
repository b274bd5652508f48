"""Local Telegram Bot API emulator used by tests, the console chat and benchmarks."""
