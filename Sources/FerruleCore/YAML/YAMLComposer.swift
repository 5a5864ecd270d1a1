public import Yams

/// Composes YAML text into nodes under Ferrule's one policy for aliases: none are read.
///
/// An alias (`*name`) repeats the whole node anchored as `&name`. Nine levels of ten aliases
/// make a document of a few hundred bytes stand for 10⁹ nodes, and Yams composes mapping keys by
/// hashing the whole expansion of an aliased key, so such a file takes hours to read; every walker
/// over the nodes (a campaign's `query:`, the readers' checks) would be as slow. No Ferrule format
/// needs aliases, so a document that uses one is refused (`error[yaml-alias]`, at the alias) before
/// anything is expanded. Anchors without aliases change nothing and are read as usual.
///
/// Yams does not expose libyaml's events, so the check runs libyaml once on a *probe*: the text with
/// every possible anchor name (`&` and a run of `[0-9A-Za-z_-]`, the only names libyaml scans)
/// replaced by a name of the same length that no `*` in the text is followed by. The probe has the
/// same tokens at the same marks (only names and text change, byte for byte), and none of its aliases
/// resolves, so composing it stops at the first alias ("found undefined alias") without expanding
/// anything; when it has none, the original has none either and is composed as written.
public enum YAMLComposer {
    /// A document that uses a YAML alias, at the alias (1-based line and column).
    public struct AliasRefusal: Error, Sendable, Hashable {
        public var line: Int
        public var column: Int

        public static let message =
            "YAML aliases (`*name`) are not read: Ferrule files do not use anchors and aliases, since a few "
            + "hundred bytes of nested aliases stand for billions of values"
        public static let hint = "write the value out where it is used (rules share settings with `extends:`)"
    }

    /// The document's root node; nil for an empty document.
    ///
    /// - Throws: ``AliasRefusal`` for a document with an alias, else Yams' `YamlError`.
    public static func compose(_ text: String) throws -> Node? {
        // A byte order mark may start a YAML stream (YAML 1.2 §5.2), as editors on Windows write
        // it; Yams hands libyaml the text as UTF-8 explicitly, which then reads the mark as content.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        let bytes = Array(text.utf8)
        let scan = NameScan(bytes)
        if !scan.aliasNames.isEmpty && !scan.anchorNames.isEmpty {
            guard let probe = probe(bytes, scan) else {
                // Every replacement name is taken: only a document written to defeat the probe.
                throw scan.firstAlias.map { location(ofByte: $0, in: bytes) } ?? AliasRefusal(line: 1, column: 1)
            }
            do {
                _ = try Yams.compose(yaml: String(decoding: probe, as: UTF8.self))
            } catch let failure as YamlError {
                if let refusal = aliasRefusal(failure) { throw refusal }
                // Any other problem is the original's too, at the same place: report it from the original.
            }
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let failure as YamlError {
            // Without anchors every alias is undefined; it is refused like any other.
            if let refusal = aliasRefusal(failure) { throw refusal }
            throw failure
        }
    }

    private static func aliasRefusal(_ failure: YamlError) -> AliasRefusal? {
        guard case .composer(_, let problem, let mark, _) = failure, problem == "found undefined alias" else {
            return nil
        }
        return AliasRefusal(line: mark.line, column: mark.column)
    }

    /// The names after `&` and after `*` in the text, wherever they are (in text too).
    struct NameScan {
        /// Byte ranges of the names after each `&`.
        var anchorNames: [Range<Int>] = []
        /// The names after each `*`.
        var aliasNames: Set<[UInt8]> = []
        /// Where the first `*` with a name is.
        var firstAlias: Int?

        init(_ bytes: [UInt8]) {
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                guard b == UInt8(ascii: "&") || b == UInt8(ascii: "*") else { continue }
                let start = i
                while i < bytes.count, YAMLComposer.isNameByte(bytes[i]) { i += 1 }
                guard i > start else { continue }
                if b == UInt8(ascii: "&") {
                    anchorNames.append(start..<i)
                } else {
                    aliasNames.insert(Array(bytes[start..<i]))
                    if firstAlias == nil { firstAlias = start - 1 }
                }
            }
        }
    }

    /// libyaml's anchor and alias name characters (scanner.c `yaml_parser_scan_anchor`, `IS_ALPHA`).
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    private static let nameBytes: [UInt8] = Array(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".utf8
    )

    /// The text with every anchor name replaced by one no alias names; nil when none is free.
    static func probe(_ bytes: [UInt8], _ scan: NameScan) -> [UInt8]? {
        var out = bytes
        var chosen: [Int: [UInt8]] = [:]
        for range in scan.anchorNames {
            let length = range.count
            if chosen[length] == nil {
                guard let name = freeName(length: length, taken: scan.aliasNames) else { return nil }
                chosen[length] = name
            }
            guard let name = chosen[length] else { return nil }
            out.replaceSubrange(range, with: name)
        }
        return out
    }

    /// A name of `length` bytes not in `taken`: tries the first 64⁴ (fewer for shorter names), more
    /// than a document of Ferrule's size limits can list as aliases.
    static func freeName(length: Int, taken: Set<[UInt8]>) -> [UInt8]? {
        let varying = min(length, 4)
        var count = 1
        for _ in 0..<varying { count *= nameBytes.count }
        var name = [UInt8](repeating: nameBytes[0], count: length)
        for index in 0..<count {
            var rest = index
            for position in 0..<varying {
                name[position] = nameBytes[rest % nameBytes.count]
                rest /= nameBytes.count
            }
            if !taken.contains(name) { return name }
        }
        return nil
    }

    private static func location(ofByte offset: Int, in bytes: [UInt8]) -> AliasRefusal {
        var line = 1
        var column = 1
        for b in bytes[..<offset] {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return AliasRefusal(line: line, column: column)
    }
}
