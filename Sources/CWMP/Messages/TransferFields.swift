/// The outcome of a transfer (`FaultStruct`): code 0 means success.
public struct TransferFault: Sendable, Hashable, Codable {
    public var code: UInt32
    public var string: String
    /// The FaultCode text as GenieACS 1.2.16 keeps it, when that is not `String(code)`: the text of
    /// the FaultStruct's last FaultCode as sent, undecoded (`" 0 "`, `"00"`, `"&#48;"`), `""` when it has none
    /// (`<FaultStruct/>`, `<FaultStruct>0</FaultStruct>`) (lib/soap.ts:726-760). Set for a
    /// TransferComplete only; nil otherwise.
    public var sentCode: String?

    public init(code: UInt32 = 0, string: String = "", sentCode: String? = nil) {
        self.code = code
        self.string = string
        self.sentCode = sentCode == String(code) ? nil : sentCode
    }

    /// The code GenieACS records: `cwmp.<this>` is the fault of a failed transfer.
    public var genieACSCode: String { sentCode ?? String(code) }

    /// Whether the transfer succeeded as GenieACS 1.2.16 judges it: its FaultCode is exactly `0`
    /// (lib/session.ts:284-285); anything else is a fault `cwmp.<code>` and the download's
    /// parameters are reverted.
    public var isSuccess: Bool { genieACSCode == "0" }
}

extension BodyDecoder {
    /// A `FaultStruct`, also when given as text (SimulaTR69) or left out (success, as GenieACS).
    ///
    /// - Parameter readsLast: where GenieACS 1.2.16 reads the message (TransferComplete,
    ///   lib/soap.ts:641-655): the last FaultStruct is read, and of its repeated FaultCode or
    ///   FaultString the last too (lib/soap.ts:733-740), each repeat warned `repeated-element`.
    mutating func transferFault(
        _ parent: XMLElement,
        _ name: String = "FaultStruct",
        readsLast: String? = nil
    ) -> TransferFault {
        let found: XMLElement?
        if let readsLast {
            found = lastChild(parent, name, citation: readsLast)
        } else {
            found = parent.child(name)
        }
        guard let element = found else {
            // GenieACS 1.2.16 too: a missing FaultStruct is `{faultCode: "0"}` (lib/soap.ts:666-672).
            warn(.missingElement, "\(name) is missing; success was assumed", at: parent)
            return TransferFault()
        }
        // What GenieACS keeps as the code (TransferComplete only): the last FaultCode child's text
        // as written, untrimmed and undecoded (`c.text`, lib/soap.ts:733-736; the XML parser slices
        // the body, lib/xml-parser.ts:265-266; only FaultString is decoded, :738-739): `&#48;` is
        // not "0" there. "" when there is none (lib/soap.ts:752-758).
        let sent: String? = readsLast == nil ? nil : (element.children("FaultCode").last?.sourceText ?? "")
        let fault: TransferFault
        if !element.hasChildren {
            if element.text.allSatisfy(\.isWhitespace) {
                warn(.faultStructAsText, "\(name) is empty: it has no FaultCode and FaultString", at: element)
                fault = TransferFault(code: 0, string: "", sentCode: sent)
            } else {
                warn(.faultStructAsText, "\(name) is given as text, not as FaultCode and FaultString", at: element)
                fault = TransferFault(code: unsigned(element), string: "", sentCode: sent)
            }
        } else if element.child("FaultCode") == nil, let inner = element.child("FaultStruct") {
            // `<Fault><FaultStruct><FaultCode>…` (jdalberg/cwmp src/protocol/opresult.rs).
            warn(.wrappedItems, "\(name) holds its FaultCode and FaultString inside a FaultStruct", at: element)
            fault = TransferFault(
                code: unsigned(inner, "FaultCode"),
                string: inner.child("FaultString")?.text ?? "",
                sentCode: sent
            )
        } else if readsLast == nil {
            fault = TransferFault(
                code: unsigned(element, "FaultCode"),
                string: element.child("FaultString")?.text ?? ""
            )
        } else {
            let citation = "lib/soap.ts:733-740"
            fault = TransferFault(
                code: unsigned(element, "FaultCode", readsLast: citation),
                string: lastChild(element, "FaultString", citation: citation)?.text ?? "",
                sentCode: sent
            )
        }
        if let sent, fault.code == 0, sent != "0" {
            let shown = String(reflecting: sent.count > 64 ? String(sent.prefix(64)) + "…" : sent)
            warn(
                .genieACSTransferFault,
                "\(name)'s FaultCode is \(sent.isEmpty ? "missing" : shown), not exactly \"0\": GenieACS 1.2.16 "
                    + "records the transfer as failed (fault \(String(reflecting: "cwmp." + sent))) and reverts the "
                    + "download's parameters (lib/session.ts:284-290); send <FaultCode>0</FaultCode> for success",
                at: element
            )
        }
        return fault
    }
}

extension BodyWriter {
    mutating func transferFault(_ fault: TransferFault, _ name: String = "FaultStruct") {
        structure(name) { w in
            // The text GenieACS judges, when it is not the number's (" 0 ", ""): a render keeps the verdict.
            if let sent = fault.sentCode { w.field("FaultCode", sent) } else { w.field("FaultCode", fault.code) }
            w.field("FaultString", fault.string)
        }
    }
}

/// An RPC that opens with the five fields naming a transfer and where its file is (`Download`,
/// `Upload`, `ScheduleDownload`): CommandKey, FileType, URL, Username, Password, in that order.
protocol FileTransferRequest: CWMPRPC {
    var commandKey: String { get }
    var fileType: String { get }
    var url: String { get }
    var username: String { get }
    var password: SecretString { get }
}

extension BodyDecoder {
    /// The opening fields of a ``FileTransferRequest``, read in their wire order.
    mutating func transferRequestHead(
        _ e: XMLElement
    ) -> (commandKey: String, fileType: String, url: String, username: String, password: SecretString) {
        let commandKey = string(e, "CommandKey")
        let fileType = token(e, "FileType")
        let url = token(e, "URL")
        let username = string(e, "Username")
        return (commandKey, fileType, url, username, SecretString(string(e, "Password")))
    }

    /// How a transfer ended (`TransferComplete`, `AutonomousTransferComplete`): its FaultStruct,
    /// StartTime and CompleteTime.
    ///
    /// - Parameter readsLast: where GenieACS 1.2.16 reads the message; see
    ///   ``transferFault(_:_:readsLast:)``.
    mutating func transferOutcome(
        _ e: XMLElement,
        readsLast: String? = nil
    ) -> (fault: TransferFault, startTime: String, completeTime: String) {
        let fault = transferFault(e, readsLast: readsLast)
        let startTime = dateTime(e, "StartTime", readsLast: readsLast)
        return (fault, startTime, dateTime(e, "CompleteTime", readsLast: readsLast))
    }
}

extension BodyWriter {
    mutating func transferRequestHead(_ request: some FileTransferRequest) {
        field("CommandKey", request.commandKey)
        field("FileType", request.fileType)
        field("URL", request.url)
        field("Username", request.username)
        field("Password", request.password.value)
    }

    mutating func transferOutcome(_ fault: TransferFault, startTime: String, completeTime: String) {
        transferFault(fault)
        field("StartTime", startTime)
        field("CompleteTime", completeTime)
    }
}

extension KeyedEncodingContainer {
    /// The opening fields of a ``FileTransferRequest`` as JSON under the type's own `keys`, the
    /// URL's user information hidden when the encoder redacts secrets (``Redaction/userInfoKey``).
    mutating func encodeTransferRequestHead(
        _ request: some FileTransferRequest,
        _ keys: (commandKey: Key, fileType: Key, url: Key, username: Key, password: Key),
        for encoder: any Encoder
    ) throws {
        try encode(request.commandKey, forKey: keys.commandKey)
        try encode(request.fileType, forKey: keys.fileType)
        try encode(Redaction.url(request.url, for: encoder), forKey: keys.url)
        try encode(request.username, forKey: keys.username)
        try encode(request.password, forKey: keys.password)
    }
}
