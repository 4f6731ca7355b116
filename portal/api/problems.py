"""Errors of ``/api/v1`` as problem details (RFC 9457, ``application/problem+json``).

Every error of the API has one shape: ``type``, ``title``, ``status``, ``detail`` and,
for input that is refused (422), ``errors``: one entry per field with its location and
a message. Titles and details are in the request's language (``Accept-Language``); the
field messages of the schema library are translated where we know them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask import current_app, jsonify, request
from flask_babel import get_locale, gettext
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from documents.i18n import N_

API_V1 = "/api/v1/"
PROBLEM_TYPE = "application/problem+json"

TITLES: dict[int, str] = {
    400: N_("Yêu cầu không hợp lệ"),
    401: N_("Cần xác thực"),
    403: N_("Không có quyền"),
    404: N_("Không tìm thấy"),
    405: N_("Thao tác không hợp lệ"),
    409: N_("Xung đột trạng thái"),
    412: N_("Hồ sơ đã thay đổi"),
    413: N_("Nội dung quá lớn"),
    415: N_("Kiểu nội dung không được hỗ trợ"),
    422: N_("Dữ liệu không hợp lệ"),
    428: N_("Thiếu điều kiện If-Match"),
    500: N_("Lỗi hệ thống"),
    503: N_("Tạm thời không phục vụ"),
}
DETAILS: dict[int, str] = {
    400: N_("Yêu cầu gửi lên không đúng dạng (JSON hợp lệ, mã UTF-8)."),
    401: N_("Cần một mã truy cập API hợp lệ (Authorization: Bearer …)."),
    403: N_("Mã truy cập hoặc tài khoản của bạn không có quyền thực hiện thao tác này."),
    404: N_("Không có hồ sơ này, hoặc bạn không có quyền xem."),
    405: N_("Địa chỉ này không nhận phương thức đó."),
    409: N_("Hồ sơ vừa được người khác thay đổi; hãy đọc lại bản mới nhất rồi thử lại."),
    412: N_("Hồ sơ đã thay đổi kể từ phiên bản bạn gửi trong If-Match; hãy đọc lại rồi thử lại."),
    413: N_("Nội dung gửi lên vượt quá dung lượng cho phép."),
    415: N_("Hãy gửi nội dung JSON (Content-Type: application/json)."),
    422: N_("Dữ liệu gửi lên không hợp lệ; xem lỗi của từng trường."),
    428: N_("Thao tác ghi cần tiêu đề If-Match với ETag của hồ sơ (đọc hồ sơ để lấy ETag)."),
    500: N_("Đã có lỗi ngoài ý muốn; dữ liệu chưa bị thay đổi."),
    503: N_("Chức năng tạm thời không sẵn sàng. Vui lòng thử lại sau."),
}
# The schema library's messages (English) that a client is most likely to meet.
FIELD_MESSAGES: dict[str, str] = {
    "Unknown field.": N_("Trường này không được chấp nhận."),
    "Missing data for required field.": N_("Thiếu trường bắt buộc."),
    "Field may not be null.": N_("Trường này không được để trống (null)."),
    "Not a valid integer.": N_("Không phải số nguyên."),
    "Not a valid string.": N_("Không phải chuỗi ký tự."),
    "Not a valid boolean.": N_("Không phải giá trị đúng/sai."),
    "Not a valid date.": N_("Không phải ngày hợp lệ (YYYY-MM-DD)."),
    "Invalid input type.": N_("Kiểu dữ liệu không đúng."),
    "Invalid value.": N_("Giá trị không hợp lệ."),
}


def is_api_v1_request() -> bool:
    return request.path.startswith(API_V1) or request.path == API_V1.rstrip("/")


def field_errors(messages: Any, location: str = "json", prefix: str = "") -> list[dict]:
    """Flatten the nested messages of a schema into ``[{field, location, message}]``."""
    found: list[dict] = []
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if prefix == "" and key in ("json", "query", "headers", "files", "form"):
                found += field_errors(value, str(key), "")
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
                found += field_errors(value, location, name)
    elif isinstance(messages, list | tuple):
        for item in messages:
            found += field_errors(item, location, prefix)
    else:
        text = str(messages)
        message = gettext(FIELD_MESSAGES[text]) if text in FIELD_MESSAGES else text
        found.append({"field": prefix or None, "location": location, "message": message})
    return found


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem-details response; ``detail`` is already in the reader's language."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": gettext(TITLES.get(status, TITLES[500])),
        "status": status,
        "detail": detail or gettext(DETAILS.get(status, DETAILS[500])),
    }
    if errors is not None:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    locale = get_locale()
    response.headers["Content-Language"] = locale.language if locale else "vi"
    response.vary.add("Accept-Language")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def problem_for_http_error(error: HTTPException) -> Response:
    """The problem details of an HTTP error raised anywhere under ``/api/v1``."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if status == 422 and messages:
        return problem(422, errors=field_errors(messages), headers=data.get("headers"))
    if status == 400 and messages:  # the body is not JSON (or not UTF-8)
        return problem(400)
    detail = getattr(error, "problem_detail", None)
    message = getattr(error, "portal_message", None)
    if detail is None and message:
        detail = gettext(message)
    return problem(status, detail, errors=getattr(error, "field_errors", None))


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, as every error of ``/api/v1`` answers."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    errors = ma.fields.List(ma.fields.Dict())


def max_body_bytes(file: bool = False) -> int:
    """The largest body ``/api/v1`` reads: a JSON one, or a file upload's."""
    if file:
        return int(current_app.config["MAX_CONTENT_LENGTH"])
    return int(current_app.config.get("API_MAX_BODY_BYTES", 2 * 1024 * 1024))
