import FerruleJSON

/// The virtual parameters a text (a preset's precondition and configurations, a provision's or
/// virtual parameter's script) reads, found by reading each parameter path in it as GenieACS
/// 1.2.16 parses one (lib/common/path.ts:118-148): segments of `[A-Za-z0-9_-]` (:22-30) joined by
/// `.`, where a whole segment may be `*` or an alias filter `[…]`.
///
/// A path reads `VirtualParameters.<name>` when its first segment is `VirtualParameters`, `*` or an
/// alias, and its second is `<name>`; a `*` or alias second segment reads them all: a declaration
/// with a wildcard or alias first segment reaches `VirtualParameters`, and one with a wildcard or
/// alias second segment every virtual parameter (lib/session.ts:847-860). So `declare("*.ssid2g",
/// …)` reads `ssid2g`, `VirtualParameters.*` and `*.*` read every one. `VirtualParameters.<name>`
/// is also counted where it follows other segments (`x.VirtualParameters.vpx`), as before:
/// keeping a parameter is the safe side.
///
/// One forward pass over the text's UTF-8 bytes; an alias ends at the next `]` (aliases nested in
/// aliases are not followed, so such a path stops there).
struct VirtualParameterReads: Sendable, Hashable {
    /// Every virtual parameter is read (`VirtualParameters.*`, `*.*`, `*.[…]`).
    var all = false
    /// The names read one by one.
    var names: Set<String> = []

    /// Whether the text reads the virtual parameter `name`.
    func contains(_ name: String) -> Bool { all || names.contains(name) }

    /// The reads of a preset, every string it holds read as a text of its own: its precondition, and the
    /// names, values and arguments of its configurations. GenieACS 1.2.16 turns each configuration into a
    /// provision (lib/cwmp/local-cache.ts:113-133): `age` into `refresh` of its `name`, `value` into `value`
    /// of its `name`, and `provision` into the named provision with its `args`; the built-in `refresh` and
    /// `value` declare the path they are given (lib/default-provisions.ts:9, :65), so
    /// `{"type": "provision", "name": "refresh", "args": ["VirtualParameters.vpx", 3600]}` reads `vpx`.
    /// The document is not read as one text: a JSON array's `[` would read as an alias segment.
    init(strings document: JSONValue) {
        var stack = [document]
        while let value = stack.popLast() {
            switch value {
            case .string(let text):
                let reads = VirtualParameterReads(text)
                all = all || reads.all
                names.formUnion(reads.names)
            case .array(let items): stack += items
            case .object(let members): stack += members.map(\.1)
            case .number, .bool, .null: break
            }
        }
    }

    private enum Segment: Equatable {
        case name(ArraySlice<UInt8>)
        case wildcard
        case alias
    }

    private static let root = Array("VirtualParameters".utf8)

    init(_ text: String) {
        let bytes = Array(text.utf8)
        // The next `]` at or after each position, so an alias is skipped in constant time.
        var close = [Int](repeating: bytes.count, count: bytes.count + 1)
        for index in stride(from: bytes.count - 1, through: 0, by: -1) {
            close[index] = bytes[index] == UInt8(ascii: "]") ? index : close[index + 1]
        }
        var i = 0
        while i < bytes.count {
            let startsPath =
                Self.startsSegment(bytes[i])
                && (i == 0
                    || !(Self.legal(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: ".")
                        || bytes[i - 1] == UInt8(ascii: "*") || bytes[i - 1] == UInt8(ascii: "]")))
            guard startsPath else {
                i += 1
                continue
            }
            var segments: [Segment] = []
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "[") {
                    guard close[i + 1] < bytes.count else { break }
                    segments.append(.alias)
                    i = close[i + 1] + 1
                } else if byte == UInt8(ascii: "*") {
                    segments.append(.wildcard)
                    i += 1
                } else if Self.legal(byte) {
                    let start = i
                    while i < bytes.count, Self.legal(bytes[i]) { i += 1 }
                    segments.append(.name(bytes[start..<i]))
                } else {
                    break
                }
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), Self.startsSegment(bytes[i + 1]) else {
                    break
                }
                i += 1
            }
            note(segments)
            if segments.isEmpty { i += 1 }
        }
    }

    private mutating func note(_ segments: [Segment]) {
        for (index, first) in segments.enumerated() where index + 1 < segments.count {
            let isRoot: Bool =
                switch first {
                case .name(let name): name.elementsEqual(Self.root)
                case .wildcard, .alias: index == 0
                }
            guard isRoot else { continue }
            switch segments[index + 1] {
            case .name(let name): names.insert(String(decoding: name, as: UTF8.self))
            case .wildcard, .alias: all = true
            }
        }
    }

    /// GenieACS's legal path characters (lib/common/path.ts:22-30).
    private static func legal(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }

    private static func startsSegment(_ byte: UInt8) -> Bool {
        legal(byte) || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "[")
    }
}
