#!/usr/bin/env python3
"""The whole-process peer of `ferrule cwmp parse --format json`: lxml in one pass (iterparse) with
per-parameter extraction and json, the way a Python script turns CWMP captures into JSON.

Usage:
    python3 Tools/bench-python-cwmp-cli.py FILE_OR_DIR... > out.json

For every .xml file (directories are listed, sorted), in order: iterparse the bytes once, collect
for each ParameterValueStruct (name, value, xsi:type) and each ParameterInfoStruct (name,
writable), clearing elements as it goes, and write one pretty JSON object
{"file", "method", "parameters": [...]} as an element of one JSON array on standard output, file
by file (streamed, as Ferrule does). Needs lxml (Tools/bench-all.sh installs it in .venv-bench).
"""

import io
import json
import os
import sys

from lxml import etree

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def files(arguments):
    for argument in arguments:
        if os.path.isdir(argument):
            for name in sorted(os.listdir(argument)):
                if name.endswith(".xml"):
                    yield os.path.join(argument, name)
        else:
            yield argument


def parse(path):
    with open(path, "rb") as f:
        data = f.read()
    method = None
    parameters = []
    for _event, element in etree.iterparse(io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True):
        name = local(element.tag)
        if name == "ParameterValueStruct":
            item = {}
            for child in element:
                key = local(child.tag)
                if key == "Name":
                    item["name"] = child.text or ""
                elif key == "Value":
                    item["value"] = child.text or ""
                    item["type"] = child.get(XSI_TYPE)
            parameters.append(item)
            element.clear()
        elif name == "ParameterInfoStruct":
            item = {}
            for child in element:
                key = local(child.tag)
                if key == "Name":
                    item["name"] = child.text or ""
                elif key == "Writable":
                    item["writable"] = (child.text or "").strip() in ("1", "true")
            parameters.append(item)
            element.clear()
        elif name.endswith("Response") or name in ("Inform", "SetParameterValues"):
            method = name
    return {"file": path, "method": method, "parameters": parameters}


def main():
    out = sys.stdout
    out.write("[")
    for i, path in enumerate(files(sys.argv[1:])):
        text = json.dumps(parse(path), indent=2, sort_keys=True)
        out.write(("," if i else "") + "\n  " + text.replace("\n", "\n  "))
    out.write("\n]\n")


if __name__ == "__main__":
    main()
