"""The aiohttp HTTP front end: ``/bot<TOKEN>/<method>`` and ``/file/bot<TOKEN>/<path>``."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from aiohttp import web

from emulator.common import JSON, ApiError, bad_request
from emulator.core import Core
from emulator.entities import visible_length
from emulator.methods import Described, Handler, lookup
from emulator.models import ApiCall
from emulator.params import Params, UploadedFile, decode_params

_LOG = logging.getLogger("emulator.calls")
NOT_FOUND: JSON = {"ok": False, "error_code": 404, "description": "Not Found"}
UNAUTHORIZED: JSON = {"ok": False, "error_code": 401, "description": "Unauthorized"}
INTERNAL: JSON = {"ok": False, "error_code": 500, "description": "Internal Server Error"}


def _json_response(body: JSON, status: int) -> web.Response:
    return web.Response(
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type="application/json",
    )


async def read_raw_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Merge query-string and body parameters (JSON, url-encoded or multipart)."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if not request.body_exists:
        return values, files
    content_type = request.content_type
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            else:
                values[key] = value
        return values, files
    raw = await request.read()
    if not raw.strip():
        return values, files
    try:
        body = json.loads(raw)
    except ValueError:
        raise bad_request("can't parse JSON request body") from None
    if not isinstance(body, dict):
        raise bad_request("JSON request body must be an Object")
    values.update(body)
    return values, files


class ApiServer:
    def __init__(self, core: Core, host: str = "127.0.0.1", port: int = 0) -> None:
        self.core = core
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._bot_endpoint)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._file_endpoint)
        self.app.router.add_route("*", "/{tail:.*}", self._not_found)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        runner = web.AppRunner(
            self.app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        await site.start()
        self._runner = runner
        if self.port == 0:
            self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        await self.core.shutdown()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _not_found(self, request: web.Request) -> web.Response:
        return _json_response(NOT_FOUND, 404)

    async def _file_endpoint(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.core.token:
            return _json_response(UNAUTHORIZED, 401)
        stored = self.core.state.file_by_path(request.match_info["path"])
        if stored is None or stored.data is None:
            return _json_response(NOT_FOUND, 404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    async def _bot_endpoint(self, request: web.Request) -> web.Response:
        arrival, emulated = time.time(), self.core.clock.now()
        name = request.match_info["method"]
        entry = lookup(name)
        method = entry[0] if entry else name
        params: JSON = {}
        files: dict[str, UploadedFile] = {}
        counted = method != "getUpdates"
        if counted:
            self.core.inflight += 1
        try:
            if request.match_info["token"] != self.core.token:
                status, body = 401, dict(UNAUTHORIZED)
            else:
                try:
                    raw, files = await read_raw_params(request)
                    params = decode_params(raw)
                    status, body = await self._execute(entry, method, params, files)
                except ApiError as exc:
                    status, body = exc.error_code, exc.to_response()
        finally:
            if counted:
                self.core.inflight -= 1
        self._record(method, params, files, arrival, emulated, status, body)
        return _json_response(body, status)

    async def _execute(
        self, entry: tuple[str, Handler] | None, method: str, params: JSON,
        files: dict[str, UploadedFile],
    ) -> tuple[int, JSON]:
        if entry is None:
            return 404, dict(NOT_FOUND)
        handler = entry[1]
        try:
            self._inject_fault(method, params)
            result = await handler(self.core, Params(params, files))
        except ApiError as exc:
            return exc.error_code, exc.to_response()
        except Exception:
            _LOG.exception("emulator failure in %s", method)
            return 500, dict(INTERNAL)
        if isinstance(result, Described):
            return 200, {"ok": True, "result": result.result, "description": result.description}
        return 200, {"ok": True, "result": result}

    def _inject_fault(self, method: str, params: JSON) -> None:
        if not self.core.faults or params.get("chat_id") is None:
            return
        raw = params["chat_id"]
        keys: list[int | str] = [raw] if isinstance(raw, int | str) else []
        resolved = self.core.lookup_chat_id(raw)
        if resolved is not None and resolved not in keys:
            keys.append(resolved)

        def text_length() -> int:
            text = params.get("text", params.get("caption"))
            return visible_length(text, params.get("parse_mode"))

        error = self.core.faults.check(keys, method, text_length)
        if error is not None:
            self.core.stats.injected_faults += 1
            raise error

    def _record(
        self, method: str, params: JSON, files: dict[str, UploadedFile], arrival: float,
        emulated: float, status: int, body: JSON,
    ) -> None:
        recorded = dict(params)
        for key, upload in files.items():
            recorded.setdefault(key, f"<uploaded {upload.filename or key}, {len(upload.data)} bytes>")
        call = ApiCall(
            method=method,
            params=recorded,
            time=arrival,
            response=body,
            status=status,
            emulated_time=emulated,
            chat_id=self.core.lookup_chat_id(params.get("chat_id")),
            files={key: upload.data for key, upload in files.items()},
        )
        self.core.record(call)
        if _LOG.isEnabledFor(logging.INFO):
            outcome = "ok" if call.ok else f"{status} {body.get('description')}"
            shown = {k: v for k, v in recorded.items() if k not in ("reply_markup", "entities")}
            _LOG.info("%s %s -> %s", method, json.dumps(shown, ensure_ascii=False)[:200], outcome)
