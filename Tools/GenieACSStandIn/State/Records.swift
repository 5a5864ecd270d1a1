import FerruleJSON

/// A task document (GenieACS 1.2.16 lib/api-functions.ts:252-372): what `sanitizeTask` left of the POST body, plus the
/// NBI's fields. The sanitized fields read through (`record.name`, `record.provisions`).
@dynamicMemberLookup
struct TaskRecord: Sendable {
    /// 24 hex digits (ObjectId).
    let id: String
    /// Insertion order.
    let seq: UInt64
    /// nil for the tasks of an array body, which lose their device (GenieACS 1.2.16 lib/nbi.ts:268-269;
    /// lib/api-functions.ts:356-361).
    let device: String?
    let task: TaskSanitizer.Sanitized

    subscript<T>(dynamicMember field: KeyPath<TaskSanitizer.Sanitized, T>) -> T { task[keyPath: field] }

    var channel: String { "task_" + id }

    /// The stored document: MongoDB puts `_id` first.
    var document: JSONValue { .object([("_id", .string(id))] + task.members) }

    /// The POST response: the JavaScript object after `insertMany` added `_id` at the end.
    var responseDocument: JSONValue { .object(task.members + [("_id", .string(id))]) }
}

/// A fault document (GenieACS 1.2.16 lib/cwmp/db.ts:576-595).
struct FaultRecord: Sendable {
    let device: String
    let channel: String
    let seq: UInt64
    var timestamp: Int64
    var code: String
    var message: String
    var detail: JSONValue?
    var retries: Int
    var expiry: Int64?
    /// The provisions that failed; retried as a whole.
    var provisions: [[JSONValue]]
    /// The task kind or provision name whose fault rule applies on retries.
    var ruleKey: String

    var id: String { device + ":" + channel }

    var document: JSONValue {
        var members: [(String, JSONValue)] = [
            ("_id", .string(id)), ("device", .string(device)), ("channel", .string(channel)),
            ("timestamp", .string(Timestamp.iso(timestamp))), ("code", .string(code)), ("message", .string(message)),
        ]
        if let detail { members.append(("detail", detail)) }
        members.append(("retries", .int(retries)))
        if let expiry { members.append(("expiry", .string(Timestamp.iso(expiry)))) }
        members.append(("provisions", .string(JSONValue.array(provisions.map(JSONValue.array)).compactText)))
        return .object(members)
    }
}

/// A pending Download (GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725): `operations` document
/// `<deviceId>:<commandKey>`.
struct OperationRecord: Sendable {
    enum Outcome: Sendable {
        case success
        case failure
        case timeout
    }

    let device: String
    let commandKey: String
    let channel: String
    let timestamp: Int64
    let retries: Int
    let fileType: String
    let fileName: String
    let targetFileName: String
    let provisions: [[JSONValue]]
    let ruleKey: String
    let outcome: Outcome

    var id: String { device + ":" + commandKey }

    var document: JSONValue {
        .object([
            ("_id", .string(id)), ("name", .string("Download")), ("timestamp", .string(Timestamp.iso(timestamp))),
            ("channels", .object([(channel, .int(0))])), ("retries", .object([(channel, .int(retries))])),
            (
                "args",
                .object([
                    ("instance", .string("1")), ("fileType", .string(fileType)), ("fileName", .string(fileName)),
                    ("targetFileName", .string(targetFileName)),
                ])
            ),
            ("provisions", .string(JSONValue.array(provisions.map(JSONValue.array)).compactText)),
        ])
    }
}

/// A collection of plain documents (presets, objects, provisions, …) in insertion order.
struct DocumentCollection: Sendable {
    private(set) var documents: [String: (seq: UInt64, doc: JSONValue)] = [:]
    private var nextSeq: UInt64 = 0
    /// Keys MongoDB holds as dates (ISO strings in the stored JSON).
    let dateKeys: Set<String>

    init(dateKeys: Set<String> = []) { self.dateKeys = dateKeys }

    /// `replaceOne({_id}, doc, {upsert: true})`: a replaced document keeps its place.
    mutating func replace(_ id: String, with doc: JSONValue) {
        let seq = documents[id]?.seq ?? nextSeq
        if documents[id] == nil { nextSeq += 1 }
        documents[id] = (seq, doc)
    }

    /// Insert as new (a replaced document moves to the end), as GridFS' delete-then-upload does.
    mutating func insertNew(_ id: String, _ doc: JSONValue) {
        documents[id] = (nextSeq, doc)
        nextSeq += 1
    }

    @discardableResult
    mutating func remove(_ id: String) -> Bool { documents.removeValue(forKey: id) != nil }

    subscript(id: String) -> JSONValue? { documents[id]?.doc }

    var count: Int { documents.count }

    /// All documents in insertion order.
    var ordered: [JSONValue] { documents.values.sorted { $0.seq < $1.seq }.map(\.doc) }
}
