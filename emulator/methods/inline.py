"""answerInlineQuery: the bot's answer to an ``inline_query`` update (``SimulatedUsers.send_inline_query``).

Checked as Telegram checks it: the query must exist, be unanswered and not older than ``INLINE_QUERY_TIMEOUT_S``;
at most 50 results, each with a type, an id of 1-64 bytes unique in the answer, and for ``article`` results a
title and an ``input_message_content`` whose text parses in its parse mode and fits a message; ``next_offset``
of at most 64 bytes. The answer is kept with the query for the test to read (``inline_answer``).
"""

from __future__ import annotations

import time
from typing import Any

from emulator.common import JSON, bad_request
from emulator.core import Core
from emulator.entities import format_text
from emulator.methods.base import Handler
from emulator.params import Params

# Telegram drops an inline query the bot has not answered within about 10 seconds ("query is too old").
INLINE_QUERY_TIMEOUT_S = 10.0
MAX_RESULTS = 50
RESULT_TYPES = frozenset({"article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document",
                          "location", "venue", "contact", "game", "sticker"})
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


def _check_result(result: Any, seen: set[str]) -> None:
    if not isinstance(result, dict):
        raise bad_request("RESULT_TYPE_INVALID")
    if result.get("type") not in RESULT_TYPES:
        raise bad_request("RESULT_TYPE_INVALID")
    result_id = result.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
        raise bad_request("RESULT_ID_INVALID")
    if result_id in seen:
        raise bad_request("RESULT_ID_DUPLICATE")
    seen.add(result_id)
    if result["type"] == "article":
        if not result.get("title"):
            raise bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if not isinstance(content, dict) or "message_text" not in content:
            raise bad_request("MESSAGE_EMPTY")
        format_text(content.get("message_text"), content.get("parse_mode"), content.get("entities"),
                    max_length=4096, empty_error="MESSAGE_EMPTY", long_error="MESSAGE_TOO_LONG")


async def answer_inline_query(core: Core, p: Params) -> bool:
    query_id = p.get_str("inline_query_id") or ""
    entry = core.state.inline_queries.get(query_id)
    if entry is None or entry["answer"] is not None or time.time() - entry["sent_at"] > INLINE_QUERY_TIMEOUT_S:
        raise bad_request(QUERY_INVALID)
    results = p.get_json("results", "results JSON array")
    if not isinstance(results, list):
        raise bad_request("results JSON array expected")
    if len(results) > MAX_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        _check_result(result, seen)
    next_offset = p.get_str("next_offset", "") or ""
    if len(next_offset.encode("utf-8")) > 64:
        raise bad_request("NEXT_OFFSET_INVALID")
    answer: JSON = {
        "results": results, "cache_time": p.get_int("cache_time", 300), "is_personal": p.get_bool("is_personal"),
        "next_offset": next_offset, "answered_at": time.time(),
    }
    entry["answer"] = answer
    return True


HANDLERS: dict[str, Handler] = {"answerInlineQuery": answer_inline_query}
