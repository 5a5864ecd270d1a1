import FerruleJSON

/// `sanitizeTask` of GenieACS 1.2.16 (lib/api-functions.ts:252-354): fills in `device` (lib/nbi.ts:269) and
/// `timestamp`, converts `expiry`, and validates the task kind's fields. Anything invalid throws inside the NBI
/// handler, so the worker crashes and the connection drops.
enum TaskSanitizer {
    /// What `sanitizeTask` leaves of a task.
    struct Sanitized: Sendable {
        var name: String
        /// The sanitized members in the order of the POST body (`device`, then `timestamp` when it was not given).
        var members: [(String, JSONValue)]
        /// nil when `timestamp` was not a valid date (an Invalid Date never becomes due).
        var timestamp: Int64?
        var expiry: Int64?
        var uniqueKey: String?
        /// The `file` of a legacy download (GenieACS 1.2.16 lib/cwmp/db.ts:645-660), resolved against `files` when the
        /// task runs.
        var legacyFile: String?
        /// The provisions the task runs as: GenieACS 1.2.16 lib/cwmp.ts:681-737 task kinds map to built-in provisions.
        var provisions: [[JSONValue]]
    }

    /// - Parameters:
    ///   - body: the parsed task.
    ///   - device: the device id from the URL; nil for the elements of an array body (`insertTasks` of an array, lib/api-functions.ts:356-372, leaves them without one).
    ///   - now: the insertion time, the default `timestamp`.
    /// - Throws: ``WorkerCrash`` with GenieACS's error message.
    static func sanitize(_ body: JSONValue, device: String?, now: Int64) throws(WorkerCrash) -> Sanitized {
        guard case .object(var members) = body else {
            // Property assignment on a primitive or null throws a TypeError in strict mode.
            throw WorkerCrash("TypeError: Cannot create property 'device' on \(body.compactText)")
        }
        func set(_ key: String, _ value: JSONValue) {
            if let i = members.firstIndex(where: { $0.0 == key }) {
                members[i].1 = value
            } else {
                members.append((key, value))
            }
        }
        func get(_ key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }
        if let device { set("device", .string(device)) }

        // lib/api-functions.ts:253: `new Date(task.timestamp || Date.now())`.
        var timestamp: Int64? = now
        if let t = get("timestamp"), isTruthy(t) {
            timestamp = jsDate(t)
        }
        set("timestamp", timestamp.map { .string(Timestamp.iso($0)) } ?? .null)

        // lib/api-functions.ts:254-258: whatever `Number()` reads as a number (`3600`, `"3600"`, `true`, `[5]`) is
        // seconds after `timestamp`; anything else goes through `new Date()` (absolute).
        var expiry: Int64?
        var invalidExpiry = false
        if let e = get("expiry"), isTruthy(e) {
            if let seconds = jsNumber(e) {
                if let base = timestamp { expiry = base + Int64((seconds * 1000).rounded()) }
            } else {
                switch e {
                case .string(let s): expiry = Timestamp.parse(s)
                case .array: expiry = Timestamp.parse(JSText.string(e))
                default: expiry = nil
                }
            }
            set("expiry", expiry.map { .string(Timestamp.iso($0)) } ?? .null)
            // An Invalid Date is shown as null but stored by bson 4.7.2 as the epoch: the task has expired.
            invalidExpiry = expiry == nil
        }

        guard case .string(let name)? = get("name") else { throw WorkerCrash("Error: Invalid task name") }
        let provisions = try validate(name: name, get)
        var uniqueKey: String?
        if let key = get("uniqueKey"), isTruthy(key) { uniqueKey = key.stringValue ?? key.compactText }
        var legacyFile: String?
        if name == "download", let file = get("file"), isTruthy(file) {
            legacyFile = file.stringValue ?? file.compactText
        }
        return Sanitized(
            name: name,
            members: members,
            timestamp: timestamp,
            expiry: invalidExpiry ? 0 : expiry,
            uniqueKey: uniqueKey,
            legacyFile: legacyFile,
            provisions: provisions
        )
    }

    /// `Number(v)` when it is a number (JavaScript's `!isNaN(v)`).
    static func jsNumber(_ v: JSONValue) -> Double? {
        switch v {
        case .number(let n): return Double(n)
        case .bool(let b): return b ? 1 : 0
        case .null: return 0
        case .string(let s):
            return s.trimmed(of: " \t\n\r\u{0B}\u{0C}\u{A0}\u{FEFF}").isEmpty ? 0 : QueryCompiler.jsNumber(s)
        case .array: return jsNumber(.string(JSText.string(v)))
        case .object: return nil
        }
    }

    /// `validParamValue` (lib/api-functions.ts:260-271): `[name, value, type?]` with a non-empty name, a string,
    /// boolean or number value and a type that is a string when present.
    static func validParamValue(_ v: JSONValue) -> Bool {
        guard case .array(let p) = v, p.count >= 2, case .string(let name) = p[0], !name.isEmpty else { return false }
        switch p[1] {
        case .string, .number, .bool: break
        default: return false
        }
        if p.count > 2 {
            switch p[2] {
            case .null, .string: break
            default: return false
            }
        }
        return true
    }

    /// Per-kind validation (lib/api-functions.ts:273-351); returns the provisions the task runs as (lib/cwmp.ts).
    private static func validate(name: String, _ get: (String) -> JSONValue?) throws(WorkerCrash) -> [[JSONValue]] {
        switch name {
        case "getParameterValues":
            guard case .array(let names)? = get("parameterNames"), !names.isEmpty else {
                throw WorkerCrash("Error: Missing 'parameterNames' property")
            }
            for n in names {
                guard case .string(let s) = n, !s.isEmpty else {
                    throw WorkerCrash("Error: Invalid parameter name '\(JSText.string(n))'")
                }
            }
            return names.map { [.string("refresh"), $0] }
        case "setParameterValues":
            guard case .array(let values)? = get("parameterValues"), !values.isEmpty else {
                throw WorkerCrash("Error: Missing 'parameterValues' property")
            }
            var out: [[JSONValue]] = []
            for v in values {
                guard validParamValue(v), case .array(let pair) = v, case .string(let path) = pair[0] else {
                    throw WorkerCrash("Error: Invalid parameter value '\(JSText.string(v))'")
                }
                // A string type is accepted; the value's conversion follows the parameter's own type.
                out.append([.string("value"), .string(path), pair[1]])
            }
            return out
        case "refreshObject":
            guard case .string(let objectName)? = get("objectName") else {
                throw WorkerCrash("Error: Missing 'objectName' property")
            }
            return [[.string("refresh"), .string(objectName)]]
        case "addObject":
            // lib/api-functions.ts:302-311: `objectName` is not validated by the NBI.
            let objectName = get("objectName")?.stringValue ?? get("objectName")?.compactText ?? "undefined"
            var pairs: [(String, JSONValue)] = []
            if let pv = get("parameterValues"), pv != .null {
                guard case .array(let items) = pv else {
                    throw WorkerCrash("Error: Invalid 'parameterValues' property")
                }
                for item in items {
                    guard validParamValue(item), case .array(let pair) = item, case .string(let key) = pair[0] else {
                        throw WorkerCrash("Error: Invalid parameter value '\(JSText.string(item))'")
                    }
                    pairs.append((key, pair[1]))
                }
            }
            let base = objectName.hasSuffix(".") ? String(objectName.dropLast()) : objectName
            let alias = pairs.map { "\($0.0):\($0.1.compactText)" }.joined(separator: ",")
            let pattern = base + (alias.isEmpty ? ".*" : ".[\(alias)]")
            var out: [[JSONValue]] = [[.string("instances"), .string(pattern), .string("+1")]]
            for (key, value) in pairs { out.append([.string("value"), .string(pattern + "." + key), value]) }
            return out
        case "deleteObject":
            guard case .string(let objectName)? = get("objectName"), !objectName.isEmpty else {
                throw WorkerCrash("Error: Missing 'objectName' property")
            }
            return [[.string("instances"), .string(objectName), .int(0)]]
        case "download":
            // genieacs-gui sends `file` instead of `fileType`/`fileName` (lib/api-functions.ts:314-321); the
            // `targetFileName` check applies either way (:323-327).
            let legacy = get("file").map(isTruthy) ?? false
            var fileType = ""
            var fileName = ""
            if !legacy {
                guard case .string(let t)? = get("fileType"), !t.isEmpty else {
                    throw WorkerCrash("Error: Missing 'fileType' property")
                }
                guard case .string(let n)? = get("fileName"), !n.isEmpty else {
                    throw WorkerCrash("Error: Missing 'fileName' property")
                }
                (fileType, fileName) = (t, n)
            }
            var target = ""
            if let t = get("targetFileName"), t != .null {
                guard case .string(let s) = t else { throw WorkerCrash("Error: Invalid 'targetFileName' property") }
                target = s
            }
            if legacy { return [[.string("download"), .null, .null, .string(target)]] }
            return [[.string("download"), .string(fileType), .string(fileName), .string(target)]]
        case "reboot": return [[.string("reboot")]]
        case "factoryReset": return [[.string("reset")]]
        case "provisions":
            // lib/api-functions.ts:330-341: an array of arrays whose items are null, booleans, numbers or strings
            // (the name too: `[[]]` and `[[1]]` pass; names that are no string do nothing in a session).
            guard case .array(let items)? = get("provisions") else {
                throw WorkerCrash("Error: Invalid 'provisions' property")
            }
            var out: [[JSONValue]] = []
            for item in items {
                guard case .array(let p) = item else {
                    // `arr.every` of a non-array throws a TypeError.
                    throw WorkerCrash("TypeError: arr.every is not a function")
                }
                for arg in p {
                    switch arg {
                    case .string, .number, .bool, .null: break
                    default: throw WorkerCrash("Error: Invalid 'provisions' property")
                    }
                }
                out.append(p)
            }
            return out
        default:
            throw WorkerCrash("Error: Invalid task name")
        }
    }

    static func isTruthy(_ v: JSONValue) -> Bool {
        switch v {
        case .null: false
        case .bool(let b): b
        case .number(let n): (Double(n) ?? 0) != 0
        case .string(let s): !s.isEmpty
        case .array, .object: true
        }
    }

    /// `new Date(v)` for a number (ms) or a date string; nil = Invalid Date.
    static func jsDate(_ v: JSONValue) -> Int64? {
        switch v {
        case .number(let n): Double(n).map { Int64($0) }
        case .string(let s): Timestamp.parse(s)
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }
}
