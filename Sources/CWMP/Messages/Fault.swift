/// One per-parameter fault of a SetParameterValues failure.
public struct SetParameterValuesFault: Sendable, Hashable, Codable {
    public var name: String
    public var code: UInt32
    public var string: String

    public init(name: String, code: UInt32, string: String = "") {
        self.name = name
        self.code = code
        self.string = string
    }
}

/// The `cwmp:Fault` detail of a SOAP Fault.
public struct CWMPFault: Sendable, Hashable, Codable {
    /// 9000–9032 CPE faults, 8000–8006 ACS faults, 9800–9899 / 8800–8899 vendor (cwmp-1-2.xsd:97-188, 1426-1470;
    /// cwmp-1-4.xsd:91-108).
    public var code: UInt32
    public var string: String
    public var setParameterValuesFaults: [SetParameterValuesFault]

    public init(code: UInt32, string: String = "", setParameterValuesFaults: [SetParameterValuesFault] = []) {
        self.code = code
        self.string = string
        self.setParameterValuesFaults = setParameterValuesFaults
    }
}

/// A SOAP 1.1 `Fault` with the CWMP detail: how either side rejects an RPC.
public struct Fault: CWMPRPC {
    public static let methodName = "Fault"
    /// `Client` or `Server`, as sent (sometimes qualified: `SOAP-ENV:Client`).
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
        faultCode = e.child("faultcode")?.trimmedText ?? ""
        faultString = e.child("faultstring")?.text ?? ""
        if e.child("faultcode") == nil { d.warn(.missingElement, "faultcode is missing", at: e) }
        guard let detail = e.child("detail")?.child("Fault") else {
            d.warn(.missingElement, "detail/Fault is missing: the fault has no CWMP code", at: e)
            d.noteGenieACSRefuses(
                "a SOAP Fault without detail/Fault: \"Missing detail element\"",
                citation: "lib/soap.ts:794-800",
                at: e
            )
            cwmpFault = nil
            return
        }
        cwmpFault = CWMPFault(
            code: d.unsigned(detail, "FaultCode"),
            string: detail.child("FaultString")?.text ?? "",
            setParameterValuesFaults: detail.children("SetParameterValuesFault").map { item in
                SetParameterValuesFault(
                    name: d.parameterName(item.child("ParameterName"), parent: item),
                    code: d.unsigned(item, "FaultCode"),
                    string: item.child("FaultString")?.text ?? ""
                )
            }
        )
    }

    /// Writes `<soap-env:Fault>`; the detail's `cwmp:Fault` is the only qualified child.
    func writeXML(_ w: inout BodyWriter) {
        w.field("faultcode", faultCode)
        w.field("faultstring", faultString)
        guard let cwmpFault else { return }
        w.structure("detail") { w in
            w.structure("cwmp:Fault") { w in
                w.field("FaultCode", cwmpFault.code)
                w.field("FaultString", cwmpFault.string)
                for item in cwmpFault.setParameterValuesFaults {
                    w.structure("SetParameterValuesFault") { w in
                        w.field("ParameterName", item.name)
                        w.field("FaultCode", item.code)
                        w.field("FaultString", item.string)
                    }
                }
            }
        }
    }
}
