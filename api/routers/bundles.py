from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile, status
from fastapi.responses import JSONResponse

from api.deps import SessionDep, require
from api.models import User
from api.schemas import BundleInvalidOut, BundleOut
from api.services import store_upload
from bundle import BundleInvalid

router = APIRouter(prefix="/api/bundles", tags=["bundles"])
Planner = Annotated[User, Depends(require("planner", "admin"))]


@router.post("", status_code=201, response_model=BundleOut, responses={422: {"model": BundleInvalidOut}})
async def upload(request: Request, session: SessionDep, user: Planner, file: Annotated[UploadFile, File()]) -> BundleOut | JSONResponse:
    """A .zip of CSV files or an .xlsx: validated whole; with any problem, 422 and nothing stored."""
    limit = request.app.state.settings.max_upload_mb * 2**20
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, f"文件超过 {limit // 2**20} MB / file over the limit")
    try:
        up = store_upload(session, user, file.filename or "upload", data)
    except BundleInvalid as e:
        session.rollback()
        return JSONResponse(status_code=422, content={"errors": [p.as_dict() for p in e.problems]})
    return BundleOut(id=up.id, sha256=up.sha256, counts=up.counts)  # type: ignore[arg-type]
