"""The ONOS olt app's subscriber state for onos-standin (opencord/olt impl/.../Olt.java)."""

import json
import threading

from sadis import encode_uni_tag

MAX_CALLS = 10_000


class State:
    def __init__(self, topology, sadis, users):
        self.lock = threading.Lock()
        self.topology = topology
        self.sadis = sadis
        self.users = users  # set of (user, password)
        self.calls = []
        self.programmed = {}  # (device id, port, service json) -> (device, port, tagInfo)
        # PUT /_standin/faults: failures to inject, e.g. {"add_service": "program-then-500"}
        self.faults = {}

    def record(self, call):
        with self.lock:
            self.calls.append(call)
            if len(self.calls) > MAX_CALLS:
                del self.calls[: len(self.calls) - MAX_CALLS]

    # --- olt app (opencord/olt impl/src/main/java/org/opencord/olt/impl/Olt.java) ----------------

    def provision(self, device_id, port, only=None):
        """Olt.java:317-355 provisionSubscriber(cp) / 403-440 provisionSubscriber(cp, cTag, sTag, tpId).

        Returns False where ONOS logs and returns false (NNI port, already provisioned, no SADIS entry).
        """
        if port is None or port.get("nni"):
            return False
        entry = self.sadis.get("sadis", port["name"])
        if entry is None:
            return False
        services = [encode_uni_tag(u) for u in entry.get("uniTagList", []) if isinstance(u, dict)]
        if only is not None:
            services = [s for s in services if (s["ponCTag"], s["ponSTag"], s["technologyProfileId"]) == only]
            if not services:
                return False  # Olt.java:641-654 getUniTagInformation found no such service
        with self.lock:
            keys = [(device_id, port["port"], json.dumps(s, sort_keys=True)) for s in services]
            if only is None and any(k[:2] == (device_id, port["port"]) for k in self.programmed):
                return False  # Olt.java:330-333 already provisioned
            if only is not None and keys[0] in self.programmed:
                return False  # Olt.java:428-431
            for k, s in zip(keys, services):
                self.programmed[k] = (device_id, port["port"], s)
        self.topology.push_flows(device_id, port["port"], services, add=True)
        return True

    def remove(self, device_id, port, only=None):
        """Olt.java:358-400 removeSubscriber(cp) / 442-480 removeSubscriber(cp, cTag, sTag, tpId).

        With tags, as ONOS: the service is looked up in SADIS first (Olt.java:455-461,
        getUniTagInformation :625-657 matches c-tag, s-tag and tp id, OltUtils.java:74-85), then
        removed only when that very service is programmed (:470-474). No SADIS entry, no such service
        in it, or not programmed: False (204), nothing removed.
        """
        if port is None or port.get("nni"):
            return False
        if only is not None:
            entry = self.sadis.get("sadis", port["name"])
            services = [encode_uni_tag(u) for u in (entry or {}).get("uniTagList", []) if isinstance(u, dict)]
            match = [s for s in services if (s["ponCTag"], s["ponSTag"], s["technologyProfileId"]) == only]
            if not match:
                return False
            key = (device_id, port["port"], json.dumps(match[0], sort_keys=True))
            with self.lock:
                if key not in self.programmed:
                    return False
                services = [self.programmed.pop(key)[2]]
        else:
            with self.lock:
                keys = [k for k in self.programmed if k[:2] == (device_id, port["port"])]
                if not keys:
                    return False
                services = [self.programmed.pop(k)[2] for k in keys]
        self.topology.push_flows(device_id, port["port"], services, add=False)
        return True

    def programmed_entries(self, device_id=None, port=None):
        # opencord/olt web/src/main/java/org/opencord/olt/rest/OltWebResource.java:287-318
        with self.lock:
            values = list(self.programmed.values())
        out = []
        for dev, p, tag in values:
            if device_id and dev != device_id:
                continue
            if port is not None and p != port:
                continue
            out.append({"location": f"{dev}/{p}", "tagInfo": tag})
        return {"entries": out}
