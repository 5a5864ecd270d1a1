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

    /// The UTF-8 bytes of `envelope`, with an XML declaration.
    public static func serialize(_ envelope: CWMPEnvelope, pretty: Bool = true) -> [UInt8] {
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
        return xml.bytes
    }
}
