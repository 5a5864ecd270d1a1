#!/usr/bin/env python3
"""Time the Python peers of Ferrule's CWMP parser on one payload.

Usage:
    python3 Tools/bench-python-cwmp.py FILE [--seconds N] [--min-iterations K]

Needs lxml and xmltodict (install them in a virtualenv, e.g.
`python3 -m venv .venv-bench && .venv-bench/bin/pip install lxml xmltodict`).

The file is read once; every iteration parses the same bytes from scratch and
extracts, for each ParameterValueStruct (GetParameterValuesResponse, Inform,
SetParameterValues) or ParameterInfoStruct (GetParameterNamesResponse), a tuple
(name, value, type):

  * ParameterValueStruct -> (Name text, Value text, xsi:type attribute)
  * ParameterInfoStruct  -> (Name text, Writable text, None)

Peers:
  lxml+extract  etree.iterparse over the bytes in one pass, taking each struct as
                it closes (children matched by local name: Name, Value, ...),
                the type attribute read by its namespace URI
                ({http://www.w3.org/2001/XMLSchema-instance}type), then clearing it.
  xmltodict     xmltodict.parse(bytes), then walk the dicts to the parameter list
                (keys matched by local name, so any prefix works).

Each peer runs for about N seconds (at least K iterations, default 5). Output is
one JSON object on stdout:

  {"file": ..., "bytes": ..., "results": [
     {"name": "lxml+extract", "medianSeconds": ..., "mbPerSecond": ..., "parameters": ..., "iterations": ...},
     {"name": "xmltodict", ...}]}

MB = 1e6 bytes. The script exits with status 1 if the peers disagree on the
number of parameters (or on the extracted tuples themselves).
"""

import argparse
import io
import json
import os
import statistics
import sys
import time

try:
    from lxml import etree
    import xmltodict
except ImportError as exc:  # pragma: no cover
    sys.stderr.write("bench-python-cwmp.py needs lxml and xmltodict: %s\n" % exc)
    sys.exit(2)

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = "{%s}type" % XSI
STRUCTS = ("ParameterValueStruct", "ParameterInfoStruct")


# --------------------------------------------------------------------------- lxml

def lxml_extract(data):
    # One pass: iterparse hands over each struct as it closes; clearing it (and the siblings already
    # seen) keeps the tree small. No network, no entity expansion, no DTD: the settings Ferrule uses.
    out = []
    append = out.append
    for _event, st in etree.iterparse(io.BytesIO(data), events=("end",), tag=_STRUCT_TAGS,
                                      resolve_entities=False, no_network=True, load_dtd=False):
        if st.tag.endswith("}ParameterValueStruct") or st.tag == "ParameterValueStruct":
            name = value = None
            for child in st:
                key = child.tag.rsplit("}", 1)[-1]
                if key == "Name":
                    name = child
                elif key == "Value":
                    value = child
            append((
                (name.text or "") if name is not None else None,
                (value.text or "") if value is not None else None,
                value.get(XSI_TYPE) if value is not None else None,
            ))
        else:
            name = writable = None
            for child in st:
                key = child.tag.rsplit("}", 1)[-1]
                if key == "Name":
                    name = child
                elif key == "Writable":
                    writable = child
            append((
                (name.text or "") if name is not None else None,
                (writable.text or "") if writable is not None else None,
                None,
            ))
        st.clear()
        while st.getprevious() is not None:
            del st.getparent()[0]
    return out


_STRUCT_TAGS = ("{*}ParameterValueStruct", "{*}ParameterInfoStruct")


# ---------------------------------------------------------------------- xmltodict

def _local(key):
    """'soap-env:Body' -> 'Body'; attribute keys start with '@'."""
    return key.rsplit(":", 1)[-1]


def _child(d, local):
    if not isinstance(d, dict):
        return None
    for k, v in d.items():
        if not k.startswith("@") and not k.startswith("#") and _local(k) == local:
            return v
    return None


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _text(v):
    if v is None:
        return ""
    if isinstance(v, dict):
        return v.get("#text", "") or ""
    return v


def _xsi_type(v, xsi_prefixes):
    if not isinstance(v, dict):
        return None
    for k, a in v.items():
        if k.startswith("@"):
            name = k[1:]
            prefix, _, local = name.rpartition(":")
            if local == "type" and prefix in xsi_prefixes:
                return a
    return None


def _xsi_prefixes(envelope):
    """Prefixes bound to the XSI namespace on the Envelope (xmltodict keeps xmlns as attributes)."""
    found = set()
    if isinstance(envelope, dict):
        for k, v in envelope.items():
            if k.startswith("@xmlns:") and v == XSI:
                found.add(k[len("@xmlns:"):])
    return found or {"xsi"}


def xmltodict_extract(data):
    # strip_whitespace=False: keep Value text byte-exact (e.g. "DE " regulatory domains),
    # exactly like lxml does; whitespace between elements lands in ignored '#text' keys.
    doc = xmltodict.parse(data, strip_whitespace=False)
    # root: the Envelope, whatever its prefix
    (root_key, envelope), = doc.items()
    xsi_prefixes = _xsi_prefixes(envelope)
    body = _child(envelope, "Body")
    out = []
    if not isinstance(body, dict):
        return out
    for k, rpc in body.items():
        if k.startswith("@") or not isinstance(rpc, dict):
            continue
        plist = _child(rpc, "ParameterList")
        if not isinstance(plist, dict):
            continue
        for st in _as_list(_child(plist, "ParameterValueStruct")):
            st = st if isinstance(st, dict) else {}
            name = _child(st, "Name")
            has_value = any(_local(x) == "Value" for x in st if not x.startswith(("@", "#")))
            value = _child(st, "Value")
            out.append((
                _text(name) if name is not None else None,
                _text(value) if has_value else None,
                _xsi_type(value, xsi_prefixes) if has_value else None,
            ))
        for st in _as_list(_child(plist, "ParameterInfoStruct")):
            st = st if isinstance(st, dict) else {}
            name = _child(st, "Name")
            writable = _child(st, "Writable")
            out.append((
                _text(name) if name is not None else None,
                _text(writable) if writable is not None else None,
                None,
            ))
    return out


# -------------------------------------------------------------------------- timing

def run(fn, data, seconds, min_iterations):
    times = []
    result = None
    deadline = time.perf_counter() + seconds
    while len(times) < min_iterations or time.perf_counter() < deadline:
        t0 = time.perf_counter()
        result = fn(data)
        times.append(time.perf_counter() - t0)
    return times, result


def main(argv):
    ap = argparse.ArgumentParser(description="Benchmark lxml and xmltodict on a CWMP payload.")
    ap.add_argument("file")
    ap.add_argument("--seconds", type=float, default=3.0,
                    help="approximate wall time per peer (default 3)")
    ap.add_argument("--min-iterations", type=int, default=5,
                    help="minimum iterations per peer (default 5)")
    args = ap.parse_args(argv)

    with open(args.file, "rb") as f:
        data = f.read()

    peers = [("lxml+extract", lxml_extract), ("xmltodict", xmltodict_extract)]
    results = []
    extracted = {}
    for name, fn in peers:
        try:
            fn(data)  # warm-up (imports, caches); not timed
        except Exception as exc:  # malformed input: report, do not time
            sys.stderr.write("%s cannot parse %s: %s: %s\n" % (name, args.file, type(exc).__name__, exc))
            return 1
        times, out = run(fn, data, args.seconds, args.min_iterations)
        med = statistics.median(times)
        extracted[name] = out
        results.append({
            "name": name,
            "medianSeconds": med,
            "mbPerSecond": (len(data) / 1e6) / med if med > 0 else None,
            "parameters": len(out),
            "iterations": len(times),
        })

    report = {"file": os.path.abspath(args.file), "bytes": len(data), "results": results}
    print(json.dumps(report))

    counts = {r["name"]: r["parameters"] for r in results}
    if len(set(counts.values())) != 1:
        sys.stderr.write("parameter counts differ: %s\n" % counts)
        return 1
    a, b = extracted["lxml+extract"], extracted["xmltodict"]
    if a != b:
        diff = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        sys.stderr.write("extracted tuples differ at index %d: %r vs %r\n" % (diff, a[diff], b[diff]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
