"""Scenario files for voltha-standin: which OLTs exist, their PON ports, ONUs, vendors and timing.

A scenario is YAML or JSON (YAML is a superset). Every key is optional; `load()` validates the whole
file, rejects unknown keys and out-of-range values with a message naming the key, and enforces the
caps below so that a scenario can never make the stand-in unbounded.
"""

import json
import os
from dataclasses import dataclass, field
from typing import Optional

MAX_SCENARIO_BYTES = 1 << 20
MAX_OLTS = 64
MAX_PON_PORTS = 256  # voltha-lib-go pkg/platform/platform.go:76 MaxPonsPerOlt (8 bits of PON id)
MAX_ONUS_PER_PON = 255  # ONU ids 1..255 fit the 8 bits of platform.go:74 MaxOnusPerPon
MAX_UNIS_PER_ONU = 16
MAX_NNI_PORTS = 16
MAX_TOTAL_ONUS = 100_000
MAX_STEP_MS = 3_600_000

# voltha-openonu-adapter-go internal/pkg/config/config.go:29 (OnuVendorIds): the vendor ids that the
# brcm_openomci_onu adapter claims; a discovered ONU with another vendor id finds no adapter.
ONU_VENDOR_IDS = (
    "OPEN,ALCL,BRCM,TWSH,ALPH,ISKT,SFAA,BBSM,SCOM,ARPX,DACM,ERSN,HWTC,CIGG,ADTN,ARCA,AVMG,LEOX,ZYXE"
).split(",")

OLT_STATES = ("absent", "preprovisioned", "enabled", "disabled")


class ScenarioError(Exception):
    """A scenario file that cannot be used; the message names the file and the key."""


@dataclass
class OnuSpec:
    pon: int
    onu_id: int
    serial: str
    vendor_id: str
    unis: int
    provisioned: bool
    model: str  # the equipment id (OMCI ONU2-G), the ONU_ACTIVATED event's equipment-id
    software_active: str
    software_standby: str
    version: str = "v0.0.1"  # OMCI ONU-G Version: what openonu writes as Device.model
    images_fail: bool = False  # GetOnuImages fails as when the ONU does not answer the OMCI Get
    images_delay_ms: int = 0  # GetOnuImages answers this late, as the adapter's OMCI reads of a slow ONU


@dataclass
class OltSpec:
    index: int
    host_and_port: str
    mac_address: str
    state: str
    serial_number: str
    vendor: str
    model: str
    hardware_version: str
    firmware_version: str
    pon_ports: int
    nni_ports: int
    pon_technology: str
    onus: list = field(default_factory=list)


@dataclass
class Scenario:
    seed: int = 0
    ready: bool = True
    core_version: str = "3.7.13"
    post_2_14_rpcs: bool = True
    timing_mode: str = "time"  # "time": steps every step_ms; "reads": each later RPC reveals one step
    step_ms: int = 200
    rediscover_deleted_onus: bool = True
    olts: list = field(default_factory=list)

    def olt_for(self, host_and_port: str, mac_address: str) -> Optional[OltSpec]:
        for olt in self.olts:
            if host_and_port and olt.host_and_port == host_and_port:
                return olt
            if mac_address and olt.mac_address.lower() == mac_address.lower():
                return olt
        return None


DEFAULT_SCENARIO = {
    "olts": [
        {
            # What BBSim reports for its first OLT (GetDeviceInfo: vendor BBSim, model asfvolt16).
            "host_and_port": "10.0.0.5:9191",
            "state": "enabled",
            "serial_number": "BBSIM_OLT_0",
            "vendor": "BBSim",
            "model": "asfvolt16",
            "pon_ports": 2,
            "onus_per_pon": 4,
            "vendors": [["BBSM"], ["ALCL", "HWTC"]],
            "provisioned": "first-per-pon",
        },
        {
            # Reachable but not yet created in VOLTHA: CreateDevice with this address, then enable it.
            "host_and_port": "10.0.0.6:9191",
            "state": "absent",
            "serial_number": "EC1721000216",
            "vendor": "EdgeCore",
            "model": "ASGvOLT64",
            "pon_ports": 1,
            "onus_per_pon": 2,
            "vendors": ["HWTC"],
        },
    ]
}

_TOP_KEYS = {"seed", "core", "timing", "rediscover_deleted_onus", "olts"}
_CORE_KEYS = {"ready", "version", "post_2_14_rpcs"}
_TIMING_KEYS = {"mode", "step_ms"}
_OLT_KEYS = {
    "host_and_port", "mac_address", "state", "serial_number", "vendor", "model", "hardware_version",
    "firmware_version", "pon_ports", "nni_ports", "onus_per_pon", "unis_per_onu", "vendors",
    "provisioned", "pon_technology", "onus",
}
_ONU_KEYS = {
    "pon", "onu_id", "serial", "unis", "provisioned", "model", "software_active", "software_standby", "version",
    "images_fail", "images_delay_ms",
}

# Equipment id (ONU2-G), active and standby software image versions (the two software image MEs)
# and ONU-G version by vendor, as ONUs of those vendors report them over OMCI (illustrative values).
_VENDOR_MODELS = {
    "BBSM": ("BBSM_IMG_00001", "BBSM_IMG_00001", "BBSM_IMG_00002", "v0.0.1"),
    "ALCL": ("3FE49337AAAA01", "3FE49337AOCK80", "3FE49337AOCK75", "3FE49337AAAA"),
    "HWTC": ("HG8245H5", "V5R019C00S050", "V5R019C00S040", "10C7.A"),
    "ZYXE": ("PMG3000-D20B", "V2.50(ABVJ.0)b3", "V2.50(ABVJ.0)b1", "V1.0"),
}


def _fail(where: str, message: str) -> ScenarioError:
    return ScenarioError(f"{where}: {message}")


def _check_keys(where: str, obj, allowed: set):
    if not isinstance(obj, dict):
        raise _fail(where, f"expected a mapping, got {type(obj).__name__}")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise _fail(where, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")


def _int(where: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"expected an integer, got {value!r}"[:200])
    if value < low or value > high:
        raise _fail(where, f"{value} is out of range {low}..{high}")
    return value


def _bool(where: str, value) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, f"expected true or false, got {value!r}"[:200])
    return value


def _str(where: str, value, max_len: int = 128) -> str:
    if not isinstance(value, str) or not value or len(value) > max_len or not value.isprintable():
        raise _fail(where, f"expected a printable string of 1..{max_len} characters")
    return value


def _serial(where: str, value) -> str:
    serial = _str(where, value, 16)
    if len(serial) < 5 or not serial[:4].isalpha():
        raise _fail(where, f"'{serial}' is not an ONU serial (4-letter vendor id + vendor-specific part)")
    return serial


def _generated_serial(vendor: str, olt_index: int, pon: int, onu_id: int, ordinal: int) -> str:
    if vendor == "BBSM":
        # BBSim's NewSN (opencord/bbsim internal/bbsim/devices/onu.go): vendor-specific bytes
        # {0, olt id % 256, PON, ONU id}; ONU 1 on PON 0 of the first OLT is BBSM00000001.
        return "BBSM00%02x%02x%02x" % (olt_index % 256, pon & 0xFF, onu_id & 0xFF)
    # openolt prints the 4 vendor-specific bytes as lowercase hex
    # (voltha-openolt-adapter internal/pkg/core/device_handler.go:2239 stringifySerialNumber).
    # An odd multiplier is a bijection on 32 bits: serials look random and never collide.
    return vendor + "%08x" % ((ordinal * 2654435761 + 0x5EED) & 0xFFFFFFFF)


def _parse_olt(where: str, raw: dict, index: int, ordinal_start: int) -> OltSpec:
    _check_keys(where, raw, _OLT_KEYS)
    host = _str(f"{where}.host_and_port", raw.get("host_and_port", f"10.0.0.{5 + index}:9191"))
    mac = raw.get("mac_address", "0a:0a:0a:0a:%02x:00" % (index & 0xFF))
    mac = _str(f"{where}.mac_address", mac, 17)
    parts = mac.split(":")
    if len(parts) != 6 or not all(len(p) == 2 and all(c in "0123456789abcdefABCDEF" for c in p) for p in parts):
        raise _fail(f"{where}.mac_address", f"'{mac}' is not a MAC address like 0a:0a:0a:0a:0a:00")
    state = raw.get("state", "enabled")
    if state not in OLT_STATES:
        raise _fail(f"{where}.state", f"'{state}' is not one of {', '.join(OLT_STATES)}")
    pon_ports = _int(f"{where}.pon_ports", raw.get("pon_ports", 1), 1, MAX_PON_PORTS)
    nni_ports = _int(f"{where}.nni_ports", raw.get("nni_ports", 1), 1, MAX_NNI_PORTS)
    tech = raw.get("pon_technology", "XGS-PON")
    if tech not in ("GPON", "XGS-PON", "XG-PON", "NG-PON2"):
        raise _fail(f"{where}.pon_technology", f"'{tech}' is not GPON, XGS-PON, XG-PON or NG-PON2")
    spec = OltSpec(
        index=index,
        host_and_port=host,
        mac_address=mac.lower(),
        state=state,
        serial_number=_str(f"{where}.serial_number", raw.get("serial_number", f"BBSIM_OLT_{index}"), 32),
        vendor=_str(f"{where}.vendor", raw.get("vendor", "BBSim")),
        model=_str(f"{where}.model", raw.get("model", "asfvolt16")),
        hardware_version=_str(f"{where}.hardware_version", raw.get("hardware_version", "emulated")),
        firmware_version=_str(f"{where}.firmware_version", raw.get("firmware_version", "3.7.2")),
        pon_ports=pon_ports,
        nni_ports=nni_ports,
        pon_technology=tech,
    )
    unis_default = _int(f"{where}.unis_per_onu", raw.get("unis_per_onu", 1), 1, MAX_UNIS_PER_ONU)
    provisioned = raw.get("provisioned", False)
    if not (isinstance(provisioned, bool) or provisioned == "first-per-pon" or isinstance(provisioned, list)):
        raise _fail(f"{where}.provisioned", "expected true, false, \"first-per-pon\" or a list of serials")
    if "onus" in raw:
        if "onus_per_pon" in raw or "vendors" in raw:
            raise _fail(f"{where}.onus", "give either onus or onus_per_pon/vendors, not both")
        if not isinstance(raw["onus"], list) or len(raw["onus"]) > MAX_ONUS_PER_PON * pon_ports:
            raise _fail(f"{where}.onus", f"expected a list of at most {MAX_ONUS_PER_PON * pon_ports} ONUs")
        used = {}
        for i, onu in enumerate(raw["onus"]):
            w = f"{where}.onus[{i}]"
            _check_keys(w, onu, _ONU_KEYS)
            if "pon" not in onu or "serial" not in onu:
                raise _fail(w, "pon and serial are required")
            pon = _int(f"{w}.pon", onu["pon"], 0, pon_ports - 1)
            serial = _serial(f"{w}.serial", onu["serial"])
            next_id = max([k[1] for k in used if k[0] == pon], default=0) + 1
            onu_id = _int(f"{w}.onu_id", onu.get("onu_id", next_id), 1, MAX_ONUS_PER_PON)
            if (pon, onu_id) in used:
                raise _fail(f"{w}.onu_id", f"ONU id {onu_id} is already used on PON {pon} by {used[(pon, onu_id)]}")
            used[(pon, onu_id)] = serial
            spec.onus.append(_onu(serial, pon, onu_id, onu.get("unis", unis_default), w, onu, provisioned))
    else:
        per_pon = _int(f"{where}.onus_per_pon", raw.get("onus_per_pon", 4), 0, MAX_ONUS_PER_PON)
        vendors = raw.get("vendors", ["BBSM"])
        if not isinstance(vendors, list) or not vendors:
            raise _fail(f"{where}.vendors", "expected a list of vendor ids, or a list of lists (one per PON)")
        per_pon_vendors = vendors if all(isinstance(v, list) for v in vendors) else [vendors]
        for j, group in enumerate(per_pon_vendors):
            if not group:
                raise _fail(f"{where}.vendors[{j}]", "empty vendor list")
            for v in group:
                if not (isinstance(v, str) and len(v) == 4 and v.isalpha() and v.isupper()):
                    raise _fail(f"{where}.vendors[{j}]", f"{v!r} is not a 4-letter vendor id like BBSM")
        ordinal = ordinal_start
        for pon in range(pon_ports):
            group = per_pon_vendors[pon % len(per_pon_vendors)]
            for onu_id in range(1, per_pon + 1):
                vendor = group[(onu_id - 1) % len(group)]
                serial = _generated_serial(vendor, index, pon, onu_id, ordinal)
                ordinal += 1
                first = onu_id == 1
                spec.onus.append(_onu(serial, pon, onu_id, unis_default, where, {}, provisioned, first))
    return spec


def _onu(serial, pon, onu_id, unis, where, raw, provisioned, first_on_pon=False) -> OnuSpec:
    unis = _int(f"{where}.unis", unis, 1, MAX_UNIS_PER_ONU)
    if "provisioned" in raw:
        is_provisioned = _bool(f"{where}.provisioned", raw["provisioned"])
    elif isinstance(provisioned, list):
        is_provisioned = serial in provisioned
    elif provisioned == "first-per-pon":
        is_provisioned = first_on_pon
    else:
        is_provisioned = bool(provisioned)
    vendor = serial[:4]
    model, active, standby, version = _VENDOR_MODELS.get(vendor, (f"{vendor}-ONU", "V1.0.0", "V0.9.0", "v1.0"))
    return OnuSpec(
        pon=pon,
        onu_id=onu_id,
        serial=serial,
        vendor_id=vendor,
        unis=unis,
        provisioned=is_provisioned,
        model=_str(f"{where}.model", raw.get("model", model)),
        software_active=_str(f"{where}.software_active", raw.get("software_active", active)),
        software_standby=_str(f"{where}.software_standby", raw.get("software_standby", standby)),
        version=_str(f"{where}.version", raw.get("version", version)),
        images_fail=_bool(f"{where}.images_fail", raw.get("images_fail", False)),
        images_delay_ms=_int(f"{where}.images_delay_ms", raw.get("images_delay_ms", 0), 0, 600_000),
    )


def parse(raw, where: str = "scenario") -> Scenario:
    """Validates a decoded scenario document and returns the Scenario it describes."""
    if raw is None:
        raw = {}
    _check_keys(where, raw, _TOP_KEYS)
    sc = Scenario()
    sc.seed = _int(f"{where}.seed", raw.get("seed", 0), 0, 2**63)
    core = raw.get("core", {})
    _check_keys(f"{where}.core", core, _CORE_KEYS)
    sc.ready = _bool(f"{where}.core.ready", core.get("ready", True))
    sc.core_version = _str(f"{where}.core.version", core.get("version", sc.core_version), 64)
    sc.post_2_14_rpcs = _bool(f"{where}.core.post_2_14_rpcs", core.get("post_2_14_rpcs", True))
    timing = raw.get("timing", {})
    _check_keys(f"{where}.timing", timing, _TIMING_KEYS)
    sc.timing_mode = timing.get("mode", "time")
    if sc.timing_mode not in ("time", "reads"):
        raise _fail(f"{where}.timing.mode", f"'{sc.timing_mode}' is not 'time' or 'reads'")
    sc.step_ms = _int(f"{where}.timing.step_ms", timing.get("step_ms", 200), 0, MAX_STEP_MS)
    sc.rediscover_deleted_onus = _bool(
        f"{where}.rediscover_deleted_onus", raw.get("rediscover_deleted_onus", True)
    )
    olts = raw.get("olts", DEFAULT_SCENARIO["olts"])
    if not isinstance(olts, list) or len(olts) > MAX_OLTS:
        raise _fail(f"{where}.olts", f"expected a list of at most {MAX_OLTS} OLTs")
    total = 0
    serials = {}
    addresses = {}
    for i, raw_olt in enumerate(olts):
        olt = _parse_olt(f"{where}.olts[{i}]", raw_olt, i, total)
        for key in (olt.host_and_port, olt.mac_address):
            if key in addresses:
                raise _fail(f"{where}.olts[{i}]", f"address {key} is also used by olts[{addresses[key]}]")
            addresses[key] = i
        total += len(olt.onus)
        if total > MAX_TOTAL_ONUS:
            raise _fail(f"{where}.olts[{i}]", f"more than {MAX_TOTAL_ONUS} ONUs in the scenario")
        for onu in olt.onus:
            if onu.serial in serials:
                raise _fail(f"{where}.olts[{i}]", f"ONU serial {onu.serial} appears twice (also {serials[onu.serial]})")
            serials[onu.serial] = f"olts[{i}] PON {onu.pon}"
        sc.olts.append(olt)
    return sc


def load(path: Optional[str]) -> Scenario:
    """Reads and validates a scenario file (YAML or JSON); None gives the default scenario."""
    if path is None:
        return parse({})
    try:
        size = os.path.getsize(path)
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioError(f"{path}: {size} bytes is larger than the {MAX_SCENARIO_BYTES}-byte limit")
        with open(path, "rb") as f:
            text = f.read(MAX_SCENARIO_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioError(f"{path}: cannot read scenario: {e}") from None
    try:
        if path.endswith(".json"):
            raw = json.loads(text)
        else:
            import yaml  # PyYAML, from Tools/requirements-tools.txt

            raw = yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001 - any parser error is reported the same way
        raise ScenarioError(f"{path}: not valid YAML/JSON: {str(e)[:300]}") from None
    return parse(raw, path)
