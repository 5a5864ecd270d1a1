#!/usr/bin/env python3
"""onos-standin: the ONOS olt app and SADIS REST APIs as ONOS answers them, for tests.

    .venv-tools/bin/python Tools/onos-standin/onos_standin.py --port 0 [--voltha HOST:PORT]
        [--sadis-url URL] [--bp-url URL] [--topology FILE]

Binds 127.0.0.1 only; the first stdout line is `listening on http://127.0.0.1:PORT`. Every request
is recorded and can be read back at GET /_standin/calls. See README.md for the behaviour reproduced
and its upstream sources (opencord/olt, opencord/sadis).
"""

import argparse
import base64
import json
import os
import re
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from olt_app import State  # noqa: E402
from sadis import Sadis, encode_uni_tag  # noqa: E402
from topology import Topology, validate_topology  # noqa: E402

MAX_BODY = 1 << 20
SADIS_APP = "org.opencord.sadis"


def _vlan(text):
    # org.onlab.packet.VlanId.vlanId(String): a number 0..4095 (or "None"/"Any"); anything else throws
    if text == "None":
        return -1
    if text == "Any":
        return 4096
    value = int(text)  # ValueError -> uncaught -> 500
    if value < 0 or value > 4095:
        raise ValueError(f"{value} is not a valid VLAN id")
    return value


class Handler(BaseHTTPRequestHandler):
    server_version = "Jetty(9.4.51)"
    protocol_version = "HTTP/1.1"
    state: State = None  # set by make_server

    def log_message(self, fmt, *args):  # quiet: the calls log is the record
        pass

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    # ----- plumbing ------------------------------------------------------------------------------

    def _dispatch(self, method):
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(400, "bad Content-Length", "text/plain")
            self.close_connection = True
            return
        if length > MAX_BODY:
            self._send(413, f"request body larger than {MAX_BODY} bytes", "text/plain")
            self.close_connection = True
            return
        body = self.rfile.read(length) if length > 0 else b""
        user = self._user()
        status, payload, ctype = self._route(method, path, body, user)
        if not path.startswith("/_standin/"):
            self.state.record({
                "method": method, "path": path, "query": url.query, "body": body.decode("utf-8", "replace")[:65536],
                "user": user[0] if user else None, "status": status,
            })
        if status == "drop":  # injected: the connection closes after the request, without an answer
            self.close_connection = True
            return
        if status == "hang":  # injected: no answer until the client gives up (at most 60 s)
            self.close_connection = True
            self.connection.settimeout(60)
            try:
                self.rfile.read(1)
            except OSError:
                pass
            return
        self._send(status, payload, ctype)

    def _user(self):
        header = self.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return (user, password)

    def _send(self, status, payload, ctype="application/json"):
        if isinstance(payload, (dict, list)):
            data = json.dumps(payload).encode()
        elif payload is None:
            data = b""
        else:
            data = str(payload).encode()
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'basic realm="karaf"')
        if data or status not in (204,):
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _authorized(self, user):
        return user is not None and user in self.state.users

    # ----- routes --------------------------------------------------------------------------------

    def _route(self, method, path, body, user):
        if path.startswith("/_standin/"):
            return self._standin(method, path, body)
        if path.startswith("/onos/olt/oltapp/"):
            # The olt app's web.xml declares no security constraint: no authentication is asked.
            return self._olt(method, path[len("/onos/olt/oltapp/"):])
        if path.startswith("/onos/sadis/") or path.startswith("/onos/v1/"):
            if not self._authorized(user):
                return 401, "Unauthorized", "text/plain"
            if path.startswith("/onos/sadis/"):
                return self._sadis(method, path[len("/onos/sadis/"):])
            return self._netcfg(method, path[len("/onos/v1/"):], body)
        return 404, {"code": 404, "message": "HTTP 404 Not Found"}, "application/json"

    def _olt(self, method, rest):
        st = self.state
        parts = rest.split("/")
        if parts == ["status"] and method == "GET":
            return 200, None, "application/json"  # OltWebResource.java:61-66
        if parts[0] == "programmed-subscribers" and method == "GET" and len(parts) <= 3:
            fault = st.faults.get("programmed_subscribers")
            if fault in ("drop", "hang"):
                return fault, None, None
            if fault == "500":
                return 500, None, "text/plain"
            device = parts[1] if len(parts) > 1 else None
            port = None
            if len(parts) > 2:
                if not parts[2].isdigit():
                    return 500, None, "text/plain"  # PortNumber.portNumber(String) throws
                port = int(parts[2])
            return 200, st.programmed_entries(device, port), "application/json"  # OltWebResource.java:251-318
        if parts[0] == "services" and len(parts) in (2, 5) and method in ("POST", "DELETE"):
            name = parts[1]
            only = None
            if len(parts) == 5:
                try:
                    s_tag, c_tag, tp = _vlan(parts[2]), _vlan(parts[3]), int(parts[4])
                except ValueError:
                    return 500, None, "text/plain"  # uncaught NumberFormatException (no exception mapper)
                only = (c_tag, s_tag, tp)
            device, port = st.topology.find_by_name(name)
            if port is None:
                # OltWebResource.java:133-140, 160-165, 196-201, 233-238
                return 500, f"ConnectPoint not found for {name}", "application/json"
            fault = st.faults.get("add_service") if method == "POST" and only is not None else None
            if fault in ("500", "drop", "hang"):  # injected: refused (or lost) before anything is programmed
                return (500, None, "text/plain") if fault == "500" else (fault, None, None)
            if method == "POST":
                done = st.provision(device, port, only)
                if fault and fault.startswith("program-then-"):  # injected: programmed, but the answer is lost
                    answer = fault[len("program-then-"):]
                    return (500, "java.lang.NullPointerException", "text/plain") if answer == "500" else (answer, None, None)
                if only is None:
                    # Olt.java:317-355: the request is queued; ONOS answers 200 whatever happens next
                    return 200, "", "application/json"
            else:
                done = st.remove(device, port, only)
                if only is None:
                    return 200, "", "application/json"  # Olt.java:358-400 also always true
            return (200, "", "application/json") if done else (204, None, "application/json")
        if len(parts) == 2 and method in ("POST", "DELETE") and parts[0] not in ("services", "programmed-subscribers"):
            device, port_text = parts
            if not re.fullmatch(r"-?\d{1,19}", port_text):
                return 404, None, "text/plain"  # Jersey: a @PathParam long that does not parse -> 404
            port = st.topology.find(device, int(port_text))
            if method == "POST":
                # OltWebResource.java:74-92: provisionSubscriber(cp) is asynchronous -> 200 ""
                st.provision(device, port)
                return 200, "", "application/json"
            st.remove(device, port)
            return 204, None, "application/json"  # OltWebResource.java:101-117
        known = parts[0] in ("status", "programmed-subscribers", "services") or len(parts) == 2
        return (405 if known else 404), None, "text/plain"

    def _sadis(self, method, rest):
        # opencord/sadis app/src/main/java/org/opencord/sadis/rest/SadisWebResource.java
        parts = rest.split("/")
        kinds = {"subscriber": ("sadis", "Subscriber not found"),
                 "bandwidthprofile": ("bandwidthprofile", "Bandwidth Profile not found")}
        if method == "GET" and len(parts) == 2 and parts[0] in kinds:
            key, missing = kinds[parts[0]]
            entry = self.state.sadis.get(key, parts[1])
            if entry is None:
                return 404, {"code": 404, "message": missing}, "application/json"  # :61-63, :131-133
            if key == "sadis" and isinstance(entry.get("uniTagList"), list):
                entry = dict(entry, uniTagList=[encode_uni_tag(u) for u in entry["uniTagList"] if isinstance(u, dict)])
            return 200, {"entry": [entry]}, "application/json"  # :64-65
        if method == "DELETE" and len(parts) >= 2 and parts[0] == "cache" and parts[1] in kinds:
            return 204, None, "application/json"  # :98-120, :153-170 (the stand-in keeps no cache)
        return 404, {"code": 404, "message": "HTTP 404 Not Found"}, "application/json"

    def _netcfg(self, method, rest, body):
        # ONOS network configuration: /onos/v1/network/configuration[/apps/<app>[/<key>]]
        st = self.state
        parts = [p for p in rest.split("/") if p]
        if parts[:2] != ["network", "configuration"]:
            return 404, {"code": 404, "message": "HTTP 404 Not Found"}, "application/json"
        sub = parts[2:]
        if sub and (sub[0] != "apps" or len(sub) < 2 or sub[1] != SADIS_APP or len(sub) > 3):
            # Only the SADIS app's configuration is kept; other uploads are accepted and ignored.
            if method == "POST" and len(sub) <= 3:
                return 200, None, "application/json"
            return 404, {"code": 404, "message": f"Config for '{'/'.join(sub)}' not found"}, "application/json"
        if method == "GET":
            # NetworkConfigWebResource download(): 404 "Config for '<class>/<subject>[/<key>]' not found"
            if len(sub) == 3 and sub[2] not in st.sadis.config:
                return 404, {"code": 404, "message": f"Config for 'apps/{SADIS_APP}/{sub[2]}' not found"}, "application/json"
            if len(sub) == 3:
                return 200, st.sadis.config[sub[2]], "application/json"
            cfg = dict(st.sadis.config)
            if sub and not cfg:
                return 404, {"code": 404, "message": f"Config for 'apps/{SADIS_APP}' not found"}, "application/json"
            return 200, ({"apps": {SADIS_APP: cfg}} if not sub else cfg), "application/json"
        if method == "POST":  # NetworkConfigWebResource upload(): 200 OK
            try:
                doc = json.loads(body or b"{}")
            except ValueError as e:
                return 400, {"code": 400, "message": f"Unable to parse JSON: {str(e)[:200]}"}, "application/json"
            if not isinstance(doc, dict):
                return 400, {"code": 400, "message": "expected a JSON object"}, "application/json"
            if not sub:
                doc = doc.get("apps", {}).get(SADIS_APP, {})
            if len(sub) == 3:
                doc = {sub[2]: doc}
            for key, value in doc.items():
                if key in ("sadis", "bandwidthprofile") and isinstance(value, dict):
                    st.sadis.config[key] = value
            return 200, None, "application/json"
        if method == "DELETE":
            if len(sub) == 3:
                st.sadis.config.pop(sub[2], None)
            else:
                st.sadis.config.clear()
            return 204, None, "application/json"
        return 405, None, "text/plain"

    def _standin(self, method, path, body):
        st = self.state
        if path == "/_standin/calls":
            if method == "GET":
                with st.lock:
                    return 200, {"calls": list(st.calls)}, "application/json"
            if method == "DELETE":
                with st.lock:
                    st.calls.clear()
                return 204, None, "application/json"
        if path == "/_standin/topology" and method in ("GET", "PUT"):
            if method == "PUT":
                try:
                    doc = json.loads(body)
                    validate_topology(doc)
                except ValueError as e:
                    return 400, {"error": str(e)[:300]}, "application/json"
                st.topology.static = doc
                return 204, None, "application/json"
            return 200, {"devices": st.topology.devices()}, "application/json"
        if path == "/_standin/faults" and method in ("PUT", "DELETE"):
            if method == "DELETE":
                st.faults = {}
                return 204, None, "application/json"
            allowed = {"add_service": {"500", "drop", "hang", "program-then-500", "program-then-drop", "program-then-hang"},
                       "programmed_subscribers": {"500", "drop", "hang"}}
            try:
                doc = json.loads(body)
            except ValueError as e:
                return 400, {"error": str(e)[:300]}, "application/json"
            if not isinstance(doc, dict) or any(k not in allowed or v not in allowed[k] for k, v in doc.items()):
                return 400, {"error": f"faults: {json.dumps({k: sorted(v) for k, v in allowed.items()})}"}, "application/json"
            st.faults = doc
            return 204, None, "application/json"
        if path == "/_standin/state" and method == "GET":
            return 200, {"programmed": st.programmed_entries()["entries"], "sadis": st.sadis.config}, "application/json"
        return 404, {"error": "unknown stand-in control path"}, "application/json"


def make_server(port, topology, sadis, users):
    state = State(topology, sadis, users)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server, state


def main(argv=None):
    parser = argparse.ArgumentParser(description="ONOS olt app + SADIS REST stand-in for tests")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--voltha", help="VOLTHA NBI host:port to read OLTs and UNI ports from (as ONOS learns them)")
    parser.add_argument("--sadis-url", help="SADIS subscriber URL with %%s for the id, e.g. http://127.0.0.1:8080/subscribers/%%s")
    parser.add_argument("--bp-url", help="SADIS bandwidth-profile URL with %%s for the id")
    parser.add_argument("--topology", help='JSON file {"devices":[{"id":"of:...","ports":[{"port":N,"name":"..."}]}]}')
    parser.add_argument("--user", help="the only accepted basic-auth user (default: onos/rocks and karaf/karaf)")
    parser.add_argument("--password", help="password for --user")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        print(f"onos-standin: error: --port {args.port} is not 0..65535", file=sys.stderr)
        return 64
    if bool(args.user) != bool(args.password):
        print("onos-standin: error: --user and --password go together", file=sys.stderr)
        return 64
    static = None
    if args.topology:
        try:
            with open(args.topology, "rb") as f:
                static = json.loads(f.read(MAX_BODY + 1))
            validate_topology(static)
        except (OSError, ValueError) as e:
            print(f"onos-standin: error: {args.topology}: {str(e)[:300]}", file=sys.stderr)
            return 65
    for flag, url in (("--sadis-url", args.sadis_url), ("--bp-url", args.bp_url)):
        if url and "%s" not in url:
            print(f"onos-standin: error: {flag} must contain %s where the id goes", file=sys.stderr)
            return 64
    users = {(args.user, args.password)} if args.user else {("onos", "rocks"), ("karaf", "karaf")}
    try:
        server, _ = make_server(args.port, Topology(args.voltha, static), Sadis(args.sadis_url, args.bp_url), users)
    except OSError as e:
        print(f"onos-standin: error: cannot listen on 127.0.0.1:{args.port}: {e}", file=sys.stderr)
        return 69
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    while not stop.wait(0.2):  # a signal may land on another thread: poll, never block for good
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
