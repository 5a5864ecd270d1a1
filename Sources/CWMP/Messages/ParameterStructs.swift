/// A `ParameterValueStruct`: a parameter path with its value.
public struct ParameterValue: Sendable, Hashable, Codable {
    /// The full parameter path (`Device.DeviceInfo.SoftwareVersion`), trimmed.
    public var name: String
    /// The value and its declared type; nil when the sender left out the `Value` element
    /// (Cisco SPA122, GenieACS #317).
    public var value: CWMPValue?
    /// The line the struct started on in the source document; not part of equality.
    public var line: Int?
    /// The byte column of the struct's `<` on ``line``; not part of equality.
    public var column: Int?

    public init(name: String, value: CWMPValue?, line: Int? = nil, column: Int? = nil) {
        self.name = name
        self.value = value
        self.line = line
        self.column = column
    }

    public init(_ name: String, _ raw: String, type: ValueType = .string) {
        self.init(name: name, value: CWMPValue(raw, type: type))
    }

    public static func == (a: Self, b: Self) -> Bool { a.name == b.name && a.value == b.value }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(value)
    }

    enum CodingKeys: String, CodingKey { case name, value, type }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if let value {
            try c.encode(
                encoder.redactsSecrets ? Redaction.parameterValue(value.raw, path: name) : value.raw,
                forKey: .value
            )
            // The type as sent (`xs:boolean`, `unsignedInt`), as GenieACS keeps it (lib/soap.ts:134-139).
            try c.encode(value.typeSpelling ?? value.type.xsdName, forKey: .type)
        } else {
            try c.encodeNil(forKey: .value)
            try c.encodeNil(forKey: .type)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        if let raw = try c.decodeIfPresent(String.self, forKey: .value) {
            let spelling = try c.decodeIfPresent(String.self, forKey: .type)
            value = CWMPValue(raw, type: spelling.map { ValueType.parse($0).type } ?? .string, typeSpelling: spelling)
        }
    }
}

/// A `ParameterInfoStruct` from GetParameterNamesResponse; object names end in `.`.
public struct ParameterInfo: Sendable, Hashable, Codable {
    public var name: String
    public var writable: Bool
    /// The line the struct started on in the source document; not part of equality.
    public var line: Int?
    /// The byte column of the struct's `<` on ``line``; not part of equality.
    public var column: Int?

    public init(name: String, writable: Bool, line: Int? = nil, column: Int? = nil) {
        self.name = name
        self.writable = writable
        self.line = line
        self.column = column
    }

    public static func == (a: Self, b: Self) -> Bool { a.name == b.name && a.writable == b.writable }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(writable)
    }

    enum CodingKeys: String, CodingKey { case name, writable }
}

extension BodyDecoder {
    /// Warns (once per message) when a parameter name has white space around it: GenieACS keeps
    /// it, its path does not parse, and it drops the parameter with a warning (lib/soap.ts:202-210,
    /// 118-129, 251-259; lib/common/path.ts:182).
    mutating func noteNameTrimmed(_ element: XMLElement) {
        noteTrimmed(
            element,
            kind: "parameter name",
            consequence: "the name is not a valid path there, so GenieACS drops the parameter, and a tree leaves "
                + "it out too",
            kept: true
        )
    }

    /// Warns (once per message) when an EventCode has white space around it: GenieACS records the
    /// event with it (lib/soap.ts:85-89), so presets on the trimmed code do not fire for it.
    mutating func noteEventCodeTrimmed(_ element: XMLElement) {
        noteTrimmed(
            element,
            kind: "EventCode",
            consequence: "GenieACS records the event with the white space, and presets and preconditions on "
                + "the code do not match it (lib/soap.ts:85-89)"
        )
    }

    /// A parameter name as GenieACS 1.2.16 reads it: the text between the tags as written,
    /// untrimmed and undecoded (`param = c.text`, lib/soap.ts:99, 151, 226, 747; the XML parser
    /// slices the body, lib/xml-parser.ts:265-266). White space around it, a reference (`&#65;`)
    /// or a comment in it make it a name `Path.parse` refuses, so GenieACS drops the parameter,
    /// and a tree leaves it out too (``noteGenieACSDropsName(_:object:at:)``).
    mutating func parameterName(_ element: XMLElement?, parent: XMLElement) -> String {
        guard let element else {
            warn(.missingElement, "Name is missing; an empty name was used", at: parent)
            return ""
        }
        noteNameTrimmed(element)
        return element.sourceText
    }

    /// Warns when GenieACS 1.2.16 cannot parse `name` as a path and so drops the parameter
    /// (lib/soap.ts:117-129, 202-210, 251-259; lib/common/path.ts:22-30, 118-145, 176-182):
    /// a leading dot (Thomson, dpavlin/perl-cwmp t/30-server.t), an empty segment (`a..b`) or a
    /// character outside `[A-Za-z0-9_-]`. A tree (`cwmp tree`, `validate`, rules) leaves it out too.
    /// `object` names (GetParameterNamesResponse) lose one trailing dot first (lib/soap.ts:118-121).
    mutating func noteGenieACSDropsName(_ name: String, object: Bool = false, at element: XMLElement) {
        guard !name.isEmpty else { return }
        guard !(object ? GenieACSPath.parsesObjectOrParameter(name) : GenieACSPath.parses(name)) else { return }
        let shown = name.count > 256 ? String(name.prefix(256)) + "…" : name
        let consequence =
            "GenieACS 1.2.16 cannot parse it as a path and drops the parameter with a warning "
            + "(lib/soap.ts:202-210, lib/common/path.ts:176-182); the tree leaves it out too"
        if name.utf8.first == UInt8(ascii: ".") {
            warn(.leadingDotInName, "parameter name \"\(shown)\" starts with a dot; \(consequence)", at: element)
        } else {
            warn(
                .invalidParameterName,
                "parameter name \"\(shown)\" has an empty segment or a character outside [A-Za-z0-9_-]; "
                    + consequence,
                at: element
            )
        }
    }

    /// One ParameterInfoStruct, read by node index: the hot path of large GPN responses. Reads what
    /// `parameterName(item.child("Name"))` and `bool(item, "Writable")` read, with their warnings.
    mutating func parameterInfo(_ item: XMLElement) -> ParameterInfo {
        let tree = item.tree
        // The last Name and Writable, as GenieACS 1.2.16 reads them (lib/soap.ts:96-104).
        let (nameIndex, writableIndex, names, writables) = item.lastChildren(KnownNames.name, KnownNames.writable)
        noteRepeatedFields(
            item,
            ("Name", nameIndex, names),
            ("Writable", writableIndex, writables),
            "lib/soap.ts:96-104"
        )
        let name = parameterName(nameIndex >= 0 ? XMLElement(tree: tree, index: nameIndex) : nil, parent: item)
        if nameIndex >= 0 { noteGenieACSDropsName(name, object: true, at: XMLElement(tree: tree, index: nameIndex)) }
        // Exactly `1`, `0`, `true`, `false` are read on bytes. GenieACS 1.2.16 takes nothing else
        // (`TRUE`, ` 1`): it warns and records the parameter as not writable (lib/soap.ts:79-83,
        // 107-116), and so does Ferrule. A missing element goes the general way, which warns.
        guard writableIndex >= 0 else {
            return ParameterInfo(
                name: name,
                writable: bool(item, "Writable"),
                line: item.line,
                column: item.knownColumn
            )
        }
        if let exact = tree.exactBoolean(of: writableIndex) {
            return ParameterInfo(name: name, writable: exact, line: item.line, column: item.knownColumn)
        }
        let text = tree.text(of: writableIndex)
        warn(
            .invalidNumber,
            "Writable\(Self.of(item)) is \"\(text.prefix(32))\", not exactly true, 1, false or 0; false was used, "
                + "as GenieACS 1.2.16 does (lib/soap.ts:79-83, 107-116)"
                + (tree.asciiBoolean(of: writableIndex) == true ? " (a lenient reader would say true)" : ""),
            at: XMLElement(tree: tree, index: writableIndex)
        )
        return ParameterInfo(name: name, writable: false, line: item.line, column: item.knownColumn)
    }

    /// A `Value` element: raw text plus its `xsi:type`, resolved by namespace URI (XML Schema Part 1 section 2.6.1).
    mutating func value(_ element: XMLElement) -> CWMPValue {
        let tree = element.tree
        let node = tree.storage.nodes[Int(element.index)]
        var typeAttribute: XMLTree.Attribute?
        if node.attributeCount > 0 {
            for i in Int(node.attributeStart)..<Int(node.attributeStart + node.attributeCount)
            where tree.storage.attributes[i].name == KnownNames.type {
                typeAttribute = tree.storage.attributes[i]
                break
            }
        }
        guard let attribute = typeAttribute else {
            warn(.missingXSIType, "Value has no xsi:type; xsd:string was assumed", at: element)
            return CWMPValue(element.text, type: .string)
        }
        // Fast path: the usual `xsd:<type>` with the prefix bound to XML Schema, matched on bytes.
        // Another prefix (`xs:int`) is the same type, but GenieACS converts only the `xsd:`
        // spelling (lib/soap.ts:171-201): the spelling is kept for the rule evaluator.
        if attribute.valueNamespace == tree.xmlSchemaNamespace,
            let (type, isXSD) = tree.storage.attributeText.withUnsafeBufferPointer({
                let bytes = UnsafeBufferPointer(
                    rebasing: $0[Int(attribute.valueStart)..<Int(attribute.valueStart + attribute.valueLength)]
                )
                let isXSD =
                    bytes.count > 4 && bytes[0] == UInt8(ascii: "x") && bytes[1] == UInt8(ascii: "s")
                    && bytes[2] == UInt8(ascii: "d") && bytes[3] == UInt8(ascii: ":")
                return ValueType.exactWireName(bytes).map { ($0, isXSD) }
            })
        {
            if isXSD { return CWMPValue(element.text, type: type) }
            let spelling = element.qualifiedAttribute("type")?.value
            if let spelling { noteTypeSpelling(spelling, type: type, at: element) }
            return CWMPValue(element.text, type: type, typeSpelling: spelling)
        }
        guard let (typeName, typeNamespace) = element.qualifiedAttribute("type") else {
            return CWMPValue(element.text, type: .string)
        }
        var (type, wrongCase) = ValueType.parse(typeName)
        if case .other(let raw) = type, let typeNamespace {
            // A vendor type is a QName: name it by its namespace, not the sender's prefix text.
            type = .other(ValueType.canonicalQName(raw, namespace: typeNamespace))
        }
        if wrongCase {
            let keptAsText = [.boolean, .int, .unsignedInt, .dateTime].contains(type)
            warn(
                .typeCase,
                "type \"\(typeName.prefix(64))\" is in the wrong case; \(type.xsdName) was used"
                    + (keptAsText
                        ? "; GenieACS 1.2.16 converts only the exact spelling and keeps this value as text "
                            + "(lib/soap.ts:171-201), so its preconditions compare it as a string" : ""),
                at: element
            )
        }
        if !wrongCase { noteTypeSpelling(typeName, type: type, at: element) }
        return CWMPValue(element.text, type: type, typeSpelling: typeName)
    }

    /// - Parameters:
    ///   - genieACSReads: the message is one GenieACS 1.2.16 reads with `parameterValueList`
    ///     (Inform, GetParameterValuesResponse), which throws on a ParameterValueStruct without
    ///     `Value` (lib/soap.ts:159): such a struct gets a `genieacs-refuses` warning.
    ///   - repeats: the message, when it is one GenieACS 1.2.16 reads: each later copy of a
    ///     parameter gets a `repeated-parameter` warning saying which copy GenieACS stores.
    mutating func parameterValues(
        _ parent: XMLElement,
        _ name: String = "ParameterList",
        genieACSReads: Bool = false,
        repeats: RepeatedParameter.Source? = nil
    ) -> [ParameterValue] {
        parameterValues(
            parent.child(name),
            in: parent,
            name,
            genieACSReads: genieACSReads,
            repeats: repeats
        )
    }

    /// The items of the array element `list` (nil: missing from `parent`, warned as
    /// `missing-element`); see ``parameterValues(_:_:genieACSReads:repeats:)``.
    mutating func parameterValues(
        _ list: XMLElement?,
        in parent: XMLElement,
        _ name: String = "ParameterList",
        genieACSReads: Bool = false,
        repeats: RepeatedParameter.Source? = nil
    ) -> [ParameterValue] {
        // Line of each name's first copy, only when repetition is reported.
        var firstLines: [String: Int] = [:]
        var repeated = 0
        let values = array(list, in: parent, name, itemType: "ParameterValueStruct", itemName: "ParameterValueStruct") {
            item,
            d in
            let value = d.parameterValue(item)
            if genieACSReads, value.value == nil {
                d.noteGenieACSTypeError(
                    "the Value of ParameterValueStruct \"\(value.name.prefix(256))\"",
                    citation: "lib/soap.ts:159",
                    at: item
                )
            }
            if let repeats, !value.name.isEmpty {
                if let first = firstLines[value.name] {
                    repeated += 1
                    if repeated <= Self.repeatedParameterWarnings {
                        d.warnRepeatedParameter(value.name, firstLine: first, source: repeats, at: item)
                    }
                } else {
                    firstLines[value.name] = item.line
                }
            }
            return value
        }
        if repeated > Self.repeatedParameterWarnings, let list {
            warn(
                .repeatedParameter,
                "\(repeated - Self.repeatedParameterWarnings) more repeated parameter(s) in \(name) not listed",
                at: list
            )
        }
        return values
    }

    /// How many `repeated-parameter` warnings one list gets before the rest are counted in one.
    static let repeatedParameterWarnings = 20

    /// Warns that a ParameterValueStruct repeats a name an earlier one in the list gave.
    mutating func warnRepeatedParameter(
        _ name: String,
        firstLine: Int,
        source: RepeatedParameter.Source,
        at item: XMLElement
    ) {
        let shown = name.count > 256 ? String(name.prefix(256)) + "…" : name
        warn(
            .repeatedParameter,
            "parameter \"\(shown)\" is reported again (first at line \(firstLine)); "
                + RepeatedParameter.consequence(of: source),
            at: item
        )
    }

    /// Warns that GenieACS 1.2.16 refuses a response without `ParameterList`: it passes
    /// `undefined` on to `parameterInfoList`/`parameterValueList`/`parameterAttributeList`, which
    /// read its children (lib/soap.ts:275/292/311, then :92/:144/:217).
    mutating func noteParameterListRequired(_ e: XMLElement, citation: String) {
        if e.child("ParameterList") == nil {
            noteGenieACSTypeError("ParameterList", citation: citation, at: e)
        }
    }

    /// Warns about each of two fields `item` holds more than once (read at its last copy, `index`).
    private mutating func noteRepeatedFields(
        _ item: XMLElement,
        _ a: (name: String, index: Int32, count: Int),
        _ b: (name: String, index: Int32, count: Int),
        _ citation: String
    ) {
        guard a.count > 1 || b.count > 1 else { return }
        for field in [a, b] where field.count > 1 {
            noteRepeatedField(
                field.name,
                count: field.count,
                in: item,
                citation: citation,
                at: XMLElement(tree: item.tree, index: field.index)
            )
        }
    }

    /// One ParameterValueStruct, read by node index: the hot path of large GPV responses.
    mutating func parameterValue(_ item: XMLElement) -> ParameterValue {
        let tree = item.tree
        // The last Name and the last Value, as GenieACS 1.2.16 reads them: it assigns each child
        // it knows in a loop over the struct's children (lib/soap.ts:148-156).
        let (nameIndex, valueIndex, names, values) = item.lastChildren(KnownNames.name, KnownNames.value)
        noteRepeatedFields(item, ("Name", nameIndex, names), ("Value", valueIndex, values), "lib/soap.ts:148-156")
        // As written, untrimmed and undecoded, as GenieACS reads it (see parameterName(_:parent:)).
        let name = nameIndex >= 0 ? tree.sourceText(of: nameIndex) : ""
        if nameIndex < 0 {
            warn(.missingElement, "Name is missing; an empty name was used", at: item)
        } else {
            if tree.hasSurroundingWhitespace(of: nameIndex) {
                noteNameTrimmed(XMLElement(tree: tree, index: nameIndex))
            }
            noteGenieACSDropsName(name, at: XMLElement(tree: tree, index: nameIndex))
        }
        guard valueIndex >= 0 else {
            warn(.missingValue, "\(name.isEmpty ? "a parameter" : name) has no Value element", at: item)
            return ParameterValue(name: name, value: nil, line: item.line, column: item.knownColumn)
        }
        return ParameterValue(
            name: name,
            value: value(XMLElement(tree: tree, index: valueIndex)),
            line: item.line,
            column: item.knownColumn
        )
    }

    mutating func parameterNames(_ parent: XMLElement, _ name: String = "ParameterNames") -> [String] {
        array(parent, name, itemType: "string", itemName: "string") { item, _ in item.trimmedText }
    }

    mutating func strings(_ parent: XMLElement, _ name: String) -> [String] {
        array(parent, name, itemType: "string", itemName: "string") { item, _ in item.trimmedText }
    }
}

extension BodyWriter {
    mutating func parameterValues(_ items: [ParameterValue], name: String = "ParameterList") {
        array(name, itemType: "cwmp:ParameterValueStruct", items) { item, w in
            w.structure("ParameterValueStruct") { w in
                w.field("Name", item.name)
                if let value = item.value {
                    w.xml.element("Value", value.raw, [("xsi:type", value.type.xsdName)])
                }
            }
        }
    }
}
