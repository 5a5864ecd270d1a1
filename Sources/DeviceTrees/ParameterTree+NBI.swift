public import CWMP
import FerruleJSON

extension ParameterTree {
    /// Top-level keys of a GenieACS device document that are not device parameters
    /// (GenieACS 1.2.16 lib/session.ts:2664-2672; lib/cwmp/db.ts:23-240).
    static let nbiPseudoRoots: Set<String> = [
        "DeviceID", "Events", "Tags", "Reboot", "FactoryReset", "Downloads", "VirtualParameters",
    ]

    /// Whether `path` is under one of GenieACS's pseudo-roots rather than the device's data model.
    static func isGenieACSPseudoPath(_ path: String) -> Bool {
        let root = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
        return nbiPseudoRoots.contains(root)
    }

    /// Reads a GenieACS NBI device document (`GET /devices/?query=…` item, GenieACS 1.2.16 lib/cwmp/db.ts:23-240):
    /// nested objects whose nodes carry `_object`, `_writable` and, for leaves, `_value`/`_type`.
    ///
    /// A JSON array of documents is accepted when it holds exactly one. Metadata (`_id`, `_tags`,
    /// `_deviceId` …) and GenieACS's pseudo-roots (`Events`, `Tags`, `DeviceID` …) are skipped.
    /// - Throws: ``TreeSourceError`` with the line of a JSON syntax error, or when the document
    ///   is not a device.
    public init(nbiJSON data: [UInt8], file: String? = nil) throws(TreeSourceError) {
        self = try Self.reading(nbiJSON: data, file: file).tree
    }

    /// Reads a GenieACS NBI device document (see ``init(nbiJSON:file:)``) and the parameters it
    /// holds more than once (a member name repeated in one object); the tree keeps the last.
    public static func reading(nbiJSON data: [UInt8], file: String? = nil) throws(TreeSourceError)
        -> (tree: ParameterTree, repeats: [RepeatedParameter])
    {
        var document: JSONValue
        let lines: [Int]
        do {
            // A UTF-8 byte order mark (editors on Windows write one) is not JSON, but not content
            // either: skipped, as the XML and CSV readers skip it.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            (document, lines) = try JSONValue.parseWithMemberLines(
                data.starts(with: bom) ? Array(data.dropFirst(3)) : data
            )
        } catch {
            throw TreeSourceError(
                file: file,
                line: error.line,
                column: error.column,
                message: "not valid JSON: \(error.message)"
            )
        }
        if case .array(let items) = document {
            guard items.count == 1, let only = items.first else {
                throw TreeSourceError(
                    file: file,
                    message: "a JSON array of \(items.count) device documents; give one device per file"
                )
            }
            document = only
        }
        guard case .object(let members) = document else {
            throw TreeSourceError(file: file, message: "not a GenieACS device document (expected a JSON object)")
        }
        var builder = RepeatTrackingBuilder(source: .nbiJSON)
        // Member lines are in document order; the walk below visits members in the same order.
        var cursor = NBILineCursor(lines: lines)
        for (key, value) in members {
            let line = cursor.next()
            if !key.hasPrefix("_") && !Self.nbiPseudoRoots.contains(key), case .object = value {
                walk(value, path: key, file: file, line: line, cursor: &cursor, into: &builder)
            } else {
                cursor.skip(value)
            }
        }
        return (builder.tree, builder.repeats)
    }

    private static func walk(
        _ node: JSONValue,
        path: String,
        file: String?,
        line: Int?,
        cursor: inout NBILineCursor,
        into builder: inout RepeatTrackingBuilder
    ) {
        guard case .object(let members) = node else {
            cursor.skip(node)
            return
        }
        var writable: Bool?
        if case .bool(let w) = node["_writable"] { writable = w }
        var isObject = false
        if case .bool(let o) = node["_object"] { isObject = o }
        let location = TreeLocation(file: file, line: line)
        if let raw = node["_value"] {
            // `_type` is kept as stored: GenieACS stores the type a CPE sent as sent and converts
            // only its exact spellings (lib/soap.ts:171-201), so `xsd:Int` marks a text value.
            var typeName: String?
            if case .string(let t) = node["_type"] { typeName = t }
            let value = nbiValueText(raw, typeName: &typeName)
            builder.add(
                ParameterEntry(
                    path: path,
                    value: value,
                    type: typeName.map { ValueType.parse($0).type },
                    typeSpelling: typeName,
                    writable: writable,
                    location: location
                )
            )
        } else if isObject {
            builder.add(ParameterEntry(path: path + ".", writable: writable, isObject: true, location: location))
        } else if writable != nil, !members.contains(where: { !$0.0.hasPrefix("_") }) {
            // A parameter GenieACS knows by name only (no value fetched yet).
            builder.add(ParameterEntry(path: path, writable: writable, location: location))
        }
        for (key, child) in members {
            let line = cursor.next()
            if key.hasPrefix("_") {
                cursor.skip(child)
            } else {
                walk(child, path: path + "." + key, file: file, line: line, cursor: &cursor, into: &builder)
            }
        }
    }

    /// The text of an NBI `_value`: strings as they are, numbers as written, booleans as
    /// `true`/`false`; a `_value` of `[value, type]` (older GenieACS) is unpacked.
    private static func nbiValueText(_ raw: JSONValue, typeName: inout String?) -> String? {
        switch raw {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return nil
        case .array(let pair) where pair.count == 2:
            if typeName == nil, case .string(let t) = pair[1] { typeName = t }
            return nbiValueText(pair[0], typeName: &typeName)
        case .array, .object: return nil
        }
    }
}

/// The lines of an NBI document's member names (``JSONValue/parseWithMemberLines(_:maxDepth:)``),
/// consumed in document order as the reader walks the document.
struct NBILineCursor {
    let lines: [Int]
    var index = 0

    /// The line of the next member name.
    mutating func next() -> Int? {
        defer { index += 1 }
        return index < lines.count ? lines[index] : nil
    }

    /// Passes over the members inside a value the reader does not walk.
    mutating func skip(_ value: JSONValue) { index += value.memberCount }
}
