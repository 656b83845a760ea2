from __future__ import annotations

import io
import zipfile
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile, status
from fastapi import Path as FPath
from fastapi.responses import JSONResponse, Response

from api import services, uploads
from api.deps import SessionDep, require
from api.guard import error_json
from api.models import User, row_id
from api.schemas import BundleInvalidOut, BundleOut
from bundle import BundleInvalid
from bundle.problems import first_problems

router = APIRouter(prefix="/api/bundles", tags=["bundles"])
Planner = Annotated[User, Depends(require("planner", "admin"))]
Reader = Annotated[User, Depends(require("planner", "auditor", "leader", "admin"))]  # as folder.zip's: internal staff


def receive(request: Request, session: SessionDep, user: User, file: UploadFile) -> uploads.Stored:
    """The one upload path of the API and the pages: spooled to disk, validated in a worker
    process (api/uploads.py), stored only whole (the same file again: the bundle stored before).
    Raises HTTPException (413, 503) or BundleInvalid."""
    settings = request.app.state.settings
    try:
        return uploads.accept(session, settings, request.app.state.uploads, user, file.filename or "upload", file.file)
    except uploads.UploadTooLarge:
        session.rollback()
        raise HTTPException(413,  # Starlette renamed the constant (HTTP_413_CONTENT_TOO_LARGE); the number is the contract
                            f"文件超过 {settings.max_upload_mb} MB（max_upload_mb） / file over {settings.max_upload_mb} MB (max_upload_mb)") from None
    except uploads.UploadBusy as e:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "校验繁忙，请稍后重试 / validation busy: retry shortly",
                            headers={"Retry-After": str(e.retry_after)}) from None
    except uploads.UploadWorkerFailed as e:
        session.rollback()
        raise HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR,
                            f"校验进程异常退出（退出码 {e.exitcode}），原因见服务日志；未保存任何内容 / the validation process failed "
                            f"(exit {e.exitcode}): the server's log has the cause; nothing was stored") from None
    except BundleInvalid:
        session.rollback()
        raise


@router.post("", status_code=201, response_model=BundleOut,
             responses={200: {"model": BundleOut, "description": "the same file was stored before: that bundle, nothing new stored"},
                         422: {"model": BundleInvalidOut}, 413: {}, 503: {}})
def upload(request: Request, session: SessionDep, user: Planner, file: Annotated[UploadFile, File()]) -> BundleOut | JSONResponse:
    """A .zip of CSV files or an .xlsx: validated whole, off the event loop in a worker process with
    memory and time limits, behind the upload caps; with any problem, 422 and nothing stored. The same
    file again: 200 with the bundle stored before (`existing`), nothing new stored."""
    try:
        up, existing = receive(request, session, user, file)
    except BundleInvalid as e:
        zh, en = first_problems(e.problems, n=3)
        n = len(e.problems)
        return error_json(422, f"检查包有 {n} 处问题，未保存：{zh}", f"the bundle has {n} problem(s); nothing stored: {en}",
                          errors=[p.as_dict() for p in e.problems])
    out = BundleOut(id=row_id(up), sha256=up.sha256, input_sha256=up.input_sha256, counts=up.counts, existing=existing)
    return JSONResponse(out.model_dump(), status_code=200) if existing else out


@router.get("/{bundle_id}/download")
def download(bundle_id: Annotated[int, FPath(ge=1, le=10**9)], request: Request, session: SessionDep, user: Reader) -> Response:
    """The bundle a plan was made from, as stored (each file checked against its recorded sha256 first), zipped: the
    registers an auditor needs to check pools, tiers and each visit's officers from the seed and the register (plan.md
    invariant 12, R-OFFICER-DRAW; walk42 F5: only the plan's own files could be fetched). Internal staff only: it names
    officers and their certificates. Audited; never cached."""
    from sqlmodel import select

    from api.integrity import StoredFileError, read_verified
    from api.models import BundleFile, BundleUpload

    if session.get(BundleUpload, bundle_id) is None:
        raise services.Refused(404, "没有这个检查包", "no such bundle")
    folder = services.bundle_folder(session, request.app.state.settings, bundle_id)  # laid out again where missing
    expected = {f.name: f.sha256 for f in session.exec(select(BundleFile).where(BundleFile.bundle_id == bundle_id))}
    # the bytes checked are the bytes served (review42 #9: read again after the check, as folder.zip never does)
    data, problems = read_verified(folder, tuple(sorted(expected)), expected)
    if problems:
        raise StoredFileError(f"bundle {bundle_id}", problems, bundle_id=bundle_id)  # the app's handler reports it (409 + id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    services.audit(session, user, "bundle.download", bundle_id=bundle_id)
    session.commit()
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="bundle-{bundle_id}.zip"', "Cache-Control": "no-store, private"})
