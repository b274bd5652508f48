"""sendDocument: a file sent as a document (multipart upload, a file_id sent before, or an HTTP URL)."""

from __future__ import annotations

import hashlib

from emulator.common import JSON, bad_request
from emulator.core import Core
from emulator.methods.base import Handler
from emulator.methods.messages import send_captioned
from emulator.params import Params, UploadedFile

# Telegram's limit for a document a bot uploads.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def _document_file(core: Core, document: UploadedFile | str | None) -> tuple[JSON, str]:
    """(Document dict, duplicate-detection key) for the ``document`` parameter."""
    if document is None or document == "":
        raise bad_request("there is no document in the request")
    if isinstance(document, UploadedFile):
        if not document.data:
            raise bad_request("file must be non-empty")
        if len(document.data) > MAX_DOCUMENT_BYTES:
            raise bad_request("file is too big")
        name = document.filename or "document"
        extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
        stored = core.state.add_file(document.data, "documents", extension, document.content_type)
        key = "upload:" + hashlib.sha1(document.data).hexdigest()
        found: JSON = {"file_name": name}
        if document.content_type:
            found["mime_type"] = document.content_type
    elif document.lower().startswith(("http://", "https://")):
        stored = core.state.add_file(None, "documents", "bin")
        key, found = "url:" + document, {}
    else:
        known = core.state.files.get(document)
        if known is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        stored, key, found = known, "file:" + document, {}
    found.update({"file_id": stored.file_id, "file_unique_id": stored.file_unique_id})
    if stored.data is not None:
        found["file_size"] = len(stored.data)
    return found, key


async def send_document(core: Core, p: Params) -> JSON:
    def media() -> tuple[JSON, str]:
        document, key = _document_file(core, p.get_file("document"))
        return {"document": document}, key

    return send_captioned(core, p, "document", media)


HANDLERS: dict[str, Handler] = {"sendDocument": send_document}
