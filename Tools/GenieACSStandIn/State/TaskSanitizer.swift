import FerruleJSON

/// `sanitizeTask` of `lib/api-functions.ts` (genieacs-nbi.md §6.1–6.2): fills in `device` and `timestamp`,
/// converts `expiry`, and validates the task kind's fields. Anything invalid throws inside the NBI handler, so
/// the worker crashes and the connection drops (§3).
enum TaskSanitizer {
    struct Sanitized {
        var name: String
        var members: [(String, JSONValue)]
        var timestamp: Int64?
        var expiry: Int64?
        var uniqueKey: String?
        var legacyFile: String?
        var provisions: [[JSONValue]]
    }

    /// - Parameters:
    ///   - body: the parsed task.
    ///   - device: the device id from the URL; nil for the elements of an array body (§5: they lose it).
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

        // §6.1 `timestamp`: ms or date; default now. `new Date(task.timestamp || Date.now())`.
        var timestamp: Int64? = now
        if let t = get("timestamp"), isTruthy(t) {
            timestamp = jsDate(t)
        }
        set("timestamp", timestamp.map { .string(Timestamp.iso($0)) } ?? .null)

        // §6.1 `expiry`: number = seconds relative to timestamp; date string = absolute.
        var expiry: Int64?
        if let e = get("expiry"), isTruthy(e) {
            switch e {
            case .number(let text):
                if let base = timestamp, let seconds = Double(text) {
                    expiry = base + Int64((seconds * 1000).rounded())
                }
            case .string(let s): expiry = Timestamp.parse(s)
            default: throw WorkerCrash("Error: Invalid expiry")
            }
            set("expiry", expiry.map { .string(Timestamp.iso($0)) } ?? .null)
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
            expiry: expiry,
            uniqueKey: uniqueKey,
            legacyFile: legacyFile,
            provisions: provisions
        )
    }

    /// §6.2 per-kind validation; returns the provisions the task runs as (`lib/cwmp.ts`).
    private static func validate(name: String, _ get: (String) -> JSONValue?) throws(WorkerCrash) -> [[JSONValue]] {
        switch name {
        case "getParameterValues":
            guard case .array(let names)? = get("parameterNames"), !names.isEmpty else {
                throw WorkerCrash("Error: Missing 'parameterNames' property")
            }
            for n in names {
                guard case .string(let s) = n, !s.isEmpty else {
                    throw WorkerCrash("Error: Invalid parameter name '\(n.compactText)'")
                }
            }
            return names.map { [.string("refresh"), $0] }
        case "setParameterValues":
            guard case .array(let values)? = get("parameterValues"), !values.isEmpty else {
                throw WorkerCrash("Error: Missing 'parameterValues' property")
            }
            var out: [[JSONValue]] = []
            for v in values {
                guard case .array(let pair) = v, pair.count >= 2, case .string(let path) = pair[0], !path.isEmpty
                else { throw WorkerCrash("Error: Invalid parameter value '\(v.compactText)'") }
                switch pair[1] {
                case .string, .number, .bool: break
                default: throw WorkerCrash("Error: Invalid parameter value '\(v.compactText)'")
                }
                // §6.2: the type element is accepted and ignored.
                out.append([.string("value"), .string(path), pair[1]])
            }
            return out
        case "refreshObject":
            guard case .string(let objectName)? = get("objectName") else {
                throw WorkerCrash("Error: Missing 'objectName' property")
            }
            return [[.string("refresh"), .string(objectName)]]
        case "addObject":
            // §6.2: `objectName` is not validated by the NBI.
            let objectName = get("objectName")?.stringValue ?? get("objectName")?.compactText ?? "undefined"
            var pairs: [(String, JSONValue)] = []
            if let pv = get("parameterValues"), pv != .null {
                guard case .array(let items) = pv else {
                    throw WorkerCrash("Error: Invalid 'parameterValues' property")
                }
                for item in items {
                    guard case .array(let pair) = item, pair.count >= 2, case .string(let key) = pair[0] else {
                        throw WorkerCrash("Error: Invalid parameter value '\(item.compactText)'")
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
            if let file = get("file"), isTruthy(file) {
                return [[.string("download"), .null, .null, .string("")]]
            }
            guard case .string(let fileType)? = get("fileType") else {
                throw WorkerCrash("Error: Missing 'fileType' property")
            }
            guard case .string(let fileName)? = get("fileName") else {
                throw WorkerCrash("Error: Missing 'fileName' property")
            }
            var target = ""
            if let t = get("targetFileName"), t != .null {
                guard case .string(let s) = t else { throw WorkerCrash("Error: Invalid 'targetFileName' property") }
                target = s
            }
            return [[.string("download"), .string(fileType), .string(fileName), .string(target)]]
        case "reboot": return [[.string("reboot")]]
        case "factoryReset": return [[.string("reset")]]
        case "provisions":
            guard case .array(let items)? = get("provisions") else {
                throw WorkerCrash("Error: Missing 'provisions' property")
            }
            var out: [[JSONValue]] = []
            for item in items {
                guard case .array(let p) = item, case .string? = p.first else {
                    throw WorkerCrash("Error: Invalid provision '\(item.compactText)'")
                }
                for arg in p.dropFirst() {
                    switch arg {
                    case .string, .number, .bool, .null: break
                    default: throw WorkerCrash("Error: Invalid provision argument '\(arg.compactText)'")
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
