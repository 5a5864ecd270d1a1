/// Writes CWMP envelopes strictly: the namespace of the envelope's version, GenieACS's prefixes
/// (`soap-env`, `soap-enc`, `xsd`, `xsi`, `cwmp`), `mustUnderstand` as the schemas fix it, exact
/// `arrayType` counts and an `xsi:type` on every value.
public enum CWMPSerializer {
    /// The UTF-8 bytes of `message`; an empty array for ``CWMPMessage/empty``.
    public static func serialize(_ message: CWMPMessage, pretty: Bool = true) -> [UInt8] {
        switch message {
        case .empty: return []
        case .envelope(let envelope): return serialize(envelope, pretty: pretty)
        }
    }

    /// The UTF-8 bytes of `envelope`, refused when a value holds a character XML 1.0 cannot
    /// carry (a C0 control other than tab, LF and CR; U+FFFE, U+FFFF): written raw it makes the
    /// document ill-formed, and no reference can stand for it.
    public static func serializeChecked(_ envelope: CWMPEnvelope, pretty: Bool = true)
        throws(CWMPUnrepresentableValue) -> [UInt8]
    {
        let xml = write(envelope, pretty: pretty)
        if let found = xml.unrepresentable {
            throw CWMPUnrepresentableValue(scalar: found.scalar, element: found.element, parameter: found.name)
        }
        return xml.bytes
    }

    /// The UTF-8 bytes of `envelope`, with an XML declaration.
    public static func serialize(_ envelope: CWMPEnvelope, pretty: Bool = true) -> [UInt8] {
        write(envelope, pretty: pretty).bytes
    }

    private static func write(_ envelope: CWMPEnvelope, pretty: Bool) -> XMLWriter {
        var xml = XMLWriter(pretty: pretty)
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        let namespace = envelope.namespace.isEmpty ? CWMPNamespaces.cwmp12 : envelope.namespace
        xml.open(
            "soap-env:Envelope",
            [
                ("xmlns:soap-env", CWMPNamespaces.soapEnvelope),
                ("xmlns:soap-enc", CWMPNamespaces.soapEncoding),
                ("xmlns:xsd", CWMPNamespaces.xmlSchema),
                ("xmlns:xsi", CWMPNamespaces.xmlSchemaInstance),
                ("xmlns:cwmp", namespace),
            ]
        )
        let header = envelope.header
        if !header.isEmpty {
            xml.open("soap-env:Header")
            if let id = header.id { xml.element("cwmp:ID", id, [("soap-env:mustUnderstand", "1")]) }
            if let hold = header.holdRequests {
                xml.element("cwmp:HoldRequests", hold ? "1" : "0", [("soap-env:mustUnderstand", "1")])
            }
            if let noMore = header.noMoreRequests { xml.element("cwmp:NoMoreRequests", noMore ? "1" : "0") }
            if let timeout = header.sessionTimeout {
                xml.element("cwmp:SessionTimeout", String(timeout), [("soap-env:mustUnderstand", "0")])
            }
            if let supported = header.supportedCWMPVersions {
                xml.element("cwmp:SupportedCWMPVersions", supported, [("soap-env:mustUnderstand", "0")])
            }
            if let use = header.useCWMPVersion {
                xml.element("cwmp:UseCWMPVersion", use, [("soap-env:mustUnderstand", "1")])
            }
            xml.close("soap-env:Header")
        }
        xml.open("soap-env:Body")
        let methodElement: String
        if case .fault = envelope.body {
            methodElement = "soap-env:Fault"
        } else {
            methodElement = "cwmp:" + envelope.body.methodName
        }
        var writer = BodyWriter(xml: xml)
        writer.structure(methodElement) { w in envelope.body.writeXML(&w) }
        xml = writer.xml
        xml.close("soap-env:Body")
        xml.close("soap-env:Envelope")
        if pretty { xml.bytes.append(0x0A) }
        return xml
    }
}

/// A value ``CWMPSerializer/serializeChecked(_:pretty:)`` cannot write as XML 1.0.
public struct CWMPUnrepresentableValue: Error, Sendable, CustomStringConvertible {
    /// The character.
    public var scalar: Unicode.Scalar
    /// The element whose text or attribute holds it (`Value`, `cwmp:ID` …).
    public var element: String
    /// The parameter whose value it is, when the element is a value structure's.
    public var parameter: String?

    public var description: String {
        let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
        let place = parameter.map { "the value of \($0)" } ?? "the \(element) element"
        return "\(place) holds \(code), which XML 1.0 cannot carry, not even as a character reference; "
            + "change the value or leave the parameter out"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
