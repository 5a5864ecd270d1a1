#!/usr/bin/env node
// provision-harness.js: runs one GenieACS provision script against a fixed parameter set, the way
// GenieACS v1.2.16's sandbox and session do (lib/sandbox.ts, lib/session.ts, lib/cwmp.ts), and prints
// what it declared.
//
// Plain Node 18+, no packages. Input (stdin), one JSON object:
//   {script, args, parameters: {"<path>": {value, type, writable, object}}, deviceId: {id,
//    serialNumber, oui, productClass, manufacturer}, tags: [..], now: <ms>, timeout: <ms, optional>}
// Without deviceId.id the id is GenieACS's generateDeviceId of the fields (lib/util.ts:3-27).
// Object paths may end in "." (ParameterTree's form). Output (stdout), exit 0:
//   {declarations: [...], logs: [...], clears: [...], declared: [paths]}
// (`declared`: every path any run passed to declare(), refreshes and lookups included, first-seen order)
// where each declaration that sets something is one of
//   {attribute: "value", path, resolved: [paths], value: "<String(v)>", type: "xsd:..."|null}
//   {attribute: "path", path, count, matched: [paths], added: [{path, values: {key: value}}], deleted: [paths]}
//   {attribute: "<other>", path, resolved: [paths], value: <JSON>}      (notification, accessList…)
// `path` is the declared path string as given; `resolved` are the matches at the time of the call.
// On a script error: {error: "<Name>: <message>", line?, logs} on stdout and exit 1.
//
// What matches GenieACS:
// - The script is wrapped as `"use strict";(function(){\n<script>\n})();` (lib/cwmp/local-cache.ts:200) and compiled with
//   vm.Script; it runs in a fresh context whose only extra globals are declare, clear, commit, ext,
//   log, args, Date and a seeded Math.random. A top-level `return` is legal.
// - Runs repeat like a session's revisions: reading a getter (path, size, value, iteration…) after a
//   declare() commits, which aborts the run; the script then starts again from the top with one
//   more revision allowed, until a run completes. Values (and tags) set by declarations are applied
//   to the data of the next revision. A declare() inside try/catch therefore fails with GenieACS's
//   "Declare function should not be called from within a try/catch block". A log() is kept from the
//   run in which its revision is final (lib/sandbox.ts:287-303), once per preset cycle: after a cycle
//   that changed the device (a differing SetParameterValues, a tag, instances) the script runs again
//   and logs again, as GenieACS re-applies presets (lib/cwmp.ts:398-607); a 5th cycle is preset_loop.
// - Path syntax (lib/common/path.ts): literal, `*`, `[Key:Value,…]` alias filters (keys are
//   relative paths; unquoted values trimmed, quoted values JSON strings), `[]`. Alias values are
//   converted to the candidate parameter's type before comparing (sanitizeParameterValue), so
//   `[Enable:true]` matches a boolean. Matches are sorted, numeric segments by number.
// - Values read: [value, type]; xsd:boolean → boolean, xsd:int/xsd:unsignedInt → number,
//   xsd:dateTime → ms since the epoch, everything else a string (GenieACS's sanitizeParameterValue
//   keeps xsd:long/unsignedLong as strings). An object's value is null.
// - The wrapper has getters for `path`, `size` (undefined when nothing matches) and, like
//   GenieACS, one getter per attribute named in timestamps or values (value, writable, object…).
// - DeviceID.{ID,SerialNumber,ProductClass,OUI,Manufacturer} (xsd:string, read-only) and
//   Tags.<tag> (true, xsd:boolean) are virtual roots; Tags.x exists iff x is in `tags`.
// - `new Date()` / `Date.now()` return `now`; `Date.now(interval[, variance])` is GenieACS's
//   device-spread interval start: offset = md5-derived (device id) % variance (variance defaults
//   to interval; 0 disables spreading → now - now % interval). Date.parse/UTC and `new Date(x)`
//   are the real ones. Math.random is seedrandom (ARC4) seeded with the device id;
//   Math.random.seed(s) re-seeds.
// - A `{path: n}` declaration makes exactly n instances match, as a session does after a run that
//   completes: under each existing parent object (`Downloads` always exists) the matches after the
//   first n (in instance order) are deleted, or instances are added, each numbered one above the
//   highest there is (or was added), with the alias keys (literal relative paths) set as strings.
//   The script then runs again (another cycle), until a cycle changes nothing. `added`/`deleted` list what the
//   whole session added and deleted for that declared path; `matched` is from the final run.
// Simplifications:
// - Nothing is fetched: timestamps are ignored and the given parameters are the whole device.
// - Instances are added and deleted when a cycle completes; GenieACS does it at the commit that
//   declared them, so a script reading an instance count in the first cycle sees the count before.
// - A cycle that only fetched (GetParameterValues/Names) also makes GenieACS apply the presets again,
//   since the fetched timestamps change (lib/cwmp.ts:602-606, lib/versioned-map.ts dirty bits); the
//   harness fetches nothing, so only cycles that set something or change instances are repeated.
// - There is no data model: an added instance has only its alias keys, and a value declaration
//   below an instance added in this session (literal rest of the path) resolves to that parameter
//   as if the device had it. Setting Tags.<x>, Reboot or FactoryReset (literal paths) resolves to
//   that path even when absent.
// - Date.now("<cron>") is not supported (throws); ext() throws; log() meta is ignored.
"use strict";

const vm = require("vm");
const crypto = require("crypto");

const COMMIT = Symbol("commit");
const MAX_COMMITS = 32;
const MAX_CYCLES = 4;

// ---- Path parsing (port of lib/common/path.ts; segments are strings or alias arrays) ----

function parseAlias(pattern, index) {
  const alias = [];
  while (index < pattern.length && pattern[index] !== "]") {
    const res = parsePath(pattern, index);
    let j = (index = res.index + 1);
    while (pattern[j] !== "]" && pattern[j] !== ",") {
      if (pattern[j] === '"' && index === j) {
        ++j;
        while (pattern[j] !== '"' || pattern[j - 1] === "\\") {
          if (++j >= pattern.length) throw new Error("Invalid alias expression");
        }
      }
      if (++j >= pattern.length) throw new Error("Invalid alias expression");
    }
    let value = pattern.slice(index, j).trim();
    index = j;
    if (value[0] === '"') {
      try {
        value = JSON.parse(value);
      } catch (error) {
        throw new Error("Invalid alias expression");
      }
    }
    alias.push([res.segments, value]);
    if (pattern[index] === ",") ++index;
  }
  return { index, alias };
}

function parsePath(pattern, index) {
  const segments = [];
  if (index < pattern.length && pattern[index] !== ":") {
    for (;;) {
      if (pattern[index] === "[") {
        const res = parseAlias(pattern, index + 1);
        index = res.index + 1;
        segments.push(res.alias);
      } else {
        const j = index;
        while (index < pattern.length && pattern[index] !== ":" && pattern[index] !== ".") ++index;
        segments.push(pattern.slice(j, index).trim());
      }
      if (index >= pattern.length || pattern[index] === ":") break;
      else if (pattern[index] !== ".") throw new Error("Invalid alias expression");
      ++index;
    }
  }
  return { index, segments };
}

function parse(path) {
  return parsePath(String(path), 0).segments;
}

// ---- Values ----

function parseBool(v) {
  v = "" + v;
  if (v === "true" || v === "TRUE" || v === "True" || v === "1") return true;
  if (v === "false" || v === "FALSE" || v === "False" || v === "0") return false;
  return null;
}

// lib/device.ts sanitizeParameterValue.
function sanitize(value, type) {
  if (value == null) return value;
  switch (type) {
    case "xsd:boolean": {
      if (typeof value === "boolean") return value;
      const b = parseBool(value);
      return b == null ? "" + value : b;
    }
    case "xsd:int":
    case "xsd:unsignedInt": {
      if (typeof value === "number") return value;
      const i = parseInt(value);
      return isNaN(i) ? "" + value : i;
    }
    case "xsd:dateTime": {
      if (typeof value === "number") return value;
      let i = +value;
      if (isNaN(i)) {
        i = Date.parse(value);
        return isNaN(i) ? "" + value : i;
      }
      return i;
    }
    default:
      return "" + value;
  }
}

function text(v) {
  if (typeof v === "string") return v;
  if (v !== null && typeof v === "object") {
    if (typeof v.toISOString === "function") return v.toISOString();
    try {
      return JSON.stringify(v);
    } catch (e) {
      return String(v);
    }
  }
  return String(v);
}

// ---- Device data: a map from path (no trailing dot) to attributes ----

function buildData(input) {
  const data = new Map();
  const add = (path, attrs) => {
    const segments = path.split(".");
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join(".");
      if (!data.has(parent)) data.set(parent, { object: true, value: null });
    }
    data.set(path, Object.assign({}, data.get(path), attrs));
  };
  for (const [raw, p] of Object.entries(input.parameters || {})) {
    const isObject = !!(p && p.object) || raw.endsWith(".");
    const path = raw.endsWith(".") ? raw.slice(0, -1) : raw;
    if (!path) continue;
    const attrs = { object: isObject };
    if (p && p.writable != null) attrs.writable = !!p.writable;
    if (isObject) attrs.value = null;
    else if (p && p.value != null) attrs.value = [sanitize(p.value, p.type || "xsd:string"), p.type || "xsd:string"];
    add(path, attrs);
  }
  const id = input.deviceId || {};
  const idFields = [
    ["ID", deviceIdOf(input)],
    ["SerialNumber", id.serialNumber],
    ["ProductClass", id.productClass],
    ["OUI", id.oui],
    ["Manufacturer", id.manufacturer],
  ];
  data.set("DeviceID", { object: true, writable: false, value: null });
  for (const [name, v] of idFields) {
    if (v != null) add("DeviceID." + name, { object: false, writable: false, value: [String(v), "xsd:string"] });
  }
  data.set("Tags", { object: true, writable: false, value: null });
  for (const tag of input.tags || []) {
    add("Tags." + tag, { object: false, writable: true, value: [true, "xsd:boolean"] });
  }
  return data;
}

function cloneData(data) {
  const copy = new Map();
  for (const [k, v] of data) copy.set(k, Object.assign({}, v));
  return copy;
}

function compareSegments(a, b) {
  for (let i = 0; i < a.length && i < b.length; ++i) {
    if (a[i] !== b[i]) {
      const ia = parseInt(a[i]);
      const ib = parseInt(b[i]);
      if (ia === +a[i] && ib === +b[i]) return ia - ib;
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.length - b.length;
}

// All existing paths (as segment arrays) matching a pattern of literals and "*" (aliases → "*").
function find(data, pattern) {
  const out = [];
  for (const key of data.keys()) {
    const segments = key.split(".");
    if (segments.length !== pattern.length) continue;
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const p = pattern[i];
      if (Array.isArray(p) || p === "*") continue;
      ok = p === segments[i];
    }
    if (ok) out.push(segments);
  }
  return out;
}

// lib/device.ts unpack.
function unpack(data, segments) {
  const stripped = segments.map((s) => (Array.isArray(s) ? "*" : s));
  let all = find(data, stripped);
  for (let i = segments.length - 1; i >= 0; --i) {
    if (!Array.isArray(segments[i])) continue;
    for (const [param, val] of segments[i]) {
      const sub = stripped.slice(0, i + 1).concat(param);
      const filtered = [];
      for (const up of unpack(data, sub)) {
        const attrs = data.get(up.join("."));
        if (!attrs || !attrs.value) continue;
        if (sanitize(val, attrs.value[1]) !== attrs.value[0]) continue;
        for (let m = 0; m < all.length; ++m) {
          const match = all[m];
          if (!match) continue;
          let k;
          for (k = i; k >= 0; --k) if (match[k] !== up[k]) break;
          if (k < 0) {
            filtered.push(match);
            all[m] = null;
          }
        }
      }
      all = filtered;
    }
  }
  return all.sort(compareSegments);
}

// Below an instance added this session, a literal rest of the path is taken to exist (a real
// session discovers the new instance's parameters after AddObject).
function resolveInAdded(data, segments, added) {
  for (let i = segments.length - 1; i >= 1; --i) {
    const rest = segments.slice(i);
    if (!rest.every((s) => typeof s === "string" && s !== "*" && s !== "")) break;
    const parents = unpack(data, segments.slice(0, i))
      .map((p) => p.join("."))
      .filter((p) => added.has(p));
    if (parents.length) return parents.map((p) => p + "." + rest.join("."));
  }
  return [];
}

function deleteSubtree(data, path) {
  for (const key of [...data.keys()]) if (key === path || key.startsWith(path + ".")) data.delete(key);
}

function nextInstance(data, parent, session) {
  let highest = session.highest.get(parent) || 0;
  for (const key of data.keys()) {
    if (!key.startsWith(parent + ".")) continue;
    const segment = key.slice(parent.length + 1).split(".")[0];
    if (/^[0-9]+$/.test(segment)) highest = Math.max(highest, parseInt(segment));
  }
  session.highest.set(parent, highest + 1);
  return highest + 1;
}

// What a session does for a completed run's `{path: n}` declarations (lib/session.ts): make exactly
// n instances match under each parent. Returns whether anything changed.
function applyInstances(data, declarations, session) {
  let changed = false;
  for (const d of declarations) {
    if (d.attribute !== "path") continue;
    const count = Number(d.count);
    if (!Number.isInteger(count) || count < 0) continue;
    const segments = parse(d.path);
    if (segments.length < 2) continue;
    if (segments.length === 2 && segments[0] === "Downloads" && !data.has("Downloads")) {
      data.set("Downloads", { object: true, writable: true, value: null });
    }
    const last = segments[segments.length - 1];
    const parents = unpack(data, segments.slice(0, -1)).filter((p) => (data.get(p.join(".")) || {}).object);
    const matches = unpack(data, segments);
    const record = session.changes.get(d.path) || { added: [], deleted: [] };
    session.changes.set(d.path, record);
    for (const parent of parents) {
      const prefix = parent.join(".");
      const mine = matches.filter((m) => m.length === parent.length + 1 && m.slice(0, -1).join(".") === prefix);
      for (const m of mine.slice(count)) {
        deleteSubtree(data, m.join("."));
        record.deleted.push(m.join("."));
        changed = true;
      }
      if (!(Array.isArray(last) || last === "*")) continue;
      for (let k = mine.length; k < count; ++k) {
        const instance = prefix + "." + nextInstance(data, prefix, session);
        data.set(instance, { object: true, writable: true, value: null });
        const values = {};
        for (const [param, val] of Array.isArray(last) ? last : []) {
          if (!param.every((s) => typeof s === "string" && s !== "*" && s !== "")) continue;
          for (let i = 1; i < param.length; ++i) {
            const object = instance + "." + param.slice(0, i).join(".");
            if (!data.has(object)) data.set(object, { object: true, writable: true, value: null });
          }
          const key = param.join(".");
          data.set(instance + "." + key, { object: false, writable: true, value: [String(val), "xsd:string"] });
          values[key] = String(val);
        }
        session.added.add(instance);
        record.added.push({ path: instance, values });
        changed = true;
      }
    }
  }
  return changed;
}

function createsWhenSet(segments) {
  if (!segments.every((s) => typeof s === "string" && s !== "*" && s !== "")) return false;
  return (segments[0] === "Tags" && segments.length === 2) ||
    (segments.length === 1 && (segments[0] === "Reboot" || segments[0] === "FactoryReset"));
}

// Applies the value sets of a run's declarations (what GenieACS does between revisions).
// Applies value declarations; true when one changes the device: GenieACS sends a
// SetParameterValues only for a writable parameter whose sanitized value or type differs
// (lib/session.ts:1836-1858 at v1.2.16); a tag added or removed changes the device document.
function applySets(data, declarations) {
  let changed = false;
  for (const d of declarations) {
    if (d.attribute !== "value") continue;
    for (const path of d.resolved) {
      if (path.startsWith("Tags.")) {
        if (sanitize(d.raw, "xsd:boolean") === true) {
          if (!data.has(path)) changed = true;
          data.set(path, { object: false, writable: true, value: [true, "xsd:boolean"] });
        } else {
          if (data.has(path)) changed = true;
          data.delete(path);
        }
        continue;
      }
      const attrs = data.get(path);
      const type = d.type || (attrs && attrs.value && attrs.value[1]) || "xsd:string";
      const value = [sanitize(d.raw, type), type];
      const current = attrs && attrs.value;
      const writable = !attrs || attrs.writable !== false;
      if (writable && (!current || current[0] !== value[0] || current[1] !== value[1])) changed = true;
      data.set(path, Object.assign({ object: false }, attrs, { value }));
    }
  }
  return changed;
}

// ---- seedrandom (David Bau, MIT): ARC4-based, as GenieACS seeds Math.random ----

function seedrandom(seed) {
  const width = 256;
  const mask = width - 1;
  const key = [];
  const flat = typeof seed === "string" ? seed : seed + "\0";
  let smear = 0;
  for (let j = 0; j < flat.length; j++) {
    key[mask & j] = mask & ((smear ^= key[mask & j] * 19) + flat.charCodeAt(j));
  }
  const s = [];
  let keylen = key.length;
  const k = keylen ? key : [0];
  if (!keylen) keylen = 1;
  for (let i = 0; i < width; i++) s[i] = i;
  for (let i = 0, j = 0; i < width; i++) {
    const t = s[i];
    j = mask & (j + k[i % keylen] + t);
    s[i] = s[j];
    s[j] = t;
  }
  let si = 0;
  let sj = 0;
  const g = (count) => {
    let r = 0;
    while (count--) {
      si = mask & (si + 1);
      const t = s[si];
      sj = mask & (sj + t);
      s[si] = s[sj];
      s[sj] = t;
      r = r * width + s[mask & (s[si] + s[sj])];
    }
    return r;
  };
  g(width);
  const significance = Math.pow(2, 52);
  const overflow = significance * 2;
  return () => {
    let n = g(6);
    let d = Math.pow(width, 6);
    let x = 0;
    while (n < significance) {
      n = (n + x) * width;
      d *= width;
      x = g(1);
    }
    while (n >= overflow) {
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
  };
}

// lib/scheduling.ts variance: md5 of the device id folded to 32 bits.
function variance(deviceId, v) {
  const digest = crypto.createHash("md5").update(deviceId).digest();
  const h = digest.readUInt32LE(0) ^ digest.readUInt32LE(4) ^ digest.readUInt32LE(8) ^ digest.readUInt32LE(12);
  return (h >>> 0) % v;
}

// lib/util.ts:3-27 (v1.2.16) generateDeviceId, as lib/cwmp.ts:1538 calls it for every Inform:
// every character outside [A-Za-z0-9_] becomes %XX per UTF-8 byte; no product class, no middle part.
function generateDeviceId(deviceIdStruct) {
  function esc(str) {
    return str.replace(/[^A-Za-z0-9_]/g, (chr) => {
      const buf = Buffer.from(chr, "utf8");
      let rep = "";
      for (const b of buf) rep += "%" + b.toString(16).toUpperCase();
      return rep;
    });
  }
  if (deviceIdStruct["ProductClass"]) {
    return esc(deviceIdStruct["OUI"]) + "-" + esc(deviceIdStruct["ProductClass"]) + "-" + esc(deviceIdStruct["SerialNumber"]);
  }
  return esc(deviceIdStruct["OUI"]) + "-" + esc(deviceIdStruct["SerialNumber"]);
}

// The device id: as given (the document's _id, DeviceID.ID), else the one GenieACS generates.
function deviceIdOf(input) {
  const id = input.deviceId || {};
  if (id.id != null && id.id !== "") return String(id.id);
  if (id.oui == null && id.serialNumber == null) return "";
  return generateDeviceId({
    OUI: String(id.oui || ""),
    ProductClass: String(id.productClass || ""),
    SerialNumber: String(id.serialNumber || ""),
  });
}

// ---- One run of the script ----

function runOnce(compiled, input, snapshots, maxRevision, logs, timeout, session) {
  const deviceId = deviceIdOf(input);
  const now = Number(input.now != null ? input.now : Date.now());
  const state = { revision: 0, uncommitted: false, declarations: [], clears: [], rng: null };
  const dataAt = (revision) => snapshots[Math.min(revision, snapshots.length - 1)];

  function commit() {
    ++state.revision;
    state.uncommitted = false;
    if (state.revision === maxRevision + 1) throw COMMIT;
    if (state.revision > maxRevision + 1) {
      throw new Error("Declare function should not be called from within a try/catch block");
    }
  }

  function wrapper(segments, attributes, fixed) {
    const self = {};
    let unpacked = fixed;
    let unpackedRevision = fixed ? state.revision : undefined;
    const matches = () => {
      if (state.uncommitted) commit();
      if (state.revision !== unpackedRevision) {
        unpackedRevision = state.revision;
        unpacked = unpack(dataAt(state.revision), segments);
      }
      return unpacked;
    };
    for (const name of attributes) {
      Object.defineProperty(self, name, {
        enumerable: true,
        get() {
          const found = matches();
          if (!found.length) return undefined;
          const attrs = dataAt(state.revision).get(found[0].join("."));
          if (!attrs || !(name in attrs)) return undefined;
          const v = attrs[name];
          return Array.isArray(v) ? v.slice() : v;
        },
      });
    }
    Object.defineProperty(self, "path", {
      enumerable: true,
      get() {
        const found = matches();
        return found.length ? found[0].join(".") : undefined;
      },
    });
    Object.defineProperty(self, "size", {
      enumerable: true,
      get() {
        const found = matches();
        return found.length ? found.length : undefined;
      },
    });
    self[Symbol.iterator] = function* () {
      for (const p of matches()) yield wrapper(p, attributes, [p]);
    };
    return self;
  }

  function declare(path, timestamps, values) {
    state.uncommitted = true;
    session.declared.add(String(path));
    timestamps = timestamps || {};
    values = values || {};
    const segments = parse(path);
    const attributes = new Set();
    const data = dataAt(state.revision);
    let resolved;
    const resolve = () => {
      if (!resolved) {
        resolved = unpack(data, segments).map((p) => p.join("."));
        if (!resolved.length && session.added.size) resolved = resolveInAdded(data, segments, session.added);
        if (!resolved.length && createsWhenSet(segments)) resolved = [segments.join(".")];
      }
      return resolved;
    };
    for (const [name, v] of Object.entries(values)) {
      if (name === "path") {
        const matched = unpack(data, segments).map((p) => p.join("."));
        state.declarations.push({ attribute: "path", path: String(path), count: v, matched });
        continue;
      }
      attributes.add(name);
      if (name === "value") {
        const pair = Array.isArray(v) ? v : [v];
        state.declarations.push({
          attribute: "value",
          path: String(path),
          resolved: resolve(),
          value: text(pair[0]),
          type: pair[1] == null ? null : String(pair[1]),
          raw: pair[0],
        });
      } else {
        state.declarations.push({ attribute: name, path: String(path), resolved: resolve(), value: v });
      }
    }
    for (const name of Object.keys(timestamps)) if (name !== "path") attributes.add(name);
    return wrapper(segments, attributes);
  }

  function clear(path, timestamp, attributes) {
    state.uncommitted = true;
    if (state.revision === maxRevision) {
      state.clears.push({ path: String(path), timestamp, attributes: attributes || null });
    }
  }

  function ext() {
    throw new Error("provision-harness: ext() is not supported");
  }

  function log(message) {
    if (state.revision === maxRevision) logs.push(String(message));
  }

  function dateNow(intervalOrCron, v) {
    if (typeof intervalOrCron === "number") {
      if (v == null) v = intervalOrCron;
      const offset = v ? variance(deviceId, v) : 0;
      return Math.trunc((now + offset) / intervalOrCron) * intervalOrCron - offset;
    }
    if (typeof intervalOrCron === "string") {
      throw new Error("provision-harness: Date.now(cron) is not supported");
    }
    if (intervalOrCron) throw new Error("Invalid Date.now() argument");
    return now;
  }

  function random() {
    if (!state.rng) state.rng = seedrandom(deviceId);
    return state.rng();
  }
  random.seed = (s) => {
    state.rng = seedrandom(s);
  };

  const context = vm.createContext({});
  const makeDate = vm.runInContext(
    `(function (now, dateNow) {
      const RealDate = Date;
      return class Date {
        constructor(...list) {
          if (list.length) return new RealDate(...list);
          return new RealDate(now);
        }
        static now(intervalOrCron, variance) { return dateNow(intervalOrCron, variance); }
        static parse(s) { return RealDate.parse(s); }
        static UTC(...list) { return RealDate.UTC(...list); }
      };
    })`,
    context
  );
  const SandboxDate = makeDate(now, dateNow);
  for (const [name, value] of [
    ["Date", SandboxDate],
    ["declare", declare],
    ["clear", clear],
    ["commit", commit],
    ["ext", ext],
    ["log", log],
  ]) {
    Object.defineProperty(context, name, { value });
  }
  context.random = random;
  vm.runInContext("Math.random = random;", context);
  delete context.random;
  context.args = input.args === undefined ? [] : input.args;

  try {
    compiled.runInContext(context, { displayErrors: false, timeout });
    return { done: true, state };
  } catch (err) {
    if (err === COMMIT) return { done: false, state };
    throw err;
  }
}

function errorLine(err) {
  const m = /provision\.js:(\d+)/.exec(String(err && err.stack));
  return m ? Math.max(1, Number(m[1]) - 1) : undefined;
}

function fail(err, logs) {
  const out = { error: err && err.name ? `${err.name}: ${err.message}` : String(err), logs };
  const line = errorLine(err);
  if (line !== undefined) out.line = line;
  process.stdout.write(JSON.stringify(out) + "\n");
  process.exitCode = 1;
}

function main(source) {
  let input;
  try {
    input = JSON.parse(source);
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: `HarnessInput: ${err.message}` }) + "\n");
    process.exitCode = 2;
    return;
  }
  const logs = [];
  let compiled;
  try {
    // GenieACS's wrapper, byte for byte (lib/cwmp/local-cache.ts:200-202 at v1.2.16; lib/nbi.ts:143).
    compiled = new vm.Script(`"use strict";(function(){\n${input.script}\n})();`, { filename: "provision.js" });
  } catch (err) {
    return fail(err, logs);
  }
  const timeout = Number(input.timeout) > 0 ? Number(input.timeout) : 2000;
  // Instances added/deleted over the whole session, by declared path; instance paths added.
  const session = { changes: new Map(), added: new Set(), highest: new Map(), declared: new Set() };
  let base = buildData(input);
  try {
    // One iteration is one preset cycle (lib/cwmp.ts:398-607 at v1.2.16): the provision runs to
    // completion; when the cycle changed the device (a SetParameterValues that differs, instances
    // added or deleted) the presets are applied again and the script re-runs from the top — and
    // its log() lines are written again. A 5th cycle is GenieACS's preset_loop fault (cwmp.ts:58, 562-575).
    for (let iteration = 0; ; iteration++) {
      if (iteration >= MAX_CYCLES) {
        throw new Error(`preset_loop: the presets are stuck in an endless configuration loop (${MAX_CYCLES} cycles)`);
      }
      const snapshots = [base];
      let final;
      for (let maxRevision = 0; ; maxRevision++) {
        if (maxRevision > MAX_COMMITS) throw new Error(`too_many_commits: more than ${MAX_COMMITS} commits`);
        const { done, state } = runOnce(compiled, input, snapshots, maxRevision, logs, timeout, session);
        if (done) {
          final = state;
          break;
        }
        const next = cloneData(snapshots[0]);
        applySets(next, state.declarations);
        snapshots[maxRevision + 1] = next;
      }
      // The session applies the completed run's declarations; any change means another cycle.
      const after = cloneData(base);
      const setChanged = applySets(after, final.declarations);
      if (applyInstances(after, final.declarations, session) || setChanged) {
        base = after;
        continue;
      }
      const declarations = final.declarations.map((d) => {
        const copy = Object.assign({}, d);
        delete copy.raw;
        if (copy.attribute === "path") {
          const record = session.changes.get(copy.path) || { added: [], deleted: [] };
          copy.added = record.added;
          copy.deleted = record.deleted;
        }
        return copy;
      });
      const declared = Array.from(session.declared);
      process.stdout.write(JSON.stringify({ declarations, logs, clears: final.clears, declared }) + "\n");
      return;
    }
  } catch (err) {
    fail(err, logs);
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => main(input));
