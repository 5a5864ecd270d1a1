/// One per-parameter fault of a SetParameterValues failure.
public struct SetParameterValuesFault: Sendable, Hashable, Codable {
    public var name: String
    public var code: UInt32
    public var string: String
    /// The FaultCode text as GenieACS 1.2.16 keeps it, when that is not `String(code)`: as written
    /// between the tags, untrimmed and undecoded (`fc = cc.text`, lib/soap.ts:749-751); nil otherwise.
    public var sentCode: String?

    public init(name: String, code: UInt32, string: String = "", sentCode: String? = nil) {
        self.name = name
        self.code = code
        self.string = string
        self.sentCode = sentCode == String(code) ? nil : sentCode
    }

    /// The code GenieACS keeps for this parameter: the text as sent.
    public var genieACSCode: String { sentCode ?? String(code) }
}

/// The `cwmp:Fault` detail of a SOAP Fault.
public struct CWMPFault: Sendable, Hashable, Codable {
    /// 9000–9032 CPE faults, 8000–8006 ACS faults, 9800–9899 / 8800–8899 vendor (cwmp-1-2.xsd:97-188, 1426-1470;
    /// cwmp-1-4.xsd:91-108).
    public var code: UInt32
    public var string: String
    public var setParameterValuesFaults: [SetParameterValuesFault]
    /// The FaultCode text as GenieACS 1.2.16 keeps it, when that is not `String(code)`: as written
    /// between the tags, untrimmed and undecoded (`faultCode = c.text`, lib/soap.ts:733-736), so
    /// `&#57;002` there is not 9002; nil otherwise (and for a fault built here).
    public var sentCode: String?

    public init(
        code: UInt32,
        string: String = "",
        setParameterValuesFaults: [SetParameterValuesFault] = [],
        sentCode: String? = nil
    ) {
        self.code = code
        self.string = string
        self.setParameterValuesFaults = setParameterValuesFaults
        self.sentCode = sentCode == String(code) ? nil : sentCode
    }

    /// The code GenieACS records: the fault is `cwmp.<this>` (lib/session.ts:2960-2962), and only
    /// exactly `9005` makes it rediscover the parameters (:2918).
    public var genieACSCode: String { sentCode ?? String(code) }
}

/// A SOAP 1.1 `Fault` with the CWMP detail: how either side rejects an RPC.
public struct Fault: CWMPRPC {
    public static let methodName = "Fault"
    /// `Client` or `Server` (sometimes qualified: `SOAP-ENV:Client`), as written between the tags:
    /// untrimmed and undecoded, as GenieACS 1.2.16 keeps it (`faultCode = c.text`, lib/soap.ts:786-789).
    public var faultCode: String
    /// Usually `CWMP fault`; free text, never match on it.
    public var faultString: String
    /// The CWMP detail; nil when the sender gave none.
    public var cwmpFault: CWMPFault?

    public init(faultCode: String = "Client", faultString: String = "CWMP fault", cwmpFault: CWMPFault?) {
        self.faultCode = faultCode
        self.faultString = faultString
        self.cwmpFault = cwmpFault
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        // Of a repeated faultcode, faultstring or detail the last is read, and so of the fields
        // of the CWMP Fault and of each SetParameterValuesFault, as GenieACS 1.2.16 assigns each in
        // a loop over the children (lib/soap.ts:786-797, 733-755); the detail's Fault is its
        // first (`.find`, lib/soap.ts:795).
        let citation = "lib/soap.ts:786-797"
        let codeElement = d.lastChild(e, "faultcode", citation: citation)
        faultCode = codeElement?.sourceText ?? ""
        if let codeElement, codeElement.sourceText != codeElement.trimmedText {
            d.warn(
                .surroundingWhitespace,
                "faultcode is written \(Self.shown(codeElement.sourceText)): GenieACS 1.2.16 keeps it as written "
                    + "(lib/soap.ts:786-789); kept so",
                at: codeElement
            )
        }
        faultString = d.lastChild(e, "faultstring", citation: citation)?.text ?? ""
        if codeElement == nil { d.warn(.missingElement, "faultcode is missing", at: e) }
        guard let detail = d.lastChild(e, "detail", citation: citation)?.child("Fault") else {
            d.warn(.missingElement, "detail/Fault is missing: the fault has no CWMP code", at: e)
            d.noteGenieACSRefuses(
                "a SOAP Fault without detail/Fault: \"Missing detail element\"",
                citation: "lib/soap.ts:794-800",
                at: e
            )
            cwmpFault = nil
            return
        }
        let faultFields = "lib/soap.ts:733-740"
        let itemFields = "lib/soap.ts:744-755"
        let code = d.unsigned(detail, "FaultCode", readsLast: faultFields)
        // GenieACS 1.2.16 keeps the FaultCode as written, undecoded (lib/soap.ts:733-736): a
        // reference or comment in it is a fault code of its own there.
        let written = detail.children("FaultCode").last
        if let written, written.sourceText != written.text {
            let raw = written.sourceText
            let shown = Self.shown(raw)
            d.warn(
                .invalidNumber,
                "FaultCode is written \(shown): GenieACS 1.2.16 does not decode it and records the fault as "
                    + "\(String(reflecting: "cwmp." + raw)), not cwmp.\(code) (lib/soap.ts:733-736, "
                    + "lib/session.ts:2918-2962); send the code as plain digits",
                at: written
            )
        }
        let string = d.lastChild(detail, "FaultString", citation: faultFields)?.text ?? ""
        var items: [SetParameterValuesFault] = []
        for item in detail.children("SetParameterValuesFault") {
            let nameElement = d.lastChild(item, "ParameterName", citation: itemFields)
            let name = d.parameterName(nameElement, parent: item)
            let itemCode = d.unsigned(item, "FaultCode", readsLast: itemFields)
            let itemString = d.lastChild(item, "FaultString", citation: itemFields)?.text ?? ""
            items.append(
                SetParameterValuesFault(
                    name: name,
                    code: itemCode,
                    string: itemString,
                    sentCode: item.children("FaultCode").last?.sourceText
                )
            )
        }
        // As GenieACS keeps it: the last FaultCode's text as written ("" when there is none).
        cwmpFault = CWMPFault(
            code: code,
            string: string,
            setParameterValuesFaults: items,
            sentCode: written?.sourceText ?? ""
        )
    }

    /// A written text for a message: quoted, escaped, at most 64 characters.
    static func shown(_ raw: String) -> String {
        String(reflecting: raw.count > 64 ? String(raw.prefix(64)) + "…" : raw)
    }

    /// Writes `<soap-env:Fault>`; the detail's `cwmp:Fault` is the only qualified child.
    func writeXML(_ w: inout BodyWriter) {
        w.field("faultcode", faultCode)
        w.field("faultstring", faultString)
        guard let cwmpFault else { return }
        w.structure("detail") { w in
            w.structure("cwmp:Fault") { w in
                // The text GenieACS keeps, when it is not the number's: a render keeps what it records.
                if let sent = cwmpFault.sentCode {
                    w.field("FaultCode", sent)
                } else {
                    w.field("FaultCode", cwmpFault.code)
                }
                w.field("FaultString", cwmpFault.string)
                for item in cwmpFault.setParameterValuesFaults {
                    w.structure("SetParameterValuesFault") { w in
                        w.field("ParameterName", item.name)
                        if let sent = item.sentCode {
                            w.field("FaultCode", sent)
                        } else {
                            w.field("FaultCode", item.code)
                        }
                        w.field("FaultString", item.string)
                    }
                }
            }
        }
    }
}
