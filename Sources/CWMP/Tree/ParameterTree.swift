/// Where a tree entry came from, for diagnostics (`file:line` for XML, row for CSV).
public struct TreeLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    /// 1-based data row of a CSV file (the header is row 0).
    public var row: Int?
    /// 1-based byte column of the element's `<` in XML, when known.
    public var column: Int?

    public init(file: String? = nil, line: Int? = nil, row: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.row = row
        self.column = column
    }

    public var description: String {
        var text = file ?? "<input>"
        if let line {
            text += ":\(line)" + (column.map { ":\($0)" } ?? "")
        } else if let row {
            text += ":row \(row)"
        }
        return text
    }
}

/// One node of a device's parameter tree.
public struct ParameterEntry: Sendable, Hashable, Codable {
    /// The full path; object paths end in `.` (`Device.WiFi.SSID.1.`).
    public var path: String
    /// The raw value; nil for objects and for parameters whose value is not known.
    public var value: String?
    /// The declared type; nil when not known (a name-only source).
    public var type: ValueType?
    /// The type name exactly as the source spelled it, when that is not `type.xsdName`
    /// (`xsd:Int`, `xs:int`; see ``CWMPValue/typeSpelling``). GenieACS converts a reported
    /// value to a number or boolean only for the exact spellings (lib/soap.ts:171-201) and stores
    /// the spelling as the type (lib/session.ts:2535-2548), so a precondition on such a value
    /// compares text. Part of equality, so a tree diff shows a change of spelling.
    public var typeSpelling: String?
    /// Whether the ACS may write it; nil when not known (a value-only source).
    public var writable: Bool?
    public var isObject: Bool
    /// Where the entry was read; not part of equality.
    public var location: TreeLocation?

    public init(
        path: String,
        value: String? = nil,
        type: ValueType? = nil,
        typeSpelling: String? = nil,
        writable: Bool? = nil,
        isObject: Bool = false,
        location: TreeLocation? = nil
    ) {
        self.path = path
        self.value = value
        self.type = type
        self.typeSpelling = typeSpelling.flatMap { $0 == type?.xsdName ? nil : $0 }
        self.writable = writable
        self.isObject = isObject
        self.location = location
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.path == b.path && a.value == b.value && a.type == b.type && a.typeSpelling == b.typeSpelling
            && a.writable == b.writable && a.isObject == b.isObject
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(value)
        hasher.combine(type)
        hasher.combine(typeSpelling)
        hasher.combine(writable)
        hasher.combine(isObject)
    }
}

/// A device's parameters indexed by path: the common form of every source Ferrule reads (Inform,
/// GetParameterValues/NamesResponse, GenieACS NBI device documents and CSV exports).
///
/// Object paths are normalised to end in `.`; parameter paths never do. Iteration is in natural
/// path order (`Port.3` before `Port.10`).
public struct ParameterTree: Sendable, Hashable {
    private var storage: [String: ParameterEntry] = [:]

    public init() {}

    public init(_ entries: some Sequence<ParameterEntry>) {
        for entry in entries { insert(entry) }
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    /// The entry at `path` (objects may be given with or without the trailing dot).
    public subscript(path: String) -> ParameterEntry? {
        storage[path] ?? (path.hasSuffix(".") ? nil : storage[path + "."])
    }

    /// All entries in natural path order.
    public var entries: [ParameterEntry] {
        storage.values.sorted { ParameterPath.naturalOrder($0.path, $1.path) }
    }

    /// All entries in no particular order (cheaper than ``entries`` when order does not matter).
    public var unorderedEntries: Dictionary<String, ParameterEntry>.Values { storage.values }

    /// The data-model roots present (`Device.`, `InternetGatewayDevice.`).
    public var roots: [String] {
        Set(storage.keys.compactMap { $0.split(separator: ".", maxSplits: 1).first.map { String($0) + "." } }).sorted()
    }

    /// Inserts an entry, or fills in what an existing entry at the same path does not know yet.
    ///
    /// Known fields of the new entry win, so applying a values source after a names source keeps
    /// writability from the first and values from the second.
    public mutating func insert(_ entry: ParameterEntry) {
        var entry = entry
        if entry.isObject && !entry.path.hasSuffix(".") { entry.path += "." }
        guard var existing = storage[entry.path] else {
            storage[entry.path] = entry
            return
        }
        if let v = entry.value { existing.value = v }
        if let t = entry.type {
            existing.type = t
            existing.typeSpelling = entry.typeSpelling
        }
        if let w = entry.writable { existing.writable = w }
        existing.isObject = existing.isObject || entry.isObject
        if existing.location == nil { existing.location = entry.location }
        storage[entry.path] = existing
    }

    /// Removes the entry at `path`.
    @discardableResult
    public mutating func remove(_ path: String) -> ParameterEntry? {
        storage.removeValue(forKey: path)
    }

    /// This tree with `other` merged in: names (writability, objects) and values combine per path.
    public func merging(_ other: ParameterTree) -> ParameterTree {
        var result = self
        for entry in other.storage.values { result.insert(entry) }
        return result
    }

    /// What changed from `self` (before) to `other` (after).
    public func diff(_ other: ParameterTree) -> ParameterTreeDiff {
        var diff = ParameterTreeDiff()
        for (path, before) in storage {
            guard let after = other.storage[path] else {
                diff.removed.append(before)
                continue
            }
            if before != after { diff.changed.append(.init(before: before, after: after)) }
        }
        for (path, after) in other.storage where storage[path] == nil {
            diff.added.append(after)
        }
        diff.added.sort { ParameterPath.naturalOrder($0.path, $1.path) }
        diff.removed.sort { ParameterPath.naturalOrder($0.path, $1.path) }
        diff.changed.sort { ParameterPath.naturalOrder($0.before.path, $1.before.path) }
        return diff
    }
}

/// The difference between two parameter trees.
public struct ParameterTreeDiff: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        public var before: ParameterEntry
        public var after: ParameterEntry
    }

    public var added: [ParameterEntry] = []
    public var removed: [ParameterEntry] = []
    public var changed: [Change] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

/// Helpers for TR-069 parameter paths.
public enum ParameterPath {
    /// Orders paths segment by segment, numeric segments by value (`Port.3` < `Port.10`).
    public static func naturalOrder(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in naturalOrder(pa, pb) } }
    }

    /// ``naturalOrder(_:_:)-(String,String)`` on UTF-8 bytes, without allocating.
    static func naturalOrder(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        var j = 0
        while true {
            if i >= a.count || j >= b.count { return i >= a.count && j < b.count }
            var ei = i
            while ei < a.count, a[ei] != UInt8(ascii: ".") { ei += 1 }
            var ej = j
            while ej < b.count, b[ej] != UInt8(ascii: ".") { ej += 1 }
            let na = ei > i && isDigits(a, i, ei)
            let nb = ej > j && isDigits(b, j, ej)
            if na && nb {
                if ei - i != ej - j { return ei - i < ej - j }
            } else if na != nb {
                return na
            }
            var k = 0
            while i + k < ei && j + k < ej {
                if a[i + k] != b[j + k] { return a[i + k] < b[j + k] }
                k += 1
            }
            if ei - i != ej - j { return ei - i < ej - j }
            // Equal segments: move past them and their dots.
            if ei >= a.count || ej >= b.count { return ei >= a.count && ej < b.count }
            i = ei + 1
            j = ej + 1
            if i >= a.count || j >= b.count { return i >= a.count && j < b.count }
        }
    }

    private static func isDigits(_ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        for k in from..<to where p[k] < 0x30 || p[k] > 0x39 { return false }
        return true
    }
}
