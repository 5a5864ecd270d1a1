#!/usr/bin/env python3
"""The FastAPI peer of Tools/bench-serve.sh: the two routes it measures, written the way DotMac's
seed writes them (FastAPI + pydantic response models on uvicorn with uvloop and httptools, httpx
towards GenieACS, SQL for campaign state), doing the same work as `ferrule serve`:

  GET /api/v1/genieacs/devices?skip=&limit=
      the API key looked up by its SHA-256 in SQLite and compared in constant time, then one
      GET <acs>/devices/?projection=…&sort={"_id":1}&skip=&limit= through a pooled httpx client
      (the same URL Ferrule sends), `total` from GenieACS's `total` header, each document mapped
      to DeviceInfo from its nested parameter tree (TR-181 first, then TR-098).
  GET /api/v1/genieacs/firmware-upgrades/schedules/{schedule_id}
      the API key as above, the schedule row and its per-device result rows from SQLite
      (at most 10,000, like Ferrule), counters computed from the rows.

The seed also re-counts `total_devices` live from GenieACS on every progress GET; this peer does
not (less work than the seed does), so both servers read only their own store on that route.

  bench-python-serve.py --acs URL --db FILE --token TOKEN --tenant T [--schedule FILE]
                        [--port 0] [--workers 1] [--log FILE]

--schedule FILE: a FirmwareUpgradeScheduleResponse (JSON, as `ferrule serve` answers it), written
into the database at start so both servers hold the same schedule and results. --workers N forks N
uvicorn processes that share one listening socket (what `uvicorn --workers N` does). The first
line on standard output is `listening on http://127.0.0.1:PORT`. SIGTERM stops every worker.
"""

import argparse
import contextlib
import hashlib
import hmac
import json
import logging
import os
import signal
import socket
import sqlite3
import sys
from datetime import datetime
from typing import Any, AsyncIterator, Optional

import httpx
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

PROJECTION = ",".join(
    [
        "_id",
        "_deviceId",
        "_lastInform",
        "_registered",
        "_lastBoot",
        "Device.DeviceInfo",
        "InternetGatewayDevice.DeviceInfo",
        "Device.ManagementServer.ConnectionRequestURL",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
    ]
)
RESULT_LIMIT = 10_000


class DeviceInfo(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    id: str = Field(alias="_id")
    manufacturer: Optional[str] = None
    model: Optional[str] = None
    product_class: Optional[str] = None
    oui: Optional[str] = None
    serial_number: Optional[str] = None
    hardware_version: Optional[str] = None
    software_version: Optional[str] = None
    connection_request_url: Optional[str] = None
    last_inform: Optional[datetime] = None
    registered: Optional[datetime] = None


class DeviceListResponse(BaseModel):
    devices: list[DeviceInfo]
    total: int
    skip: int
    limit: int


class FirmwareUpgradeSchedule(BaseModel):
    schedule_id: str
    name: str
    description: Optional[str] = None
    firmware_file: str
    file_type: str = "1 Firmware Upgrade Image"
    device_filter: dict[str, Any]
    scheduled_at: datetime
    timezone: str = "UTC"
    max_concurrent: int = 10
    status: str = "pending"
    status_reason: Optional[str] = None
    campaign_id: Optional[str] = None
    created_at: Optional[datetime] = None
    started_at: Optional[datetime] = None
    completed_at: Optional[datetime] = None


class FirmwareUpgradeResult(BaseModel):
    device_id: str
    status: str
    error_message: Optional[str] = None
    started_at: Optional[datetime] = None
    completed_at: Optional[datetime] = None


class FirmwareUpgradeScheduleResponse(BaseModel):
    schedule: FirmwareUpgradeSchedule
    total_devices: int
    completed_devices: int
    failed_devices: int
    pending_devices: int
    skipped_devices: int = 0
    results: list[FirmwareUpgradeResult] = []


SCHEMA = """
CREATE TABLE IF NOT EXISTS api_tokens (
    key_hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, permissions TEXT NOT NULL, revoked INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS firmware_upgrade_schedules (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
    firmware_file TEXT NOT NULL, file_type TEXT NOT NULL, device_filter TEXT NOT NULL,
    scheduled_at TEXT NOT NULL, timezone TEXT NOT NULL, max_concurrent INTEGER NOT NULL,
    status TEXT NOT NULL, status_reason TEXT, campaign_id TEXT, created_at TEXT, started_at TEXT,
    completed_at TEXT);
CREATE TABLE IF NOT EXISTS firmware_upgrade_results (
    id INTEGER PRIMARY KEY, schedule_id TEXT NOT NULL REFERENCES firmware_upgrade_schedules(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL, device_id TEXT NOT NULL, status TEXT NOT NULL, error_message TEXT,
    started_at TEXT, completed_at TEXT);
CREATE INDEX IF NOT EXISTS firmware_upgrade_results_schedule ON firmware_upgrade_results(schedule_id);
"""


def seed_database(path: str, token: str, tenant: str, schedule_file: Optional[str]) -> None:
    """Creates the tables and writes the token's hash and the schedule with its results."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.execute(
        "INSERT OR REPLACE INTO api_tokens VALUES (?, ?, ?, 0)",
        (hashlib.sha256(token.encode()).hexdigest(), tenant, "isp.cpe.*"),
    )
    if schedule_file:
        with open(schedule_file, encoding="utf-8") as f:
            response = json.load(f)
        s = response["schedule"]
        db.execute(
            "INSERT OR REPLACE INTO firmware_upgrade_schedules VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                s["schedule_id"], tenant, s["name"], s.get("description"), s["firmware_file"], s["file_type"],
                json.dumps(s["device_filter"]), s["scheduled_at"], s["timezone"], s["max_concurrent"],
                s["status"], s.get("status_reason"), s.get("campaign_id"), s.get("created_at"),
                s.get("started_at"), s.get("completed_at"),
            ),
        )
        db.execute("DELETE FROM firmware_upgrade_results WHERE schedule_id = ?", (s["schedule_id"],))
        db.executemany(
            "INSERT INTO firmware_upgrade_results (schedule_id, tenant_id, device_id, status, error_message, "
            "started_at, completed_at) VALUES (?,?,?,?,?,?,?)",
            [
                (s["schedule_id"], tenant, r["device_id"], r["status"], r.get("error_message"),
                 r.get("started_at"), r.get("completed_at"))
                for r in response["results"]
            ],
        )
    db.commit()
    db.close()


def nested(document: dict, path: str) -> Optional[str]:
    """`path._value` in a GenieACS device document (nested objects), as text."""
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    if isinstance(node, dict) and "_value" in node:
        value = node["_value"]
        return value if isinstance(value, str) else json.dumps(value)
    return None


def device_info(document: dict) -> DeviceInfo:
    identity = document.get("_deviceId") or {}

    def info(name: str) -> Optional[str]:
        return nested(document, "Device.DeviceInfo." + name) or nested(document, "InternetGatewayDevice.DeviceInfo." + name)

    return DeviceInfo(
        _id=document["_id"],
        manufacturer=identity.get("_Manufacturer") or info("Manufacturer"),
        model=info("ModelName") or identity.get("_ProductClass"),
        product_class=identity.get("_ProductClass") or info("ProductClass"),
        oui=identity.get("_OUI") or info("ManufacturerOUI"),
        serial_number=identity.get("_SerialNumber") or info("SerialNumber"),
        hardware_version=info("HardwareVersion"),
        software_version=info("SoftwareVersion"),
        connection_request_url=nested(document, "Device.ManagementServer.ConnectionRequestURL")
        or nested(document, "InternetGatewayDevice.ManagementServer.ConnectionRequestURL"),
        last_inform=document.get("_lastInform"),
        registered=document.get("_registered"),
    )


def make_app(acs: str, db_path: str) -> FastAPI:
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state["db"] = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        state["acs"] = httpx.AsyncClient(base_url=acs, timeout=30.0, limits=httpx.Limits(max_connections=100))
        yield
        await state["acs"].aclose()
        state["db"].close()

    app = FastAPI(title="FastAPI peer of ferrule serve", lifespan=lifespan)

    async def tenant(x_api_key: Optional[str] = Header(default=None)) -> str:
        if not x_api_key:
            raise HTTPException(status_code=401, detail="Not authenticated")
        digest = hashlib.sha256(x_api_key.encode()).hexdigest()
        row = state["db"].execute(
            "SELECT key_hash, tenant_id, permissions, revoked FROM api_tokens WHERE key_hash = ?", (digest,)
        ).fetchone()
        if row is None or not hmac.compare_digest(row[0], digest) or row[3]:
            raise HTTPException(status_code=401, detail="Not authenticated")
        if not any(p in ("*", "isp.*", "isp.cpe.*", "isp.cpe.read") for p in row[2].split(",")):
            raise HTTPException(status_code=403, detail="Permission denied")
        return row[1]

    @app.get("/api/v1/genieacs/devices", response_model=DeviceListResponse, response_model_by_alias=True)
    async def list_devices(
        skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000), tenant_id: str = Depends(tenant)
    ) -> DeviceListResponse:
        response = await state["acs"].get(
            "/devices/",
            params={"projection": PROJECTION, "sort": '{"_id":1}', "skip": skip, "limit": limit},
        )
        if response.status_code != 200:
            raise HTTPException(status_code=502, detail=f"GenieACS answered {response.status_code}")
        devices = [device_info(d) for d in response.json()]
        total = int(response.headers.get("total", skip + len(devices)))
        return DeviceListResponse(devices=devices, total=total, skip=skip, limit=limit)

    @app.get(
        "/api/v1/genieacs/firmware-upgrades/schedules/{schedule_id}",
        response_model=FirmwareUpgradeScheduleResponse,
        response_model_exclude_none=False,
    )
    async def get_schedule(schedule_id: str, tenant_id: str = Depends(tenant)) -> FirmwareUpgradeScheduleResponse:
        db = state["db"]
        row = db.execute(
            "SELECT id, name, description, firmware_file, file_type, device_filter, scheduled_at, timezone, "
            "max_concurrent, status, status_reason, campaign_id, created_at, started_at, completed_at "
            "FROM firmware_upgrade_schedules WHERE id = ? AND tenant_id = ?",
            (schedule_id, tenant_id),
        ).fetchone()
        if row is None:
            raise HTTPException(status_code=404, detail=f"Firmware upgrade schedule {schedule_id} not found")
        results = [
            FirmwareUpgradeResult(
                device_id=r[0], status=r[1], error_message=r[2], started_at=r[3], completed_at=r[4]
            )
            for r in db.execute(
                "SELECT device_id, status, error_message, started_at, completed_at FROM firmware_upgrade_results "
                "WHERE schedule_id = ? ORDER BY id LIMIT ?",
                (schedule_id, RESULT_LIMIT),
            )
        ]
        schedule = FirmwareUpgradeSchedule(
            schedule_id=row[0], name=row[1], description=row[2], firmware_file=row[3], file_type=row[4],
            device_filter=json.loads(row[5]), scheduled_at=row[6], timezone=row[7], max_concurrent=row[8],
            status=row[9], status_reason=row[10], campaign_id=row[11], created_at=row[12], started_at=row[13],
            completed_at=row[14],
        )
        statuses = [r.status for r in results]
        return FirmwareUpgradeScheduleResponse(
            schedule=schedule,
            total_devices=len(results),
            completed_devices=statuses.count("success"),
            failed_devices=statuses.count("failed"),
            pending_devices=statuses.count("pending") + statuses.count("in_progress"),
            skipped_devices=statuses.count("skipped"),
            results=results,
        )

    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--acs", required=True, help="GenieACS NBI base URL")
    parser.add_argument("--db", required=True, help="SQLite file (created)")
    parser.add_argument("--token", required=True, help="the API key clients send as X-API-Key")
    parser.add_argument("--tenant", default="default")
    parser.add_argument("--schedule", help="a FirmwareUpgradeScheduleResponse JSON file to store")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log", help="access log file (default: standard error)")
    args = parser.parse_args()
    if args.workers < 1 or args.workers > 64:
        parser.error("--workers must be 1…64")

    seed_database(args.db, args.token, args.tenant, args.schedule)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(2048)
    listener.set_inheritable(True)
    print(f"listening on http://127.0.0.1:{listener.getsockname()[1]}", flush=True)
    if args.log:
        log = open(args.log, "a", buffering=1, encoding="utf-8")
        os.dup2(log.fileno(), 2)

    def serve() -> None:
        # The listening socket is handed over as a socket, not as `fd=`: uvicorn wraps an fd as
        # AF_UNIX (`socket.fromfd(fd, AF_UNIX, …)` in uvicorn/server.py), so uvloop served every
        # connection as a Unix stream without TCP_NODELAY, and each answer's body, written after
        # its headers, waited for the client's delayed ACK (~40 ms per request and connection).
        config = uvicorn.Config(
            make_app(args.acs, args.db), loop="uvloop", http="httptools", log_level="info", access_log=True
        )
        uvicorn.Server(config).run(sockets=[listener])

    if args.workers == 1:
        serve()
        return 0
    children = []
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
            serve()
            os._exit(0)
        children.append(pid)

    def stop(signum: int, _frame: Any) -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    for child in children:
        while True:
            try:
                _, code = os.waitpid(child, 0)
                status |= 1 if code else 0
                break
            except InterruptedError:
                continue
    logging.shutdown()
    return status


if __name__ == "__main__":
    sys.exit(main())
