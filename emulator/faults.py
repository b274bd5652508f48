"""Per-chat fault injection for delivery tests."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal, get_args

from emulator.common import ApiError, bad_request, forbidden, too_many_requests

FaultKind = Literal[
    "retry_after", "server_error", "blocked", "kicked", "not_found", "migrated", "too_long"
]
FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))
# By default faults hit methods that deliver something to the chat.
_DEFAULT_PREFIXES = ("send", "edit", "copy", "forward")


@dataclass(slots=True)
class Fault:
    kind: str
    remaining: int | None
    retry_after: int = 1
    migrate_to_chat_id: int | None = None
    max_length: int = 4096
    methods: frozenset[str] | None = None  # lower-case method names; None = send*/edit*/...

    def applies_to(self, method: str) -> bool:
        lowered = method.lower()
        if self.methods is not None:
            return lowered in self.methods
        return lowered.startswith(_DEFAULT_PREFIXES)

    def error(self, chat_id: int | str) -> ApiError:
        if self.kind == "retry_after":
            return too_many_requests(self.retry_after)
        if self.kind == "server_error":
            return ApiError(500, "Internal Server Error")
        if self.kind == "blocked":
            return forbidden("bot was blocked by the user")
        if self.kind == "kicked":
            return forbidden("bot was kicked from the group chat")
        if self.kind == "not_found":
            return bad_request("chat not found")
        if self.kind == "migrated":
            target = self.migrate_to_chat_id
            if target is None:
                target = int(f"-100{abs(chat_id)}") if isinstance(chat_id, int) else -1001
            return ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": target},
            )
        return bad_request("message is too long")


class FaultTable:
    """Faults keyed by chat id (int, or ``@username`` string)."""

    def __init__(self) -> None:
        self._faults: dict[int | str, list[Fault]] = {}

    def add(
        self,
        chat_id: int | str,
        kind: str,
        times: int | None = None,
        *,
        retry_after: int = 1,
        migrate_to_chat_id: int | None = None,
        max_length: int = 4096,
        methods: Collection[str] | None = None,
    ) -> Fault:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be None (forever) or >= 1")
        fault = Fault(
            kind=kind,
            remaining=times,
            retry_after=max(1, int(retry_after)),
            migrate_to_chat_id=migrate_to_chat_id,
            max_length=max_length,
            methods=None if methods is None else frozenset(m.lower() for m in methods),
        )
        self._faults.setdefault(self._key(chat_id), []).append(fault)
        return fault

    @staticmethod
    def _key(chat_id: int | str) -> int | str:
        return chat_id.lower() if isinstance(chat_id, str) else chat_id

    def clear(self, chat_id: int | str | None = None) -> None:
        if chat_id is None:
            self._faults.clear()
        else:
            self._faults.pop(self._key(chat_id), None)

    def check(
        self, chat_keys: Collection[int | str], method: str, text_length: Callable[[], int]
    ) -> ApiError | None:
        """The error to inject for this call, consuming one use of the fault, or None."""
        for key in chat_keys:
            faults = self._faults.get(self._key(key), [])
            for fault in faults:
                if not fault.applies_to(method):
                    continue
                if fault.kind == "too_long" and text_length() <= fault.max_length:
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        faults.remove(fault)
                return fault.error(key)
        return None

    def __bool__(self) -> bool:
        return any(self._faults.values())
