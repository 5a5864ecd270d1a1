/// The `DeviceIdStruct` of an Inform.
public struct DeviceId: Sendable, Hashable, Codable {
    public var manufacturer: String
    /// Organizationally Unique Identifier, six hex digits (lower case seen in the field).
    public var oui: String
    public var productClass: String
    public var serialNumber: String

    public init(manufacturer: String, oui: String, productClass: String, serialNumber: String) {
        self.manufacturer = manufacturer
        self.oui = oui
        self.productClass = productClass
        self.serialNumber = serialNumber
    }
}

/// An `EventStruct`: event code (`1 BOOT`, `M Download`) and command key.
public struct EventStruct: Sendable, Hashable, Codable {
    public var code: String
    public var commandKey: String

    public init(code: String, commandKey: String = "") {
        self.code = code
        self.commandKey = commandKey
    }
}

/// `Inform` (CPE → ACS): opens every session (TR-069 A.3.3.1, cwmp-1-2.xsd:2141-2155).
public struct Inform: CWMPRPC {
    public static let methodName = "Inform"
    public var deviceId: DeviceId
    public var events: [EventStruct]
    public var maxEnvelopes: UInt32
    /// The CPE's clock as sent; see ``currentTimeValue``.
    public var currentTime: String
    public var retryCount: UInt32
    public var parameters: [ParameterValue]

    public init(
        deviceId: DeviceId,
        events: [EventStruct],
        maxEnvelopes: UInt32 = 1,
        currentTime: String,
        retryCount: UInt32 = 0,
        parameters: [ParameterValue]
    ) {
        self.deviceId = deviceId
        self.events = events
        self.maxEnvelopes = maxEnvelopes
        self.currentTime = currentTime
        self.retryCount = retryCount
        self.parameters = parameters
    }

    /// ``currentTime`` parsed; nil when it is not a valid xsd:dateTime.
    public var currentTimeValue: CWMPDateTime? { CWMPDateTime(currentTime) }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        // GenieACS loops over the Inform's children and assigns each it knows, so of a repeated
        // element the last is read, and DeviceId fields merge field by field, the last of each
        // name winning (lib/soap.ts:567-585). Ferrule reads the same.
        Self.noteRepeatedChildren(e, &d)
        let ids = e.children("DeviceId")
        if let id = ids.last {
            func field(_ name: String) -> XMLElement? {
                // The last of this name in the last DeviceId holding one.
                for deviceID in ids.reversed() {
                    let found = deviceID.children(name)
                    if let last = found.last {
                        if found.count > 1 {
                            d.warn(
                                .repeatedElement,
                                "DeviceId holds \(found.count) \(name) elements; the last was read, as GenieACS "
                                    + "reads it (lib/soap.ts:573-576)",
                                at: last
                            )
                        }
                        return last
                    }
                }
                d.warn(.missingElement, "\(name) is missing; a default was used", at: id)
                return nil
            }
            let manufacturer = field("Manufacturer")
            let oui = field("OUI")
            let productClass = field("ProductClass")
            let serialNumber = field("SerialNumber")
            // Kept as sent, white space and all: GenieACS reads each as the raw element text
            // (lib/soap.ts:572-576), stores it as DeviceID.* (lib/session.ts:166-173) and builds the
            // device's _id from it (lib/util.ts:3-27).
            deviceId = DeviceId(
                manufacturer: manufacturer?.text ?? "",
                oui: oui?.text ?? "",
                productClass: productClass?.text ?? "",
                serialNumber: serialNumber?.text ?? ""
            )
            for (name, element) in [
                ("SerialNumber", serialNumber), ("OUI", oui), ("ProductClass", productClass),
                ("Manufacturer", manufacturer),
            ] {
                guard let element else { continue }
                d.noteTrimmed(
                    element,
                    kind: "DeviceId \(name)",
                    consequence: "the device's _id and DeviceID.\(name) hold it, so a rule or preset matching the "
                        + "value without it never matches this CPE",
                    kept: true
                )
            }
            // GenieACS needs a non-empty SerialNumber and OUI, read untrimmed (lib/soap.ts:572-588).
            for (name, element) in [("SerialNumber", serialNumber), ("OUI", oui)] where element?.text.isEmpty ?? true {
                d.noteGenieACSRefuses(
                    "\(name) is \(element == nil ? "missing" : "empty"): \"Missing or invalid DeviceId element\"",
                    citation: "lib/soap.ts:587-588",
                    at: element ?? id
                )
            }
            let ouiText = deviceId.oui
            if ouiText.utf8.count != 6
                || !ouiText.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) })
            {
                d.warn(.invalidOUI, "OUI \"\(ouiText.prefix(16))\" is not six upper-case hex digits", at: id)
            }
        } else {
            d.warn(.missingElement, "DeviceId is missing", at: e)
            d.noteGenieACSRefuses(
                "DeviceId is missing: \"Missing or invalid DeviceId element\"",
                citation: "lib/soap.ts:587-588",
                at: e
            )
            deviceId = DeviceId(manufacturer: "", oui: "", productClass: "", serialNumber: "")
        }
        var events: [EventStruct] = []
        _ = d.array(e.children("Event").last, in: e, "Event", itemType: "EventStruct", itemName: "EventStruct") {
            item,
            d in
            // One walk over the struct's children: its CommandKey and how many EventCodes it holds.
            var commandKey: XMLElement?
            var codes = 0
            for child in item.children {
                let name = child.nameID
                if name == KnownNames.eventCode {
                    codes += 1
                } else if name == KnownNames.commandKey, commandKey == nil {
                    commandKey = child
                }
            }
            let key = commandKey?.trimmedText ?? ""
            guard codes > 1 else {
                if let code = item.child("EventCode") {
                    d.noteEventCodeTrimmed(code)
                } else {
                    // GenieACS reads `.find(EventCode).text` unchecked (lib/soap.ts:88).
                    d.noteGenieACSTypeError("the EventCode of an EventStruct", citation: "lib/soap.ts:88", at: item)
                }
                events.append(EventStruct(code: d.token(item, "EventCode"), commandKey: key))
                return
            }
            let first = events.count
            for child in item.children where child.nameID == KnownNames.eventCode {
                d.noteEventCodeTrimmed(child)
                events.append(EventStruct(code: child.trimmedText, commandKey: key))
            }
            // GenieACS keeps only the first EventCode of a struct (`.find`, lib/soap.ts:88).
            let others = events[(first + 1)...].prefix(4).map { "\"\($0.code.prefix(64))\"" }
            d.warn(
                .multipleEventCodes,
                "EventStruct holds \(codes) EventCodes; Ferrule made each an event with its CommandKey, but "
                    + "GenieACS 1.2.16 records only the first, \"\(events[first].code.prefix(64))\" (lib/soap.ts:88 "
                    + "`.find`), so presets and preconditions on \(others.joined(separator: ", "))"
                    + "\(codes - 1 > others.count ? " …" : "") never fire there",
                at: item
            )
        }
        self.events = events
        maxEnvelopes = d.unsigned(e, "MaxEnvelopes", default: 1, last: true)
        currentTime = d.dateTime(e, "CurrentTime", last: true)
        retryCount = d.parsedInt(
            e,
            "RetryCount",
            default: UInt32(0),
            last: true,
            citation: "lib/soap.ts:582, 603-609"
        )
        parameters = d.parameterValues(
            e.children("ParameterList").last,
            in: e,
            genieACSReads: true,
            repeats: .inform
        )
    }

    /// The Inform children GenieACS 1.2.16 reads, each by assignment in a loop over the children
    /// (lib/soap.ts:567-585), so the last of a repeated one wins.
    static let genieACSReadsLast = ["DeviceId", "Event", "RetryCount", "ParameterList"]

    /// Warns about each child element the Inform holds more than once, at its last copy.
    private static func noteRepeatedChildren(_ e: XMLElement, _ d: inout BodyDecoder) {
        for name in genieACSReadsLast + ["MaxEnvelopes", "CurrentTime"] {
            let copies = e.children(name)
            guard copies.count > 1, let last = copies.last else { continue }
            let reads =
                genieACSReadsLast.contains(name)
                ? "as GenieACS 1.2.16 reads it (lib/soap.ts:567-585)"
                : "as GenieACS 1.2.16 reads the Inform's other fields (it does not read \(name))"
            let merge =
                name == "DeviceId" ? ", its fields merged with the earlier ones' (the last of each name wins)" : ""
            d.warn(
                .repeatedElement,
                "the Inform holds \(copies.count) \(name) elements; the last was read\(merge), \(reads)",
                at: last
            )
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.structure("DeviceId") { w in
            w.field("Manufacturer", deviceId.manufacturer)
            w.field("OUI", deviceId.oui)
            w.field("ProductClass", deviceId.productClass)
            w.field("SerialNumber", deviceId.serialNumber)
        }
        w.array("Event", itemType: "cwmp:EventStruct", events) { event, w in
            w.structure("EventStruct") { w in
                w.field("EventCode", event.code)
                w.field("CommandKey", event.commandKey)
            }
        }
        w.field("MaxEnvelopes", maxEnvelopes)
        w.field("CurrentTime", currentTime)
        w.field("RetryCount", retryCount)
        w.parameterValues(parameters)
    }
}

/// `InformResponse` (ACS → CPE).
public struct InformResponse: CWMPRPC {
    public static let methodName = "InformResponse"
    public var maxEnvelopes: UInt32

    public init(maxEnvelopes: UInt32 = 1) { self.maxEnvelopes = maxEnvelopes }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        maxEnvelopes = d.unsigned(e, "MaxEnvelopes", default: 1)
    }

    func writeXML(_ w: inout BodyWriter) { w.field("MaxEnvelopes", maxEnvelopes) }
}
