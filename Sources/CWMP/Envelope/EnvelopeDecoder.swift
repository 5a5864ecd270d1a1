/// Turns an ``XMLTree`` into a ``CWMPEnvelope``: SOAP structure by namespace, header fields, CWMP
/// namespace and version, and the typed RPC.
enum EnvelopeDecoder {
    static func decode(_ tree: XMLTree, lineOffset: Int, decoder d: inout BodyDecoder) throws(CWMPParseError)
        -> CWMPEnvelope
    {
        guard let root = tree.root else {
            throw CWMPParseError(.noEnvelope, "the document has no root element")
        }
        /// A structural failure at `element`: its line in the whole body, its path, what to do next.
        func failure(_ code: CWMPParseError.Code, _ message: String, at element: XMLElement, hint: String? = nil)
            -> CWMPParseError
        {
            CWMPParseError(
                code,
                message,
                line: element.line + lineOffset,
                column: max(1, element.column),
                elementPath: element.path,
                hint: hint
            )
        }
        guard root.localName == "Envelope" else {
            throw failure(
                .noEnvelope,
                "the root element is <\(root.localName.prefix(64))>, not a SOAP Envelope",
                at: root,
                hint: "a CWMP body is a SOAP 1.1 Envelope with a Body"
            )
        }
        // GenieACS's own XML parser throws on any CDATA section (lib/xml-parser.ts:269-271).
        if let first = tree.storage.nodes.firstIndex(where: { $0.hasCDATA }) {
            d.noteGenieACSRefuses(
                "a CDATA section: \"CDATA nodes are not supported\"",
                citation: "lib/xml-parser.ts:269-271",
                at: XMLElement(tree: tree, index: Int32(first))
            )
        }
        // GenieACS keeps a comment in an element's text as written (lib/xml-parser.ts:262, 272-277);
        // so does the tree builder, and says so once.
        if let first = tree.storage.nodes.firstIndex(where: { $0.hasComment && $0.firstChild < 0 }) {
            let element = XMLElement(tree: tree, index: Int32(first))
            d.warn(
                .commentInText,
                "the text of <\(element.localName.prefix(64))> holds a comment, kept in the text as written "
                    + "(\"V5R020<!-- build -->C00S115\" stays so), as GenieACS 1.2.16 keeps element text verbatim "
                    + "(lib/xml-parser.ts:262) and skips a comment only between elements (:272-277); an XML "
                    + "reader would drop it (one warning per message)",
                at: element
            )
        }
        if root.namespaceURI != CWMPNamespaces.soapEnvelope {
            d.warn(.envelopeNamespace, "Envelope is not in the SOAP 1.1 envelope namespace", at: root)
        }
        // GenieACS keeps the last Header and the last Body it meets (1.2.16 lib/soap.ts:847-856).
        let headers = root.children("Header")
        let bodies = root.children("Body")
        let headerElement = headers.last
        guard let bodyElement = bodies.last else {
            throw failure(
                .noBody,
                "the Envelope has no Body",
                at: root,
                hint: "a CWMP message carries its RPC in soap:Body"
            )
        }
        for (name, elements) in [("Header", headers), ("Body", bodies)] where elements.count > 1 {
            d.warn(
                .repeatedElement,
                "the Envelope holds \(elements.count) \(name) elements; the last was read, as GenieACS reads it",
                at: elements[elements.count - 1]
            )
        }
        if let headerElement, headerElement.index > bodyElement.index {
            d.warn(
                .headerAfterBody,
                "the Header follows the Body (SOAP 1.1 §4.1 puts it first); it was read anyway, as GenieACS reads it",
                at: headerElement
            )
        }
        var methods = bodyElement.children.makeIterator()
        guard let method = methods.next() else {
            throw failure(.noBody, "the Body holds no RPC element", at: bodyElement)
        }
        if methods.next() != nil {
            d.warn(
                .extraBodyElements,
                "the Body holds more than one element; only <\(method.localName)> was read",
                at: bodyElement
            )
        }

        var header = CWMPHeader()
        if let headerElement {
            header = decodeHeader(headerElement, &d)
        } else {
            d.warn(.missingHeader, "the Envelope has no SOAP Header; the ID is treated as absent", at: root)
        }

        let namespace = cwmpNamespace(method: method, header: headerElement)
        switch namespace {
        case CWMPNamespaces.cwmp10, CWMPNamespaces.cwmp11, CWMPNamespaces.cwmp12: break
        case CWMPNamespaces.cwmp13, CWMPNamespaces.cwmp14:
            d.warn(
                .nonstandardCWMPNamespace,
                "namespace \(namespace) is not defined by any CWMP schema (1.3 and 1.4 use cwmp-1-2)",
                at: method
            )
        default:
            d.warn(
                .unknownCWMPNamespace,
                namespace.isEmpty ? "no CWMP namespace was found" : "unknown CWMP namespace \(namespace.prefix(80))",
                at: method
            )
        }
        d.cwmpNamespace = namespace
        if method.localName == "Inform" {
            checkGenieACSVersion(
                namespace: genieACSNamespace(method: method, body: bodyElement, envelope: root),
                version: CWMPEnvelope.version(namespace: namespace, header: header),
                header: headerElement,
                method: method,
                &d
            )
        }

        let body: CWMPBody
        if method.localName == "Fault" {
            body = .fault(Fault(xml: method, &d))
        } else if let decode = CWMPBody.decoders[method.localName] {
            d.checkQualifiedDescendants(of: method)
            body = decode(method, &d)
        } else {
            d.warn(.unknownMethod, "\(method.localName) is not a TR-069 method; it was read generically", at: method)
            body = .unknown(UnknownMethod(name: method.localName, children: method.children.map(GenericElement.init)))
        }
        return CWMPEnvelope(namespace: namespace, header: header, body: body)
    }

    /// The namespace GenieACS 1.2.16 takes for an Inform (lib/soap.ts:873-888), nil when it finds
    /// none. Not XML namespace scoping: it takes the prefix of the Inform, else of the Body, else of
    /// the Envelope, and looks for a declaration of that prefix (the default `xmlns` while it has
    /// none) on the Inform, the Body and the Envelope in turn, the last found winning. So an
    /// unprefixed `<Inform xmlns="urn:dslforum-org:cwmp-1-0">` in a `soap:Body` resolves to the SOAP
    /// envelope namespace, and a `cwmp` prefix declared on the Envelope beats one on the Inform.
    static func genieACSNamespace(method: XMLElement, body: XMLElement, envelope: XMLElement) -> String? {
        var prefix = ""
        var href: String?
        for element in [method, body, envelope] {
            let written = element.written
            if prefix.isEmpty { prefix = written.prefix }
            if let declaration = written.declarations.first(where: { $0.prefix == prefix }) {
                href = declaration.uri
            }
        }
        return href
    }

    /// Warns where GenieACS 1.2.16 records another CWMP version for an Inform than `version` (the
    /// schemas' reading), or refuses it. GenieACS reads the version from the namespace it finds
    /// (``genieACSNamespace(method:body:envelope:)``, lib/soap.ts:873-888) alone
    /// (lib/soap.ts:889-906): `cwmp-1-2` is 1.3 only with a non-zero lower-case `sessionTimeout`
    /// header (the one spelling its header loop knows, lib/soap.ts:864-866), else 1.2, whatever
    /// `SupportedCWMPVersions` says; `cwmp-1-3` is 1.4; any other namespace is refused.
    private static func checkGenieACSVersion(
        namespace found: String?,
        version: CWMPVersion?,
        header: XMLElement?,
        method: XMLElement,
        _ d: inout BodyDecoder
    ) {
        let genieACS: CWMPVersion
        let namespace = found ?? ""
        // Where GenieACS's lookup finds another namespace than the element is in, say how.
        let lookup =
            method.namespaceURI == found
            ? ""
            : " (GenieACS takes the namespace from the xmlns declaration of the Inform's or Body's prefix on the "
                + "Inform, Body and Envelope, the outermost winning, lib/soap.ts:873-888, and finds "
                + (found.map { "\"\($0.prefix(80))\"" } ?? "none") + ")"
        switch namespace {
        case CWMPNamespaces.cwmp10: genieACS = .v1_0
        case CWMPNamespaces.cwmp11: genieACS = .v1_1
        case CWMPNamespaces.cwmp12:
            // The last `sessionTimeout` wins, and parseInt's 0 or NaN counts as absent.
            let timeout = header.flatMap { $0.children("sessionTimeout").last }.flatMap {
                LeadingInteger.parse($0.text)
            }
            genieACS = (timeout ?? 0) != 0 ? .v1_3 : .v1_2
        case CWMPNamespaces.cwmp13: genieACS = .v1_4
        default:
            d.noteGenieACSRefuses(
                "an Inform in namespace \"\(namespace.prefix(80))\"\(lookup): \"Unrecognized CWMP version\"",
                citation: "lib/soap.ts:904-905",
                at: method
            )
            return
        }
        guard let version, version != genieACS else { return }
        d.warn(
            .genieACSVersion,
            "GenieACS 1.2.16 records this CPE as CWMP \(genieACS.rawValue), not \(version.rawValue): it reads the "
                + "version from the namespace and only a lower-case, non-zero sessionTimeout header "
                + "(lib/soap.ts:864-866, 889-903)\(lookup)",
            at: method
        )
    }

    /// The CWMP URN from the RPC element, else a header element, else a Fault's detail.
    private static func cwmpNamespace(method: XMLElement, header: XMLElement?) -> String {
        func isCWMP(_ uri: String?) -> Bool { uri?.hasPrefix(CWMPNamespaces.cwmpPrefix) ?? false }
        if isCWMP(method.namespaceURI), let uri = method.namespaceURI { return uri }
        if let header {
            for child in header.children where isCWMP(child.namespaceURI) {
                if let uri = child.namespaceURI { return uri }
            }
        }
        if let detail = method.child("detail")?.child("Fault"), isCWMP(detail.namespaceURI),
            let uri = detail.namespaceURI
        {
            return uri
        }
        return method.namespaceURI ?? ""
    }

    private static func decodeHeader(_ element: XMLElement, _ d: inout BodyDecoder) -> CWMPHeader {
        var header = CWMPHeader()
        let ids = element.children("ID")
        if ids.count > 1 {
            d.warn(
                .repeatedElement,
                "the Header holds \(ids.count) ID elements; the last was read, as GenieACS reads it",
                at: ids[ids.count - 1]
            )
        }
        for child in element.children {
            if let mustUnderstand = child.attribute("mustUnderstand")?.trimmingXMLWhitespace(),
                mustUnderstand != "0", mustUnderstand != "1"
            {
                d.warn(
                    .mustUnderstandNonstandard,
                    "mustUnderstand=\"\(mustUnderstand.prefix(16))\" on \(child.localName); SOAP 1.1 defines only 0 and 1",
                    at: child
                )
            }
            switch child.localName {
            case "ID":
                d.noteTrimmed(
                    child,
                    kind: "cwmp:ID",
                    consequence: "GenieACS echoes the ID back with the white space (lib/soap.ts:861-862)"
                )
                header.id = child.trimmedText
            case "HoldRequests": header.holdRequests = headerBool(child, &d)
            case "NoMoreRequests": header.noMoreRequests = headerBool(child, &d)
            case "SessionTimeout", "sessionTimeout": header.sessionTimeout = d.unsigned(child)
            case "SupportedCWMPVersions": header.supportedCWMPVersions = child.trimmedText
            case "UseCWMPVersion": header.useCWMPVersion = child.trimmedText
            default: break
            }
        }
        return header
    }

    private static func headerBool(_ element: XMLElement, _ d: inout BodyDecoder) -> Bool {
        switch element.trimmedText.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default:
            d.warn(.invalidNumber, "\(element.localName) is not a boolean; false was used", at: element)
            return false
        }
    }
}
