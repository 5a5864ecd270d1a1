/// Reads the children of an RPC element by local name, tolerantly: a missing or unreadable field
/// gets GenieACS's default and a warning (GenieACS 1.2.16 lib/soap.ts:590-609, 666-690), never an error.
struct BodyDecoder {
    var warnings: [CWMPWarning] = []
    /// The CWMP namespace of the message, to spot qualified children (quirk 2).
    var cwmpNamespace: String?
    /// Kinds of text (`parameter name`, `EventCode`) already warned about for surrounding white
    /// space: one warning per kind per message.
    private var trimmedKinds: Set<String> = []
    /// Citations of GenieACS's TypeErrors already warned about: one warning per place per message.
    private var typeErrorCitations: Set<String> = []
    /// `xsi:type` spellings already warned about as `type-spelling`: one warning per spelling per message.
    private var typeSpellings: Set<String> = []

    /// Warns, once per spelling and message, that a boolean, int, unsignedInt or dateTime value
    /// came with a type other than the exact `xsd:<type>` (`xs:boolean`, `unsignedInt`): GenieACS
    /// 1.2.16 converts only the exact texts and otherwise keeps the value as text and the type as
    /// sent (lib/soap.ts:134-139, 171-201), so presets comparing it with a typed value never match.
    mutating func noteTypeSpelling(_ spelling: String, type: ValueType, at element: XMLElement) {
        guard [.boolean, .int, .unsignedInt, .dateTime].contains(type), spelling != type.xsdName,
            typeSpellings.insert(spelling).inserted
        else { return }
        warn(
            .typeSpelling,
            "type \"\(spelling.prefix(64))\" is read as \(type.xsdName), but GenieACS 1.2.16 converts only the exact "
                + "text \(type.xsdName) and keeps this value as text with the type as sent (lib/soap.ts:134-139, "
                + "171-201), so presets comparing it with a \(type.localName) never match (one warning per spelling "
                + "per message)",
            at: element
        )
    }

    /// Warns, once per `kind` and message, that `element`'s text had white space around it that
    /// Ferrule trimmed and GenieACS 1.2.16 keeps (it slices the raw element body,
    /// lib/xml-parser.ts:261-262); `consequence` says what GenieACS then does. With `kept` (names)
    /// Ferrule kept the white space as GenieACS does, and the warning says so.
    mutating func noteTrimmed(_ element: XMLElement, kind: String, consequence: String, kept: Bool = false) {
        guard element.tree.hasSurroundingWhitespace(of: element.index), trimmedKinds.insert(kind).inserted else {
            return
        }
        let shown = element.trimmedText
        let ferrule = kept ? "Ferrule keeps it as sent too, as" : "Ferrule trimmed it, but"
        warn(
            .surroundingWhitespace,
            "\(kind) \"\(shown.prefix(128))\" has white space around it; \(ferrule) GenieACS 1.2.16 "
                + "keeps element text as sent (lib/xml-parser.ts:261-262): \(consequence) (one warning per message)",
            at: element
        )
    }

    /// Warns that GenieACS 1.2.16 refuses this message although Ferrule read it.
    mutating func noteGenieACSRefuses(_ reason: String, citation: String, at element: XMLElement) {
        warn(
            .genieACSRefuses,
            "GenieACS 1.2.16 refuses this message (\(reason), \(citation)); Ferrule read it anyway",
            at: element
        )
    }

    /// Warns, once per `citation` and message, that GenieACS 1.2.16 refuses this message because
    /// `what` is missing: it reads the element's text or children without checking that it
    /// exists (`citation`), `soap.request` throws a TypeError, and lib/cwmp.ts:1464-1490 answers
    /// the CPE with 400 "XML parse error".
    mutating func noteGenieACSTypeError(_ what: String, citation: String, at element: XMLElement) {
        guard typeErrorCitations.insert(citation).inserted else { return }
        noteGenieACSRefuses(
            "\(what) is missing: reading it throws a TypeError, answered with a client error by "
                + "lib/cwmp.ts:1464-1490",
            citation: citation,
            at: element
        )
    }

    mutating func warn(_ code: CWMPWarning.Code, _ message: String, at element: XMLElement) {
        warnings.append(
            CWMPWarning(
                code,
                message,
                line: element.line,
                column: element.column > 0 ? element.column : nil,
                path: element.path
            )
        )
    }

    /// The child `name` of `parent`: the first; with `last` the last (as GenieACS reads an
    /// Inform's fields, which warns about repeats itself); with `readsLast` the last, as GenieACS
    /// 1.2.16 reads it at that citation, a repeat warned by ``lastChild(_:_:citation:)``. Warns
    /// when there is none.
    private mutating func required(
        _ parent: XMLElement,
        _ name: String,
        last: Bool = false,
        readsLast: String? = nil
    ) -> XMLElement? {
        let found: XMLElement?
        if let readsLast {
            found = lastChild(parent, name, citation: readsLast)
        } else {
            found = last ? parent.children(name).last : parent.child(name)
        }
        guard let child = found else {
            warn(.missingElement, "\(name) is missing; a default was used", at: parent)
            return nil
        }
        return child
    }

    /// Struct and field names already warned about as repeated inside a struct: one warning per
    /// struct kind and field per message, so a list of thousands of structs gives a few lines.
    private var repeatedFields: Set<String> = []

    /// The child `name` of `parent` as GenieACS 1.2.16 reads a struct's or response's fields: it
    /// loops over the children and assigns each it knows by name (`citation`, e.g. lib/soap.ts:148-156
    /// for a ParameterValueStruct), so of a repeated element the LAST is read. Ferrule reads the
    /// same and warns `repeated-element` at the copy read (once per struct kind and field per message).
    mutating func lastChild(_ parent: XMLElement, _ name: String, citation: String) -> XMLElement? {
        guard let id = parent.tree.nameID(name) else { return nil }
        var last: Int32 = -1
        var count = 0
        var c = parent.tree.storage.nodes[Int(parent.index)].firstChild
        while c >= 0 {
            let node = parent.tree.storage.nodes[Int(c)]
            if node.name == id {
                last = c
                count += 1
            }
            c = node.nextSibling
        }
        guard last >= 0 else { return nil }
        let element = XMLElement(tree: parent.tree, index: last)
        if count > 1 { noteRepeatedField(name, count: count, in: parent, citation: citation, at: element) }
        return element
    }

    /// Warns (once per struct kind and field per message) that `parent` holds `count` `name`
    /// elements and the last, `element`, was read, as GenieACS 1.2.16 reads it (`citation`).
    mutating func noteRepeatedField(
        _ name: String,
        count: Int,
        in parent: XMLElement,
        citation: String,
        at element: XMLElement
    ) {
        guard repeatedFields.insert(parent.localName + "/" + name).inserted else { return }
        warn(
            .repeatedElement,
            "\(parent.localName)\(Self.of(parent)) holds \(count) \(name) elements; the last was read, as GenieACS "
                + "1.2.16 reads it (\(citation)); later \(parent.localName)s repeating \(name) are read the same "
                + "way without a warning",
            at: element
        )
    }

    /// Text exactly as sent (for values, strings that may carry meaningful spaces).
    mutating func string(_ parent: XMLElement, _ name: String, readsLast: String? = nil) -> String {
        required(parent, name, readsLast: readsLast)?.text ?? ""
    }

    /// Text with surrounding white space trimmed (names, keys, identifiers, URLs).
    mutating func token(_ parent: XMLElement, _ name: String, readsLast: String? = nil) -> String {
        required(parent, name, readsLast: readsLast)?.trimmedText ?? ""
    }

    /// Optional text, trimmed; nil when the element is absent.
    func optionalToken(_ parent: XMLElement, _ name: String) -> String? {
        parent.child(name)?.trimmedText
    }

    mutating func unsigned(
        _ parent: XMLElement,
        _ name: String,
        default value: UInt32 = 0,
        last: Bool = false,
        readsLast: String? = nil
    ) -> UInt32 {
        guard let child = required(parent, name, last: last, readsLast: readsLast) else { return value }
        let text = child.trimmedText
        if let v = UInt32(strictDecimal: text) { return v }
        warn(.invalidNumber, "\(name)\(Self.of(parent)) is not an unsignedInt; \(value) was used", at: child)
        return value
    }

    /// ` of <parameter>` when `parent` is a struct naming a parameter (`ParameterInfoStruct`,
    /// `ParameterAttributeStruct` …), so a warning says which one; empty otherwise.
    static func of(_ parent: XMLElement) -> String {
        // The last Name, as GenieACS reads a struct's fields (lib/soap.ts:96-104, 148-156, 223-234).
        guard let name = parent.children("Name").last?.trimmedText, !name.isEmpty else { return "" }
        return " of \(name.count > 256 ? String(name.prefix(256)) + "…" : name)"
    }

    mutating func unsigned(_ element: XMLElement, default value: UInt32 = 0) -> UInt32 {
        let text = element.trimmedText
        if let v = UInt32(strictDecimal: text) { return v }
        warn(.invalidNumber, "\(element.localName) is not an unsignedInt; \(value) was used", at: element)
        return value
    }

    mutating func int(_ parent: XMLElement, _ name: String, default value: Int32 = 0) -> Int32 {
        guard let child = required(parent, name) else { return value }
        let text = child.trimmedText
        if let v = Int32(strictDecimal: text) { return v }
        warn(.invalidNumber, "\(name)\(Self.of(parent)) is not an int; \(value) was used", at: child)
        return value
    }

    /// A number field GenieACS 1.2.16 reads with `parseInt` (see ``LeadingInteger``), read the
    /// same way: `1 (reboot)` is 1 with a warning that the text is not a plain integer; text
    /// without a leading number warns and gives `value`, as GenieACS does. A number `T` cannot
    /// hold (`RetryCount` `-1`, which GenieACS keeps) gives `value` with a warning naming it.
    ///
    /// - Parameters:
    ///   - nonNegative: GenieACS warns and uses 0 for a negative (`Status`, lib/soap.ts:349-355).
    ///   - citation: where GenieACS reads the field (`lib/soap.ts:344`).
    mutating func parsedInt<T: FixedWidthInteger>(
        _ parent: XMLElement,
        _ name: String,
        default value: T = 0,
        nonNegative: Bool = false,
        last: Bool = false,
        readsLast: Bool = false,
        citation: String
    ) -> T {
        guard let child = required(parent, name, last: last, readsLast: readsLast ? citation : nil) else {
            return value
        }
        if let v = T(strictDecimal: child.trimmedText), !nonNegative || v >= 0 { return v }
        let text = child.text
        let shown = "\(name)\(Self.of(parent)) \"\(text.prefix(32))\""
        let typeName = T.isSigned ? "an int" : "an unsignedInt"
        let problem: String
        switch LeadingInteger.parse(text) {
        case nil: problem = "is not a number; \(value) was used, as GenieACS 1.2.16 does (\(citation))"
        case let n? where nonNegative && n < 0:
            problem = "is negative; \(value) was used, as GenieACS 1.2.16 does (\(citation))"
        case let n?:
            guard let v = T(exactly: n) else {
                problem = "is not \(typeName); \(value) was used (GenieACS 1.2.16 reads \(n), \(citation))"
                break
            }
            warn(
                .invalidNumber,
                "\(shown) is not \(typeName); \(v) was read from its leading digits, as GenieACS 1.2.16 reads it "
                    + "(parseInt, \(citation))",
                at: child
            )
            return v
        }
        warn(.invalidNumber, "\(shown) \(problem)", at: child)
        return value
    }

    /// AddObjectResponse `InstanceNumber`, read as ``unsigned(_:_:default:)`` reads it. GenieACS
    /// 1.2.16 refuses the message unless the text is exactly digits (no white space, no sign:
    /// lib/soap.ts:401-415): Ferrule reads it and warns.
    mutating func instanceNumber(_ parent: XMLElement) -> UInt32 {
        // The last InstanceNumber, as GenieACS reads it (lib/soap.ts:403-412).
        let element = lastChild(parent, "InstanceNumber", citation: "lib/soap.ts:403-412")
        let text = element?.text ?? ""
        if text.isEmpty || !text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            noteGenieACSRefuses(
                "InstanceNumber \"\(text.prefix(32))\" is not exactly digits: \"Missing or invalid instance number\"",
                citation: "lib/soap.ts:414-415",
                at: element ?? parent
            )
        }
        guard let element else {
            warn(.missingElement, "InstanceNumber is missing; a default was used", at: parent)
            return 0
        }
        return unsigned(element)
    }

    mutating func bool(_ parent: XMLElement, _ name: String, default value: Bool = false, readsLast: String? = nil)
        -> Bool
    {
        guard let child = required(parent, name, readsLast: readsLast) else { return value }
        switch child.trimmedText.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default:
            warn(.invalidNumber, "\(name)\(Self.of(parent)) is not a boolean; \(value) was used", at: child)
            return value
        }
    }

    /// A dateTime field: the raw (trimmed) text, with a warning when it is not a valid xsd:dateTime.
    mutating func dateTime(_ parent: XMLElement, _ name: String, last: Bool = false, readsLast: String? = nil)
        -> String
    {
        guard let child = required(parent, name, last: last, readsLast: readsLast) else {
            return "0001-01-01T00:00:00Z"
        }
        let text = child.trimmedText
        if CWMPDateTime(text) == nil {
            warn(.invalidDateTime, "\(name) is not a valid xsd:dateTime", at: child)
        }
        return text
    }

    /// The struct elements of a repeated struct field (`Operations`, `Results`).
    ///
    /// The XSD repeats the field element itself, one struct each (cwmp-1-2.xsd, ChangeDUState and
    /// DUStateChangeComplete). Agents also send one field element holding the structs as items
    /// (`<Results><OpResultStruct>…</OpResultStruct>…</Results>`: jdalberg/cwmp
    /// `src/protocol/dustatechangecomplete.rs`, icwmp `src/xml.c`); then each item is a struct,
    /// with a ``CWMPWarning/Code/wrappedItems`` warning.
    ///
    /// - Parameters:
    ///   - name: the field element.
    ///   - isStruct: true when an element carries the struct's own fields (the schema form).
    mutating func structs(
        _ parent: XMLElement,
        _ name: String,
        itemName: String,
        isStruct: (XMLElement) -> Bool
    ) -> [XMLElement] {
        var result: [XMLElement] = []
        for field in parent.children(name) {
            guard !isStruct(field), field.children.contains(where: { $0.hasChildren }) else {
                result.append(field)
                continue
            }
            let items = Array(field.children)
            warn(
                .wrappedItems,
                "\(name) holds \(items.count) \(itemName) item(s) inside one element; the schema repeats "
                    + "\(name) itself; each item was read",
                at: field
            )
            result += items
        }
        return result
    }

    /// The items of a SOAP-encoded array, checking `soapenc:arrayType` leniently (cwmp-1-2.xsd:550-559).
    ///
    /// - Parameters:
    ///   - name: the array element (`ParameterList`).
    ///   - itemType: the item type the schema fixes (`ParameterValueStruct`, `string`).
    ///   - itemName: the item element's local name; nil accepts any child.
    mutating func array<T>(
        _ parent: XMLElement,
        _ name: String,
        itemType: String,
        itemName: String?,
        _ decode: (XMLElement, inout BodyDecoder) -> T
    ) -> [T] {
        array(parent.child(name), in: parent, name, itemType: itemType, itemName: itemName, decode)
    }

    /// The items of the array element `array`, chosen by the caller (the last of repeated
    /// elements, as GenieACS reads an Inform); nil warns, as a missing `name` in `parent`.
    mutating func array<T>(
        _ array: XMLElement?,
        in parent: XMLElement,
        _ name: String,
        itemType: String,
        itemName: String?,
        _ decode: (XMLElement, inout BodyDecoder) -> T
    ) -> [T] {
        guard let array else {
            warn(.missingElement, "\(name) is missing; a default was used", at: parent)
            return []
        }
        var items: [T] = []
        var count = 0
        // One walk over the siblings to size the result: large responses hold thousands of items.
        var children = 0
        var c = array.tree.storage.nodes[Int(array.index)].firstChild
        while c >= 0 {
            children += 1
            c = array.tree.storage.nodes[Int(c)].nextSibling
        }
        items.reserveCapacity(children)
        if let itemName, let id = array.tree.nameID(itemName) {
            for child in array.children {
                count += 1
                if child.tree.storage.nodes[Int(child.index)].name == id {
                    items.append(decode(child, &self))
                }
            }
        } else {
            for child in array.children {
                count += 1
                if itemName == nil { items.append(decode(child, &self)) }
            }
        }
        if let itemName, items.count != count {
            warn(
                .unexpectedElement,
                "\(count - items.count) child element(s) of \(name) are not \(itemName) and were ignored",
                at: array
            )
        }
        checkArrayType(array, itemType: itemType, actualCount: items.count)
        return items
    }

    private mutating func checkArrayType(_ array: XMLElement, itemType: String, actualCount: Int) {
        if arrayTypeFits(array, itemType: itemType, actualCount: actualCount) { return }
        guard let (arrayType, typeNamespace) = array.qualifiedAttribute("arrayType") else {
            warn(.arrayTypeMissing, "\(array.localName) has no soap-enc:arrayType", at: array)
            return
        }
        // Byte-level: this runs for every array of every message.
        var bytes = Array(arrayType.utf8)
        while let last = bytes.last, last.isXMLWhitespace { bytes.removeLast() }
        let first = bytes.firstIndex { !$0.isXMLWhitespace } ?? bytes.endIndex
        guard let open = bytes.lastIndex(of: UInt8(ascii: "[")), open >= first, bytes.last == UInt8(ascii: "]") else {
            warn(
                .arrayTypeMismatch,
                "\(array.localName) arrayType \"\(arrayType.prefix(64))\" has no [count]",
                at: array
            )
            return
        }
        let typeName = bytes[first..<open]
        let local = typeName.firstIndex(of: UInt8(ascii: ":")).map { typeName[($0 + 1)...] } ?? typeName
        // Simple item types belong to XML Schema (or SOAP encoding), structs to CWMP: Thomson's
        // `cwmp:string[01]` names the right local type in the wrong namespace (cwmp-1-2.xsd:550-559).
        let simple = itemType == "string" || itemType == "base64"
        let namespaceFits: Bool =
            switch typeNamespace {
            case nil: true
            case CWMPNamespaces.xmlSchema?, CWMPNamespaces.soapEncoding?: simple
            case let uri?: !simple && uri.hasPrefix(CWMPNamespaces.cwmpPrefix)
            }
        var expected = itemType
        let localMatches = expected.withUTF8 { e in
            e.count == local.count && zip(e, local).allSatisfy { $0 == $1 }
        }
        if !localMatches || !namespaceFits {
            let shown = String(decoding: typeName, as: UTF8.self)
            warn(
                .arrayTypeMismatch,
                "\(array.localName) declares items of type \(shown), expected \(simple ? "xsd:" : "cwmp:")\(itemType)",
                at: array
            )
        }
        let digits = bytes[(open + 1)..<(bytes.count - 1)]
        var declared = 0
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            warn(
                .arrayCountMismatch,
                "\(array.localName) arrayType count \"\(String(decoding: digits.prefix(16), as: UTF8.self))\" is not a number",
                at: array
            )
            return
        }
        for d in digits { declared = declared * 10 + Int(d - 0x30) }
        if digits.count > 1, digits.first == UInt8(ascii: "0") {
            warn(
                .arrayCountPadded,
                "\(array.localName) arrayType count \(String(decoding: digits, as: UTF8.self)) has leading zeros",
                at: array
            )
        }
        if declared != actualCount {
            warn(
                .arrayCountMismatch,
                "\(array.localName) declares \(declared) item(s) but holds \(actualCount)",
                at: array
            )
        }
    }

    /// Whether `soapenc:arrayType` is exactly `prefix:itemType[count]` with the prefix bound to a fitting
    /// namespace and the count, without leading zeros, equal to `actualCount`: the usual case, read
    /// on the attribute's bytes. Anything else goes through the checks that warn.
    private func arrayTypeFits(_ array: XMLElement, itemType: String, actualCount: Int) -> Bool {
        let tree = array.tree
        let node = tree.storage.nodes[Int(array.index)]
        guard node.attributeCount > 0 else { return false }
        var found: XMLTree.Attribute?
        for i in Int(node.attributeStart)..<Int(node.attributeStart + node.attributeCount)
        where tree.storage.attributes[i].name == KnownNames.arrayType {
            found = tree.storage.attributes[i]
            break
        }
        guard let attribute = found, attribute.valueNamespace != 0 else { return false }
        let simple = itemType == "string" || itemType == "base64"
        let namespace = tree.storage.namespaces[Int(attribute.valueNamespace)]
        let namespaceFits =
            namespace == CWMPNamespaces.xmlSchema || namespace == CWMPNamespaces.soapEncoding
            ? simple : !simple && namespace.hasPrefix(CWMPNamespaces.cwmpPrefix)
        guard namespaceFits else { return false }
        var expected = itemType
        return expected.withUTF8 { local in
            tree.storage.attributeText.withUnsafeBufferPointer { text in
                let start = Int(attribute.valueStart)
                let bytes = UnsafeBufferPointer(rebasing: text[start..<start + Int(attribute.valueLength)])
                guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
                    let open = bytes.lastIndex(of: UInt8(ascii: "[")), open > colon,
                    bytes.last == UInt8(ascii: "]"), !bytes[bytes.startIndex].isXMLWhitespace,
                    open - colon - 1 == local.count
                else { return false }
                for k in 0..<local.count where bytes[colon + 1 + k] != local[k] { return false }
                let digits = bytes[(open + 1)..<(bytes.endIndex - 1)]
                guard !digits.isEmpty, digits.count <= 9, digits.count == 1 || digits.first != UInt8(ascii: "0")
                else { return false }
                var declared = 0
                for d in digits {
                    guard d >= 0x30 && d <= 0x39 else { return false }
                    declared = declared * 10 + Int(d - 0x30)
                }
                return declared == actualCount
            }
        }
    }

    /// Warns once per RPC when an element below it is namespace-qualified (the schema says
    /// unqualified; Alcatel-Lucent femtocells qualify them, cwmp-1-2.xsd:61 elementFormDefault).
    mutating func checkQualifiedDescendants(of method: XMLElement) {
        let nodes = method.tree.nodes
        var k = Int(method.index) + 1
        // Nodes are in document order, so the subtree is contiguous: it ends at the first node
        // whose parent precedes the RPC element.
        while k < nodes.count, nodes[k].parent >= method.index {
            if nodes[k].namespace != 0 {
                let child = XMLElement(tree: method.tree, index: Int32(k))
                warn(
                    .qualifiedChild,
                    "\(child.localName) is namespace-qualified; CWMP RPC children are unqualified",
                    at: child
                )
                return
            }
            k += 1
        }
    }
}
