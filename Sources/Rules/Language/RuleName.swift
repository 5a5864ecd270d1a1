/// What a rule's name may be. It becomes GenieACS preset and provision ids (parts of NBI URLs and
/// MongoDB `_id`s) and the file names `presets/<name>.json` and `provisions/<name>.js`.
enum RuleName {
    /// At most this many bytes: a file name holds 255 bytes on common file systems; 128 leaves room
    /// for the extensions and keeps ids readable.
    static let maximumBytes = 128

    /// Why `name` cannot name a rule (or a virtual parameter, `what`), or nil when it can.
    static func problem(_ name: String, what: String = "rule name") -> String? {
        guard name.utf8.count <= maximumBytes else {
            return
                "\(what) is \(name.utf8.count) bytes long; at most \(maximumBytes) (it becomes file names and GenieACS ids)"
        }
        return nil
    }

    /// Whether `name` has a rule name's form: a lower-case ASCII letter, then a-z, 0-9, `-` and
    /// `_` (ASCII only: `é` or a full-width digit would make ids that differ from what they look like).
    static func hasForm(_ name: String) -> Bool {
        guard let first = name.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
    }
}
