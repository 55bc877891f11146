"""The application: the API, the pages, the static files, the security layer and error pages.

Error responses never echo the request: a page shows the status and a fixed sentence, the API a
fixed ``{"error": ...}`` (validation errors name the parameter, not its value).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from watchfloor.web import api, pages
from watchfloor.web.floor import Floor, WebConfig

__all__ = ["create_app"]

_MESSAGES = {
    400: "The request could not be read.",
    401: "A valid API token is needed for this.",
    403: "This request is not allowed.",
    404: "There is nothing at this address.",
    405: "This address does not take that method.",
    413: "The upload is too large.",
    422: "A value in the request is not valid.",
    500: "Something went wrong on the server; it has been logged.",
}


def _wants_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, detail: str | None = None) -> Response:
    message = _MESSAGES.get(status, "The request could not be handled.")
    if _wants_api(request):
        # the detail is ours (route code), never a value from the request
        return JSONResponse({"error": detail or message}, status_code=status)
    return pages.templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "playbooks": []},
        status_code=status,
    )


def create_app(config: WebConfig, *, floor: Floor | None = None) -> FastAPI:
    """The web app over the ledger of ``config`` (or over ``floor``, already built)."""
    the_floor = floor or Floor(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        the_floor.start()
        try:
            yield
        finally:
            the_floor.close()

    app = FastAPI(
        title="watchfloor",
        summary="Attributed claims, graded stories and phased assessments of contested reporting.",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.floor = the_floor
    from watchfloor.web.security import SecurityMiddleware

    app.add_middleware(SecurityMiddleware)
    app.include_router(api.router)
    app.include_router(pages.router)
    static = files("watchfloor.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and _wants_api(request) else None
        if detail is not None and exc.status_code == 404 and detail == "Not Found":
            detail = None
        return _error(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        where = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
        detail = f"not valid: {', '.join(w for w in where if w) or 'the body'}"
        return _error(request, 422, detail)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger(__name__).exception("unhandled error")
        return _error(request, 500)

    def openapi() -> dict[str, Any]:
        """FastAPI's document, with every error answer described as it is sent: a
        ``{"error": ...}`` body (validation errors included), never FastAPI's default shape."""
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            document = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            problem = {"$ref": "#/components/schemas/Problem"}
            for operations in document.get("paths", {}).values():
                for operation in operations.values():
                    for status, answer in operation.get("responses", {}).items():
                        if status.startswith(("4", "5")):
                            answer["content"] = {"application/json": {"schema": problem}}
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            schemas["Problem"] = api.Problem.model_json_schema()
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True, "version": the_floor.version}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app
