public import FerruleJSON

/// A task GenieACS runs on one device at its next session (GenieACS 1.2.16 lib/cwmp.ts:681-737).
public enum GenieACSTask: Sendable, Hashable {
    /// A value for `setParameterValues`: GenieACS accepts strings, numbers and booleans.
    public enum Value: Sendable, Hashable {
        case string(String)
        case number(String)
        case bool(Bool)

        var json: JSONValue {
            switch self {
            case .string(let s): .string(s)
            case .number(let n): .number(n)
            case .bool(let b): .bool(b)
            }
        }
    }

    /// A scalar provision argument (or null), as `provisions` tasks take them.
    public enum Argument: Sendable, Hashable {
        case string(String)
        case number(String)
        case bool(Bool)
        case null

        var json: JSONValue {
            switch self {
            case .string(let s): .string(s)
            case .number(let n): .number(n)
            case .bool(let b): .bool(b)
            case .null: .null
            }
        }
    }

    /// Refreshes each path (executed as a refresh).
    case getParameterValues([String])
    /// Sets values. GenieACS ignores any type given here and uses the parameter's known type
    /// (GenieACS 1.2.16 lib/api-functions.ts:260-271; lib/cwmp.ts:692-700); `type` is sent only for the record. Use a
    /// provision when the xsd type matters.
    case setParameterValues([(path: String, value: Value, type: String?)])
    /// Re-discovers names and values below `objectName` (empty = the whole tree).
    case refreshObject(String)
    /// Adds one instance of `objectName` and sets `values` on it (they also act as an alias filter).
    case addObject(String, values: [(String, String)])
    /// Deletes every instance matching `objectName`.
    case deleteObject(String)
    /// A Download RPC (GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725): firmware is `1 Firmware Upgrade
    /// Image`.
    case download(fileType: String, fileName: String, targetFileName: String?)
    /// The legacy download by an uploaded file's `_id`.
    case downloadFile(id: String)
    case reboot
    case factoryReset
    /// Runs provisions with arguments as a one-off (`[["name", arg…]]`, supported since 1.2.0).
    case provisions([(name: String, arguments: [Argument])])

    /// GenieACS's task name.
    public var name: String {
        switch self {
        case .getParameterValues: "getParameterValues"
        case .setParameterValues: "setParameterValues"
        case .refreshObject: "refreshObject"
        case .addObject: "addObject"
        case .deleteObject: "deleteObject"
        case .download, .downloadFile: "download"
        case .reboot: "reboot"
        case .factoryReset: "factoryReset"
        case .provisions: "provisions"
        }
    }

    public static func == (a: GenieACSTask, b: GenieACSTask) -> Bool { a.fields.compactText == b.fields.compactText }

    public func hash(into hasher: inout Hasher) { hasher.combine(fields.compactText) }

    /// The task document without the common fields.
    var fields: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name))]
        switch self {
        case .getParameterValues(let paths):
            members.append(("parameterNames", .array(paths.map { .string($0) })))
        case .setParameterValues(let values):
            members.append(
                (
                    "parameterValues",
                    .array(
                        values.map { item in
                            .array([.string(item.path), item.value.json] + (item.type.map { [.string($0)] } ?? []))
                        }
                    )
                )
            )
        case .refreshObject(let path):
            members.append(("objectName", .string(path)))
        case .addObject(let path, let values):
            members.append(("objectName", .string(path)))
            if !values.isEmpty {
                members.append(("parameterValues", .array(values.map { .array([.string($0.0), .string($0.1)]) })))
            }
        case .deleteObject(let path):
            members.append(("objectName", .string(path)))
        case .download(let fileType, let fileName, let target):
            members.append(("fileType", .string(fileType)))
            members.append(("fileName", .string(fileName)))
            if let target { members.append(("targetFileName", .string(target))) }
        case .downloadFile(let id):
            members.append(("file", .string(id)))
        case .reboot, .factoryReset:
            break
        case .provisions(let provisions):
            members.append(
                (
                    "provisions",
                    .array(provisions.map { .array([.string($0.name)] + $0.arguments.map(\.json)) })
                )
            )
        }
        return .object(members)
    }
}

/// When a task stops being worth running (GenieACS 1.2.16 lib/api-functions.ts:253-258, lib/cwmp.ts:650-670).
public enum TaskExpiry: Sendable, Hashable {
    /// Seconds after the task's timestamp.
    case after(seconds: Int)
    /// An absolute time, ISO 8601 (`2026-12-01T03:00:00Z`).
    case at(String)
}

/// A task with the common fields GenieACS accepts on every kind.
public struct TaskRequest: Sendable, Hashable {
    public var task: GenieACSTask
    /// Before insertion GenieACS deletes any task of the same device with this key (GenieACS 1.2.16
    /// lib/api-functions.ts:252-258, 362-367): re-submitting a campaign step replaces instead of doubling.
    public var uniqueKey: String?
    public var expiry: TaskExpiry?
    /// A future time defers the task; ISO 8601 or milliseconds since the epoch.
    public var timestamp: String?

    public init(_ task: GenieACSTask, uniqueKey: String? = nil, expiry: TaskExpiry? = nil, timestamp: String? = nil) {
        self.task = task
        self.uniqueKey = uniqueKey
        self.expiry = expiry
        self.timestamp = timestamp
    }

    /// The JSON body GenieACS receives.
    public var document: JSONValue {
        guard case .object(var members) = task.fields else { return task.fields }
        if let uniqueKey { members.append(("uniqueKey", .string(uniqueKey))) }
        switch expiry {
        case .after(let seconds): members.append(("expiry", .int(seconds)))
        case .at(let date): members.append(("expiry", .string(date)))
        case nil: break
        }
        if let timestamp {
            members.append(("timestamp", Int(timestamp).map { JSONValue.int($0) } ?? .string(timestamp)))
        }
        return .object(members)
    }
}
