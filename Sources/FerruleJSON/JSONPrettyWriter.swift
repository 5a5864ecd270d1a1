/// Writes the ``JSONValue/prettyText`` layout piece by piece, for lists too large to build as
/// ``JSONValue`` first (a GetParameterValuesResponse of 50,000 parameters).
///
/// The bytes are those `appendPretty(to:level:)` writes for the value the calls describe:
/// `"key" : value`, two-space indentation, an empty container as the bracket, an empty line and
/// the closing bracket. Members must be written in code-point order of their keys (the order
/// `appendPretty` sorts them into); ``object(_:replacing:with:)`` sorts a member list for you.
///
/// ```swift
/// var w = JSONPrettyWriter(level: 1)
/// w.beginObject()
/// w.key("name"); w.string("Device.DeviceInfo.SerialNumber")
/// w.key("writable"); w.bool(false)
/// w.endObject()
/// ```
public struct JSONPrettyWriter {
    /// What has been written so far.
    public var bytes: [UInt8]
    /// Members or elements written in each open container, innermost last; negative for an object.
    private var open: [Int] = []
    private let baseLevel: Int

    /// A writer whose first value is nested `level` containers deep (its first line is not
    /// indented, its inner lines by `level + 1` steps), appending to `bytes`.
    public init(level: Int = 0, appendingTo bytes: [UInt8] = []) {
        self.baseLevel = level
        self.bytes = bytes
    }

    private var level: Int { baseLevel + open.count }

    /// The separator and indentation before an array element (nothing before a member's value,
    /// whose key wrote them, or before the top-level value).
    private mutating func beforeValue() {
        guard let count = open.last, count >= 0 else { return }
        bytes.append(contentsOf: count > 0 ? ",\n".utf8 : "\n".utf8)
        Self.appendIndent(level, to: &bytes)
        open[open.count - 1] = count + 1
    }

    /// Opens an object; its members follow as ``key(_:)`` and a value each.
    public mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        open.append(-1)
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        let count = open.popLast() ?? -1
        close(empty: count == -1, bracket: UInt8(ascii: "}"))
    }

    /// Opens an array; its elements follow as values.
    public mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        open.append(0)
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        let count = open.popLast() ?? 0
        close(empty: count == 0, bracket: UInt8(ascii: "]"))
    }

    private mutating func close(empty: Bool, bracket: UInt8) {
        bytes.append(UInt8(ascii: "\n"))
        if empty { bytes.append(UInt8(ascii: "\n")) }
        Self.appendIndent(level, to: &bytes)
        bytes.append(bracket)
    }

    /// The next member's key in the innermost object (keys in code-point order).
    public mutating func key(_ key: String) {
        let count = open.last ?? -1
        bytes.append(contentsOf: count < -1 ? ",\n".utf8 : "\n".utf8)
        Self.appendIndent(level, to: &bytes)
        JSONValue.appendQuoted(key, to: &bytes)
        bytes.append(contentsOf: " : ".utf8)
        if !open.isEmpty { open[open.count - 1] = count - 1 }
    }

    /// A string value.
    public mutating func string(_ value: String) {
        beforeValue()
        JSONValue.appendQuoted(value, to: &bytes)
    }

    /// A boolean value.
    public mutating func bool(_ value: Bool) {
        beforeValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `null`.
    public mutating func null() {
        beforeValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Any value, laid out as ``JSONValue/appendPretty(to:level:)`` lays it out at this depth.
    public mutating func value(_ value: JSONValue) {
        beforeValue()
        value.appendPretty(to: &bytes, level: level)
    }

    /// An object whose members are `members` (sorted here, as ``JSONValue/appendPretty(to:level:)``
    /// sorts them), except that the value of the member named `key` is written by `write`.
    public mutating func object(
        _ members: [(String, JSONValue)],
        replacing key: String,
        with write: (inout JSONPrettyWriter) -> Void
    ) {
        beginObject()
        for (name, member) in JSONValue.sortedByKey(members) {
            self.key(name)
            if name == key { write(&self) } else { value(member) }
        }
        endObject()
    }

    /// Two spaces per level.
    static func appendIndent(_ level: Int, to out: inout [UInt8]) {
        var remaining = 2 * level
        while remaining > 0 {
            let n = min(remaining, spaces.count)
            out.append(contentsOf: spaces[0..<n])
            remaining -= n
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 32)
}
