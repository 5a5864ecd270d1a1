/// Reads CWMP SOAP bodies as tolerantly as a real ACS must, and safely.
///
/// ```swift
/// let parsed = try CWMPParser().parse(bytes, charset: "ISO-8859-1")
/// if case .inform(let inform) = parsed.message.envelope?.body { print(inform.deviceId.serialNumber) }
/// for warning in parsed.warnings { print(warning) }
/// ```
///
/// The envelope is matched by namespace URI; everything inside the RPC element by local name.
/// Quirks real CPEs send parse with a ``CWMPWarning``; only input that is not XML, has
/// no Envelope or Body, declares a DOCTYPE, or exceeds a limit throws ``CWMPParseError``.
public struct CWMPParser: Sendable {
    /// Caps that protect the parser from hostile input (libxml2 2.9.14 parser.c:274-281).
    public struct Limits: Sendable, Hashable {
        /// The largest body accepted, in bytes (default 32 MiB).
        public var maxBodyBytes: Int
        /// The deepest element nesting accepted (default 64; CWMP needs about 8).
        public var maxDepth: Int
        /// The most attributes one element may carry, namespace declarations included (default 256;
        /// a CWMP Envelope carries about 10). Checked before libxml2 reads the tag, whose duplicate
        /// check is quadratic in an element's attributes.
        public var maxAttributesPerElement: Int
        /// The most distinct element, attribute and namespace names one document may use, beyond
        /// the CWMP vocabulary (default 10,000; a CWMP message uses a handful).
        public var maxDistinctNames: Int

        public init(
            maxBodyBytes: Int = 32 << 20,
            maxDepth: Int = 64,
            maxAttributesPerElement: Int = 256,
            maxDistinctNames: Int = 10_000
        ) {
            self.maxBodyBytes = maxBodyBytes
            self.maxDepth = maxDepth
            self.maxAttributesPerElement = maxAttributesPerElement
            self.maxDistinctNames = maxDistinctNames
        }

        /// The limits the tree builder enforces.
        var xml: XMLLimits {
            XMLLimits(
                maxDepth: maxDepth,
                maxAttributesPerElement: maxAttributesPerElement,
                maxDistinctNames: maxDistinctNames
            )
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses one HTTP body.
    ///
    /// - Parameters:
    ///   - bytes: the body as received.
    ///   - charset: the `charset` of the HTTP `Content-Type`, if any.
    /// - Returns: the message (``CWMPMessage/empty`` for an empty or all-white body) and warnings.
    /// - Throws: ``CWMPParseError`` when the body cannot be read as a SOAP envelope.
    public func parse(_ bytes: [UInt8], charset: String? = nil) throws(CWMPParseError) -> ParsedMessage {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CWMPParseError) in try parse(buffer, charset: charset) }
        }
        return try result.get()
    }

    /// Parses one HTTP body held in memory the caller owns; see ``parse(_:charset:)-([UInt8],_)``.
    public func parse(_ buffer: UnsafeRawBufferPointer, charset: String? = nil) throws(CWMPParseError) -> ParsedMessage
    {
        guard buffer.count <= limits.maxBodyBytes else {
            throw CWMPParseError(
                .tooLarge,
                "the body is \(buffer.count) bytes, over the limit of \(limits.maxBodyBytes) bytes",
                hint: "the message was refused unread; ask for smaller subtrees (one GetParameterValues or "
                    + "GetParameterNames per top-level object) so each response stays under the limit"
            )
        }
        if buffer.allSatisfy({ $0.isXMLWhitespace }) {
            return ParsedMessage(message: .empty, warnings: [], encoding: CharacterEncoding.utf8.name)
        }
        var input = try XMLInput.prepare(buffer, charset: charset)
        var warnings = input.warnings
        var unquotedOn: Set<String> = []
        let tree = try buildTree(&input, original: buffer, warnings: &warnings, unquotedOn: &unquotedOn)
        if let line = input.withBytes(original: buffer, { XMLRepairs.lineOfCarriageReturnInText($0) }) {
            warnings.append(
                CWMPWarning(
                    .carriageReturnInText,
                    "text holds CR characters (first in the element at this line): XML end-of-line handling read "
                        + "each CR LF or lone CR as LF, so the value lost its CRs; GenieACS 1.2.16 keeps them "
                        + "(lib/xml-parser.ts:261-262, lib/soap.ts:169), so lengths and comparisons differ there "
                        + "(one warning per message)",
                    line: line
                )
            )
        }
        var decoder = BodyDecoder()
        let envelope = try EnvelopeDecoder.decode(tree, lineOffset: input.lineOffset, decoder: &decoder)
        warnings += decoder.warnings
        warnings += Self.unquotedAttributeRefusals(unquotedOn, method: envelope.body.methodName)
        if input.lineOffset > 0 {
            for i in warnings.indices { warnings[i].line = warnings[i].line.map { $0 + input.lineOffset } }
        }
        return ParsedMessage(message: .envelope(envelope), warnings: warnings, encoding: input.encoding.name)
    }

    /// Runs libxml2, applying each byte-level repair at most once when its error shows up.
    private func buildTree(
        _ input: inout XMLInput,
        original: UnsafeRawBufferPointer,
        warnings: inout [CWMPWarning],
        unquotedOn: inout Set<String>
    ) throws(CWMPParseError) -> XMLTree {
        var repaired: [UInt8]?
        var applied: Set<String> = []
        while true {
            let result: Result<SAXTreeBuilder.Output, XMLFailure>
            if let repaired {
                result = repaired.withUnsafeBytes { SAXTreeBuilder.build($0, limits: limits.xml) }
            } else {
                result = input.withBytes(original: original) { SAXTreeBuilder.build($0, limits: limits.xml) }
            }
            let failure: XMLFailure
            switch result {
            case .success(let output):
                warnings += output.notices.map { CWMPWarning(.xml, $0.message, line: $0.line + input.lineOffset) }
                return output.tree
            case .failure(let f):
                failure = f
            }
            let current = repaired ?? input.withBytes(original: original) { Array($0) }
            if let next = current.withUnsafeBytes({
                repair(
                    for: failure,
                    $0,
                    input: input,
                    applied: &applied,
                    warnings: &warnings,
                    unquotedOn: &unquotedOn
                )
            }) {
                repaired = next
                continue
            }
            throw error(for: failure, lineOffset: input.lineOffset)
        }
    }

    /// The repaired bytes for a libxml2 failure, or nil when no repair applies.
    private func repair(
        for failure: XMLFailure,
        _ bytes: UnsafeRawBufferPointer,
        input: XMLInput,
        applied: inout Set<String>,
        warnings: inout [CWMPWarning],
        unquotedOn: inout Set<String>
    ) -> [UInt8]? {
        guard case .libxml2(let code) = failure.kind else { return nil }
        let line = failure.line + input.lineOffset
        /// Applies `fix` at most once per parse, with a warning saying how much it changed.
        func once(
            _ key: String,
            _ warning: CWMPWarning.Code,
            _ fix: (UnsafeRawBufferPointer) -> ([UInt8], Int)?,
            _ message: (Int) -> String
        ) -> [UInt8]? {
            guard !applied.contains(key), let (out, count) = fix(bytes) else { return nil }
            applied.insert(key)
            warnings.append(CWMPWarning(warning, message(count), line: line, path: failure.elementPath))
            return out
        }
        switch code {
        case 9, 81:  // XML_ERR_INVALID_CHAR, XML_ERR_INVALID_ENCODING
            // GenieACS 1.2.16 decodes a UTF-8 body, named or assumed (no charset, no declaration:
            // "utf8", lib/cwmp.ts:1425-1427), with Buffer.toString (lib/cwmp.ts:1312-1314): each bad
            // sequence becomes U+FFFD and the rest is kept, so Ferrule reads it the same way.
            if input.encoding == .utf8, !applied.contains("utf8"),
                let (out, first, count) = XMLInput.replacingInvalidUTF8(bytes)
            {
                applied.insert("utf8")
                // A UTF-8 body is parsed in place, or from a copy with the same offsets (an encoding name
                // blanked, ``XMLInput/blankMalformedEncodingName(original:)``).
                let offset = first + input.range.lowerBound
                let badLine = input.lineOffset + 1 + bytes[..<first].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                let hex = bytes[first..<min(first + 4, bytes.count)].map { String($0, radix: 16, uppercase: true) }
                let declared =
                    input.named
                    ? "declared UTF-8"
                    : "UTF-8 (no charset and no encoding declaration: GenieACS assumes UTF-8 too; if the "
                        + "device sends ISO-8859-1, give --charset ISO-8859-1 to read it so)"
                warnings.append(
                    CWMPWarning(
                        .invalidUTF8Replaced,
                        "the body is not valid \(declared): \(count) invalid byte sequence(s), the first at byte "
                            + "offset \(offset) (0x\(hex.joined(separator: " 0x"))), each replaced with U+FFFD as "
                            + "GenieACS 1.2.16 decodes it (Node's Buffer.toString, lib/cwmp.ts:1312-1314); the rest "
                            + "was read as UTF-8",
                        line: badLine
                    )
                )
                return out
            }
            if input.encoding == .ascii, !applied.contains("latin1"), !isValidUTF8(bytes) {
                applied.insert("latin1")
                warnings.append(
                    CWMPWarning(
                        .invalidUTF8AsLatin1,
                        "the body declared US-ASCII holds bytes over 0x7F and was read as ISO-8859-1",
                        line: line
                    )
                )
                return XMLInput.latin1ToUTF8(bytes)
            }
            if let fixed = once(
                "charref",
                .characterReferenceRewritten,
                XMLRepairs.rewriteCharacterReferences,
                {
                    Self.characterReferenceMessage($0)
                }
            ) {
                return fixed
            }
            if let fixed = once(
                "controls",
                .strippedControlCharacters,
                XMLRepairs.stripControlCharacters,
                {
                    "\($0) control character(s) XML forbids were removed"
                }
            ) {
                return fixed
            }
            return once("nonchar", .nonCharacterReplaced, XMLRepairs.replaceNonCharacters) {
                "\($0) U+FFFE/U+FFFF character(s), which XML 1.0 forbids, were read as U+FFFD (first in the element "
                    + "at this line); GenieACS 1.2.16 keeps them as sent (its parser checks no characters, "
                    + "lib/xml-parser.ts:150-300)"
            }
        case 6, 7, 8:  // XML_ERR_INVALID_HEX_CHARREF, _DEC_CHARREF, _CHARREF: `&#…;` libxml2 cannot read
            return once("charref", .characterReferenceRewritten, XMLRepairs.rewriteCharacterReferences) {
                Self.characterReferenceMessage($0)
            }
        case 23, 24, 26, 27, 68:  // entity reference errors: bare '&' or undefined entity
            return once("amp", .escapedAmpersand, XMLRepairs.escapeStrayAmpersands) {
                "\($0) bare '&' or undefined entity reference(s) were kept as literal text"
            }
        case 5, 64:  // XML_ERR_DOCUMENT_END: content after the root; _RESERVED_XML_NAME: a second `<?xml`
            guard !applied.contains("trailing") else { return nil }
            return firstRootElement(failure, bytes, line: line, applied: &applied, warnings: &warnings)
        case 62:  // XML_ERR_MISPLACED_CDATA_END: `]]>` in character data
            return once("cdata-end", .cdataEndInText, XMLRepairs.escapeCDATAEndInText) {
                "\($0) ']]>' in text (XML 1.0 §2.4 forbids it outside CDATA) kept as text, as GenieACS 1.2.16 "
                    + "reads it (its parser reacts to '>' only inside a tag, lib/xml-parser.ts:240-241)"
            }
        case 39, 41, 42:  // XML_ERR_ATTRIBUTE_NOT_STARTED, _WITHOUT_VALUE, _REDEFINED
            guard applied.insert("attributes").inserted, let fixed = XMLRepairs.repairAttributes(bytes) else {
                return nil
            }
            warnings += Self.attributeWarnings(fixed, line: line, path: failure.elementPath)
            unquotedOn = fixed.unquotedOn
            return fixed.bytes
        case 38:  // XML_ERR_LT_IN_ATTRIBUTE
            return once("lt", .escapedLessThanInAttribute, XMLRepairs.escapeLessThanInAttributes) {
                "\($0) '<' character(s) inside attribute values were accepted"
            }
        default:
            return nil
        }
    }

    /// The `duplicate-attribute` and `unquoted-attribute` warnings for an attribute repair.
    private static func attributeWarnings(_ fixed: AttributeRepair, line: Int, path: String) -> [CWMPWarning] {
        var warnings: [CWMPWarning] = []
        if fixed.duplicates > 0 {
            warnings.append(
                CWMPWarning(
                    .duplicateAttribute,
                    "\(fixed.duplicates) attribute(s) repeated in one start tag (the first: \(fixed.firstDuplicate)), "
                        + "which XML forbids, were dropped and the first copy read, as GenieACS 1.2.16 reads the "
                        + "first (its parseAttrs keeps every copy, lib/xml-parser.ts:51-111; attrs.find and "
                        + "getValueType take the first, lib/soap.ts:131-136, 873-888)",
                    line: line,
                    path: path
                )
            )
        }
        if fixed.unquoted > 0 {
            warnings.append(
                CWMPWarning(
                    .unquotedAttribute,
                    "\(fixed.unquoted) attribute(s) without quotes or without a value (XML requires both) were read "
                        + "as if quoted, as GenieACS 1.2.16's parser steps over them (lib/xml-parser.ts:150-330); "
                        + "it parses the attributes only of a Value and of an Inform's Envelope, Body and Inform "
                        + "(lib/soap.ts:135, 877-878)",
                    line: line,
                    path: path
                )
            )
        }
        return warnings
    }

    /// `genieacs-refuses` when an unquoted or valueless attribute sat on an element whose attributes
    /// GenieACS 1.2.16 parses: its `parseAttrs` throws on one ("Attribute must have value",
    /// "Unexpected character", lib/xml-parser.ts:94, 107, 110), on a ParameterValueStruct's Value in
    /// an Inform or GetParameterValuesResponse (`getValueType`, lib/soap.ts:131-136, 159) and on the
    /// Envelope, Body or Inform of an Inform (the CWMP version lookup, lib/soap.ts:873-888).
    static func unquotedAttributeRefusals(_ elements: Set<String>, method: String) -> [CWMPWarning] {
        var places: [String] = []
        if elements.contains("Value"), method == "Inform" || method == "GetParameterValuesResponse" {
            places.append("a Value (getValueType, lib/soap.ts:131-136, 159)")
        }
        if method == "Inform" {
            let outer = ["Envelope", "Body", "Inform"].filter { elements.contains($0) }
            if !outer.isEmpty {
                places.append(
                    "the \(outer.joined(separator: ", ")) of an Inform (the CWMP version lookup, lib/soap.ts:873-888)"
                )
            }
        }
        guard !places.isEmpty else { return [] }
        return [
            CWMPWarning(
                .genieACSRefuses,
                "GenieACS 1.2.16 refuses this message (an unquoted or valueless attribute on "
                    + "\(places.joined(separator: " and ")): its parseAttrs throws, lib/xml-parser.ts:94, 107, 110); "
                    + "Ferrule read it anyway"
            )
        ]
    }

    /// The `character-reference-rewritten` warning for `count` references.
    private static func characterReferenceMessage(_ count: Int) -> String {
        "\(count) character reference(s) libxml2 refuses were read as GenieACS 1.2.16 decodes them "
            + "(lib/xml-parser.ts:115-146): a '&#' that is no number stays text, a UTF-16 surrogate pair is "
            + "joined into one character, a lone surrogate and U+FFFE/U+FFFF read as U+FFFD, a number past "
            + "U+10FFFF keeps its low 16 bits (String.fromCharCode)"
    }

    /// The body cut after its first root element when another element follows it (two SOAP
    /// envelopes in one HTTP body): GenieACS 1.2.16 parses every top-level element and reads the
    /// first (`xml.children[0]`, lib/soap.ts:839-843), so Ferrule reads that one with a
    /// `trailing-element` warning naming what follows. Nil when anything else follows.
    private func firstRootElement(
        _ failure: XMLFailure,
        _ bytes: UnsafeRawBufferPointer,
        line: Int,
        applied: inout Set<String>,
        warnings: inout [CWMPWarning]
    ) -> [UInt8]? {
        guard let end = failure.rootEnd, end > 0, end < bytes.count else { return nil }
        // White space, processing instructions (a second envelope's own `<?xml …?>`) and comments
        // before the next element: GenieACS's parser steps over them (lib/xml-parser.ts:273-287).
        var k = end
        while true {
            while k < bytes.count, bytes[k].isXMLWhitespace { k += 1 }
            guard let close = Self.markupEnd(bytes, at: k) else { break }
            k = close
        }
        guard k + 1 < bytes.count, bytes[k] == UInt8(ascii: "<") else { return nil }
        let first = bytes[k + 1]
        guard first >= 0x80 || first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
            return nil
        }
        var nameEnd = k + 1
        while nameEnd < bytes.count, nameEnd - k <= 64, !bytes[nameEnd].isXMLWhitespace,
            bytes[nameEnd] != UInt8(ascii: ">"), bytes[nameEnd] != UInt8(ascii: "/")
        {
            nameEnd += 1
        }
        // At most 64 bytes, control characters escaped: the text is the CPE's.
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(k + 1)..<nameEnd]), as: UTF8.self)
            .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }
            .joined()
        let local = name.split(separator: ":").last.map(String.init) ?? name
        applied.insert("trailing")
        warnings.append(
            CWMPWarning(
                .trailingElement,
                "the body holds \(local == "Envelope" ? "a second SOAP envelope" : "another element"), "
                    + "<\(name)>, after the first; only the first was read, as GenieACS 1.2.16 "
                    + "reads it (lib/soap.ts:839-843 takes xml.children[0]); the CPE or a proxy joined two messages",
                line: line
            )
        )
        return Array(UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
    }

    /// The index after a processing instruction or comment starting at `index`, or nil when none
    /// starts there or it is not closed.
    private static func markupEnd(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
        for (open, close) in [(Array("<?".utf8), Array("?>".utf8)), (Array("<!--".utf8), Array("-->".utf8))] {
            guard index + open.count <= bytes.count, bytes[index..<(index + open.count)].elementsEqual(open) else {
                continue
            }
            var i = index + open.count
            while i + close.count <= bytes.count {
                if bytes[i..<(i + close.count)].elementsEqual(close) { return i + close.count }
                i += 1
            }
            return nil
        }
        return nil
    }

    private func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Whether a libxml2 error is one of its fixed size limits rather than broken XML: without
    /// `XML_PARSE_HUGE` it refuses an attribute value, text node or name past `XML_MAX_TEXT_LENGTH`
    /// (10,000,000) or `XML_MAX_NAME_LENGTH`, and input lookups past `XML_MAX_LOOKUP_LIMIT`
    /// (libxml2 2.9.14 include/libxml/parserInternals.h:41-73; parser.c "AttValue length too long",
    /// "Huge input lookup", SAX2.c "xmlSAX2Characters: huge text node").
    static func isLibxml2Limit(_ message: String) -> Bool {
        let phrases = ["too long", "too big", "Huge input lookup", "huge text node"]
        return phrases.contains { message.contains($0) }
    }

    private func error(for failure: XMLFailure, lineOffset: Int) -> CWMPParseError {
        let line = failure.line > 0 ? failure.line + lineOffset : nil
        let column = failure.column > 0 ? failure.column : nil
        let path = failure.elementPath == "/" || failure.elementPath.isEmpty ? nil : failure.elementPath
        let (code, message, hint): (CWMPParseError.Code, String, String)
        switch failure.kind {
        case .doctype:
            (code, message) = (.doctype, failure.message)
            hint = "SOAP 1.1 forbids document type declarations; the message was refused unread"
        case .tooDeep(let limit):
            (code, message) = (.tooDeep, failure.message)
            hint =
                "a CWMP message nests about 8 levels; one nested deeper than \(limit) is refused as corrupt or hostile"
        case .tooManyAttributes(let limit):
            (code, message) = (.tooManyAttributes, failure.message)
            hint =
                "a CWMP element carries at most about 10 attributes; one with more than \(limit) is refused as "
                + "corrupt or hostile"
        case .tooManyNames(let limit):
            (code, message) = (.tooManyNames, failure.message)
            hint =
                "a CWMP message uses a few dozen element and namespace names; one with more than \(limit) "
                + "is refused as corrupt or hostile"
        case .libxml2 where Self.isLibxml2Limit(failure.message):
            (code, message) = (.tooLarge, "a part of the body is over libxml2's size limits: \(failure.message)")
            hint =
                "libxml2 refuses a single text, attribute value or name over 10 MB, and a body over 10 MB whose "
                + "parse looks back past 10 MB (\"Huge input lookup\": elements with many attributes do), unless told to "
                + "parse huge documents, which Ferrule never does; real CWMP messages are far smaller: split the input"
        case .libxml2:
            (code, message) = (.notWellFormed, "not well-formed XML: \(failure.message)")
            hint = "the body is truncated or corrupt; capture it again from the device"
        }
        return CWMPParseError(code, message, line: line, column: column, elementPath: path, hint: hint)
    }
}
