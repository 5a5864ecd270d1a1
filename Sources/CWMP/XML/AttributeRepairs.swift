/// What ``XMLRepairs/repairAttributes(_:)`` changed.
struct AttributeRepair {
    var bytes: [UInt8]
    /// Attributes dropped because an earlier one in the same start tag has the same name.
    var duplicates = 0
    /// The first dropped attribute's name (at most 64 bytes, control characters escaped).
    var firstDuplicate = ""
    /// Attribute values given without quotes, now quoted; and attributes without a value, now `=""`.
    var unquoted = 0
    /// The local names, among `Envelope`, `Body`, `Inform` and `Value`, of elements that had an
    /// unquoted or valueless attribute: the elements whose attributes GenieACS 1.2.16 parses, with
    /// a parser that throws on them (see ``CWMPParser``).
    var unquotedOn: Set<String> = []
}

extension XMLRepairs {
    /// Reads the attribute sloppiness GenieACS 1.2.16 tolerates and libxml2 refuses, in one linear
    /// pass over the start tags (comments, CDATA sections, processing instructions and end tags are
    /// copied whole):
    ///
    /// - an attribute repeated in one start tag (`xmlns:cwmp` declared twice on the Envelope, two
    ///   `xsi:type`s on a Value) is dropped, keeping the first, as GenieACS reads the first: its
    ///   `parseAttrs` keeps every copy (lib/xml-parser.ts:51-111 has no duplicate check), and
    ///   `attrs.find` (lib/soap.ts:878-883) and `getValueType` (lib/soap.ts:131-136) take the first.
    ///   The dropped bytes become spaces (line ends kept), so lines and columns stay;
    /// - an unquoted value (`soap:mustUnderstand=1`) is quoted, up to white space, `>` or `/>`, as
    ///   GenieACS's scanner ends the tag at the first `>` outside quotes (lib/xml-parser.ts:240-241);
    ///   an attribute without a value (`<a b>`) reads as `b=""`. GenieACS parses the attributes of
    ///   no element but a Value and, for an Inform, the Envelope, Body and Inform, so elsewhere (the
    ///   Header's `cwmp:ID`) it reads such a message; ``AttributeRepair/unquotedOn`` names those
    ///   four when they had one.
    ///
    /// Names are compared in a list while a tag has few attributes and through a hash table past 16
    /// (the pre-scan caps a tag's attributes, ``AttributeScan``), so the pass stays linear. Returns
    /// nil when nothing changed.
    static func repairAttributes(_ bytes: UnsafeRawBufferPointer) -> AttributeRepair? {
        var scanner = AttributeScanner(bytes: bytes)
        scanner.run()
        let r = scanner.repair
        return r.duplicates + r.unquoted > 0 ? r : nil
    }
}

/// The state of one ``XMLRepairs/repairAttributes(_:)`` pass.
private struct AttributeScanner {
    let bytes: UnsafeRawBufferPointer
    var repair: AttributeRepair
    /// The names of the current start tag's attributes so far.
    var names: [Range<Int>] = []
    /// Hash of a name → index in `names`, built once a tag has more than `listLimit` attributes.
    var index: [Int: [Int]] = [:]
    var i = 0
    static let listLimit = 16
    static let sections: [(open: [UInt8], close: [UInt8])] = [
        (Array("<!--".utf8), Array("-->".utf8)), (Array("<![CDATA[".utf8), Array("]]>".utf8)),
        (Array("<?".utf8), Array("?>".utf8)), (Array("</".utf8), Array(">".utf8)),
        (Array("<!".utf8), Array(">".utf8)),
    ]

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        repair = AttributeRepair(bytes: [])
        repair.bytes.reserveCapacity(bytes.count + 64)
    }

    mutating func run() {
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            guard b == UInt8(ascii: "<") else {
                repair.bytes.append(b)
                i += 1
                continue
            }
            if let section = Self.sections.first(where: { matches(at: i, $0.open) }) {
                let end = find(section.close, from: i + section.open.count) ?? n
                copy(i..<end)
                i = end
                continue
            }
            startTag()
        }
    }

    /// Copies one start tag from its `<`, repairing its attributes.
    private mutating func startTag() {
        let n = bytes.count
        repair.bytes.append(bytes[i])
        i += 1
        let nameStart = i
        while i < n, !isNameEnd(bytes[i]) { i += 1 }
        copy(nameStart..<i)
        let tagName = nameStart..<i
        names.removeAll(keepingCapacity: true)
        if !index.isEmpty { index = [:] }
        while i < n {
            let spaceStart = i
            while i < n, bytes[i].isXMLWhitespace { i += 1 }
            guard i < n else {
                copy(spaceStart..<n)
                return
            }
            let c = bytes[i]
            if c == UInt8(ascii: ">") || (c == UInt8(ascii: "/") && i + 1 < n && bytes[i + 1] == UInt8(ascii: ">")) {
                let end = c == UInt8(ascii: ">") ? i + 1 : i + 2
                copy(spaceStart..<end)
                i = end
                return
            }
            if c == UInt8(ascii: "<") {
                // An unclosed tag: leave the rest to libxml2.
                copy(spaceStart..<i)
                return
            }
            let attributeName = i
            while i < n, !isNameEnd(bytes[i]), bytes[i] != UInt8(ascii: "="), !isQuote(bytes[i]) { i += 1 }
            if i == attributeName {
                // A stray character (a quote, `=`, `/`): copied for libxml2 to judge.
                copy(spaceStart..<(i + 1))
                i += 1
                continue
            }
            attribute(name: attributeName..<i, spaceStart: spaceStart, tagName: tagName)
        }
    }

    /// Copies (or drops) one attribute whose name is `name`; `i` stands after the name.
    private mutating func attribute(name: Range<Int>, spaceStart: Int, tagName: Range<Int>) {
        let n = bytes.count
        var j = i
        while j < n, bytes[j].isXMLWhitespace { j += 1 }
        enum Value {
            case quoted
            case unquoted(Range<Int>)
            case absent
        }
        var value = Value.absent
        var end = i
        if j < n, bytes[j] == UInt8(ascii: "=") {
            j += 1
            while j < n, bytes[j].isXMLWhitespace { j += 1 }
            if j < n, isQuote(bytes[j]) {
                var k = j + 1
                while k < n, bytes[k] != bytes[j] { k += 1 }
                guard k < n else {
                    copy(spaceStart..<n)
                    i = n
                    return
                }
                value = .quoted
                end = k + 1
            } else {
                var k = j
                while k < n, !bytes[k].isXMLWhitespace, bytes[k] != UInt8(ascii: ">"), bytes[k] != UInt8(ascii: "<"),
                    !isQuote(bytes[k]),
                    !(bytes[k] == UInt8(ascii: "/") && k + 1 < n && bytes[k + 1] == UInt8(ascii: ">"))
                {
                    k += 1
                }
                guard k > j, k == n || !isQuote(bytes[k]) else {
                    // `a=` with nothing, or `a=b"c`: not a shape GenieACS and XML read alike.
                    copy(spaceStart..<j)
                    i = j
                    return
                }
                value = .unquoted(j..<k)
                end = k
            }
        }
        if isDuplicate(name) {
            repair.duplicates += 1
            if repair.duplicates == 1 { repair.firstDuplicate = shown(name) }
            for k in spaceStart..<end { repair.bytes.append(bytes[k] == 0x0A ? 0x0A : UInt8(ascii: " ")) }
            i = end
            return
        }
        remember(name)
        switch value {
        case .quoted:
            copy(spaceStart..<end)
        case .unquoted(let v):
            copy(spaceStart..<v.lowerBound)
            repair.bytes.append(UInt8(ascii: "\""))
            copy(v)
            repair.bytes.append(UInt8(ascii: "\""))
            noteUnquoted(tagName)
        case .absent:
            copy(spaceStart..<end)
            repair.bytes.append(contentsOf: "=\"\"".utf8)
            noteUnquoted(tagName)
        }
        i = end
    }

    private mutating func noteUnquoted(_ tagName: Range<Int>) {
        repair.unquoted += 1
        var local = tagName.lowerBound
        for k in tagName where bytes[k] == UInt8(ascii: ":") { local = k + 1 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[local..<tagName.upperBound]), as: UTF8.self)
        if ["Envelope", "Body", "Inform", "Value"].contains(name) { repair.unquotedOn.insert(name) }
    }

    /// Whether an earlier attribute of the current tag has this name.
    private func isDuplicate(_ name: Range<Int>) -> Bool {
        if index.isEmpty {
            return names.contains { same($0, name) }
        }
        return index[hash(name)]?.contains { same(names[$0], name) } ?? false
    }

    private mutating func remember(_ name: Range<Int>) {
        names.append(name)
        if names.count == Self.listLimit + 1 {
            for (k, earlier) in names.enumerated() { index[hash(earlier), default: []].append(k) }
        } else if names.count > Self.listLimit + 1 {
            index[hash(name), default: []].append(names.count - 1)
        }
    }

    private func hash(_ r: Range<Int>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[r]))
        return hasher.finalize()
    }

    private func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count where bytes[a.lowerBound + k] != bytes[b.lowerBound + k] { return false }
        return true
    }

    /// A name for a message: at most 64 bytes, control characters escaped.
    private func shown(_ r: Range<Int>) -> String {
        String(
            decoding: UnsafeRawBufferPointer(rebasing: bytes[r.lowerBound..<min(r.upperBound, r.lowerBound + 64)]),
            as: UTF8.self
        )
        .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }
        .joined()
    }

    private func isNameEnd(_ c: UInt8) -> Bool {
        c.isXMLWhitespace || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: "<")
    }

    private func isQuote(_ c: UInt8) -> Bool { c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") }

    private mutating func copy(_ r: Range<Int>) {
        repair.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[r]))
    }

    private func matches(at index: Int, _ literal: [UInt8]) -> Bool {
        guard index + literal.count <= bytes.count else { return false }
        for (k, c) in literal.enumerated() where bytes[index + k] != c { return false }
        return true
    }

    /// The index after the first `literal` at or after `from`, or nil.
    private func find(_ literal: [UInt8], from: Int) -> Int? {
        var k = from
        while k + literal.count <= bytes.count {
            if matches(at: k, literal) { return k + literal.count }
            k += 1
        }
        return nil
    }
}
