import FerruleCore
public import FerruleJSON
public import Foundation

/// Decodes the JSON events ONOS's kafka-onos app publishes on `onu.events`,
/// `authentication.events` and `dhcp.events` (``ONOSEventFamily``) into ``PONEvent``s of kind
/// ``PONEventKind/onos``.
///
/// Which topic an event came from is read from its members, so renamed topics work: an object
/// with `authenticationState` is an authentication event, one with `messageType` a DHCP event,
/// one with `status` a UNI event. Unknown members are kept in
/// the context (scalars) or ignored (objects, arrays); unknown statuses, states and message types
/// are kept under their own name (`ONOS_UNI_<STATUS>`) and trigger nothing. Only what is not such
/// an object fails: invalid JSON (with its column), another JSON value, an object of neither
/// family, or a known member of the wrong type.
///
/// Identities: the UNI port's name (kafka-onos sends the port annotation `portName` as
/// `serialNumber`: `AccessDeviceKafkaIntegration.java:105-111`, `AaaKafkaIntegration.java:232-239`,
/// `DhcpL2RelayKafkaIntegration.java:129-138`) is `<ONU serial>-<UNI number>` (openonu names the
/// port `<serial>-<UniID + 1>`, voltha-openonu-adapter-go `internal/pkg/common/onu_uni_port.go:51,
/// 72`), which gives ``PONEvent/onuSerial``. `deviceId` is the OLT's OpenFlow id
/// (`of:00000a0a0a0a0a00`), **not** VOLTHA's device id of the OLT: it is kept as
/// ``PONEvent/onosDeviceID`` and never put in ``PONEvent/oltDeviceID``. `portNumber` is the UNI's
/// OpenFlow port number, `pon << 16 | onu << 8 | uni id` (voltha-lib-go `pkg/platform/platform.go:
/// 104-117`, `MkUniPortNum`), which gives the PON interface and the ONU id.
public struct ONOSEventDecoder: Sendable {
    /// The largest record accepted, in bytes (1 MiB, as for VOLTHA events).
    public var maxMessageBytes: Int
    /// The clock event times are checked against (``PONEventDecoder/maxClockAhead``).
    public var clock: @Sendable () -> Date

    /// A decoder accepting records up to `maxMessageBytes`.
    public init(
        maxMessageBytes: Int = PONEventDecoder.defaultMaxMessageBytes,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.clock = clock
    }

    /// The longest status, state or message type kept in an event name; longer ones are cut.
    static let maxNamePartLength = 48

    /// Decodes one kafka-onos JSON record; `topic` (where it was read) is kept in the context as
    /// `onos-topic`.
    ///
    /// - Throws: ``PONEventDecodingError`` (`bad-event-json`) with the column of a JSON syntax
    ///   error, or naming the member that is not what kafka-onos sends.
    public func decode(json bytes: [UInt8], topic: String? = nil) throws(PONEventDecodingError) -> PONEvent {
        guard bytes.count <= maxMessageBytes else {
            throw PONEventDecodingError(
                .tooLarge,
                "the record is \(bytes.count) bytes, over the limit of \(maxMessageBytes)"
            )
        }
        if PONEventDecoder.hasRawControlCharacter(bytes) {
            throw PONEventDecodingError(
                .onosJSON,
                "not valid JSON: a raw control character (JSON requires \\u escapes)"
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes, maxDepth: 32)
        } catch {
            throw PONEventDecodingError(.onosJSON, "not valid JSON: \(error.message)", column: error.column)
        }
        return try decode(object: value, topic: topic)
    }

    /// Whether a JSON line is an ONOS event rather than a VOLTHA `event.Event` (for replay files
    /// that mix both): an object whose own (top-level) members include `authenticationState`,
    /// `messageType` or `status` and not `header` (every VOLTHA event has one). Judged by
    /// structure, not by text: `"header"` inside a string value or a nested object changes
    /// nothing (``TopLevelKeys``). One pass, no allocation; a line that is not a JSON object is
    /// not claimed (the VOLTHA decoder reports it).
    public static func claims(_ bytes: [UInt8]) -> Bool {
        let keys = TopLevelKeys.scan(bytes)
        return !keys.contains(.header) && !keys.isDisjoint(with: [.status, .authenticationState, .messageType])
    }

    /// The family whose members `value` has.
    static func family(of value: JSONValue) -> ONOSEventFamily? {
        guard case .object = value, value["header"] == nil else { return nil }
        if value["authenticationState"] != nil { return .authentication }
        if value["messageType"] != nil { return .dhcp }
        if value["status"] != nil { return .uni }
        return nil
    }

    /// Decodes one kafka-onos event already parsed (a `ferrule test` case's `onos:` members).
    ///
    /// - Throws: ``PONEventDecodingError`` naming what is not a kafka-onos event.
    public func decode(object value: JSONValue, topic: String? = nil) throws(PONEventDecodingError) -> PONEvent {
        guard case .object(let members) = value else {
            throw PONEventDecodingError(
                .onosJSON,
                "the record is \(PONEventJSONProblem.kind(value)), not a JSON object (kafka-onos sends one object per event)",
                column: 1
            )
        }
        guard let family = Self.family(of: value) else {
            throw PONEventDecodingError(
                .onosJSON,
                "the object is not an ONOS event: it has none of `status` (onu.events), `authenticationState` "
                    + "(authentication.events), `messageType` (dhcp.events)",
                column: 1
            )
        }
        var context: [String: String] = [:]
        for (key, member) in members where context[key] == nil {
            switch member {
            case .string(let text): context[key] = text
            case .number(let text): context[key] = text
            case .bool(let flag): context[key] = flag ? "true" : "false"
            case .null: continue
            case .object, .array:
                if Self.textMembers.contains(key) {
                    throw PONEventDecodingError(
                        .onosJSON,
                        "field \(key) = \(DisplayText.value(member.compactText, limit: 40)): a text expected, as kafka-onos "
                            + "writes it, not \(PONEventJSONProblem.kind(member))",
                        column: 1
                    )
                }
            }
        }
        if let topic { context["onos-topic"] = topic }
        let name = Self.name(family, context)
        let portName = context["serialNumber"].flatMap { $0.isEmpty ? nil : $0 }
        let port = context["portNumber"].flatMap(Self.portNumber)
        if let port { context["portNumber"] = String(port) }
        let identities = Self.identities(context)
        let timestampText = context["timestamp"] ?? ""
        let time = Self.timestamp(timestampText)
        let deviceID = context["deviceId"] ?? ""
        var headerID = "ONOS.\(family.defaultTopic).\(timestampText)"
        if family == .dhcp, let mac = context["macAddress"] { headerID += ".\(mac)" }
        let event = PONEvent(
            name: name,
            alarmName: name,
            kind: .onos,
            phase: .bare,
            headerID: headerID,
            category: PONEvent.onosCategory,
            subCategory: family.subCategory,
            resourceID: port.map { "\(deviceID)/\($0)" } ?? deviceID,
            onuSerial: identities.onuSerial,
            oltSerial: context["oltSerialNumber"].flatMap { $0.isEmpty ? nil : $0 },
            ponInterface: identities.ponInterface,
            onuNumber: identities.onuNumber,
            raisedAt: time,
            reportedAt: time,
            description: Self.summary(family, name: name, port: portName, context: context),
            context: context
        )
        return PONEventDecoder(clock: clock).droppingFutureTimes(event)
    }

    /// What kafka-onos's members say of the ONU: its serial from the UNI port's name
    /// (`serialNumber`, ``splitPortName(_:)``), its PON and ONU id from the UNI's OpenFlow port
    /// number (`portNumber`). A `ferrule test` event written as `name` plus these members in its
    /// `context` gets them the same way as a decoded record.
    public static func identities(_ context: [String: String]) -> (
        onuSerial: String?, ponInterface: UInt32?, onuNumber: UInt32?
    ) {
        let serial = context["serialNumber"].flatMap { $0.isEmpty ? nil : splitPortName($0).serial }
        let place = context["portNumber"].flatMap(portNumber).flatMap(place)
        return (serial, place?.pon, place?.onu)
    }

    /// Members kafka-onos writes as texts (or numbers): an object or array there is not its event.
    static let textMembers: Set<String> = [
        "timestamp", "status", "serialNumber", "portNumber", "deviceId", "oltSerialNumber", "authenticationState",
        "type", "messageType", "macAddress", "ipAddress",
    ]

    /// `ONOS_UNI_ADDED`, `ONOS_AUTH_APPROVED`, `ONOS_DHCP_ACK`, …
    static func name(_ family: ONOSEventFamily, _ context: [String: String]) -> String {
        switch family {
        case .uni:
            // AccessDeviceKafkaIntegration.java:76-78, 129-135: UNI_ADDED → activated, UNI_REMOVED → disabled.
            switch context["status"] ?? "" {
            case "activated": return "ONOS_UNI_ADDED"
            case "disabled": return "ONOS_UNI_REMOVED"
            case let other: return "ONOS_UNI_" + namePart(other)
            }
        case .authentication:
            // aaa AuthenticationEvent.Type: STARTED, REQUESTED, APPROVED, DENIED, TIMEOUT (AaaKafkaIntegration.java:240).
            return "ONOS_AUTH_" + namePart(context["authenticationState"] ?? "")
        case .dhcp:
            // DhcpL2RelayEvent.Type UPDATED (a relayed packet) or REMOVED (an allocation dropped);
            // messageType is ONOS's DHCP.MsgType (`DHCPACK` …), DhcpL2RelayKafkaIntegration.java:134-139.
            if context["type"] == "REMOVED" { return "ONOS_DHCP_REMOVED" }
            var message = context["messageType"] ?? ""
            if message.uppercased().hasPrefix("DHCP") { message = String(message.dropFirst(4)) }
            return "ONOS_DHCP_" + namePart(message)
        }
    }

    /// `text` upper-cased, anything but A-Z, 0-9 and `_` as `_`, at most ``maxNamePartLength``
    /// characters; `UNKNOWN` when empty.
    static func namePart(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(maxNamePartLength) {
            switch scalar {
            case "a"..."z": out.unicodeScalars.append(Unicode.Scalar(scalar.value - 32) ?? "_")
            case "A"..."Z", "0"..."9", "_": out.unicodeScalars.append(scalar)
            default: out += "_"
            }
        }
        return out.isEmpty ? "UNKNOWN" : out
    }

    /// `BBSM00000001-1` → (`BBSM00000001`, 1); a POTS port, `BBSM00000001-P-2` → (`BBSM00000001`,
    /// 2). openonu names an Ethernet UNI `<serial>-<n>` and a POTS UNI `<serial>-P-<n>`, `n` being
    /// the UNI id + 1 in both (one numbering per ONU: voltha-openonu-adapter-go
    /// `internal/pkg/common/onu_uni_port.go:51, 68-72`). A name without such a tail is taken whole
    /// as the serial, with no UNI.
    public static func splitPortName(_ name: String) -> (serial: String, uni: UInt32?) {
        guard let dash = name.lastIndex(of: "-"), dash != name.startIndex else { return (name, nil) }
        let tail = name[name.index(after: dash)...]
        guard !tail.isEmpty, tail.count <= 3, tail.allSatisfy({ $0.isASCII && $0.isNumber }), let uni = UInt32(tail)
        else { return (name, nil) }
        let head = name[..<dash]
        if head.hasSuffix("-P"), head.count > 2 { return (String(head.dropLast(2)), uni) }
        return (String(head), uni)
    }

    /// ONOS's `PortNumber.toString()`: the decimal number, or `[name](number)` for a named port
    /// (onos `core/api/src/main/java/org/onosproject/net/PortNumber.java`, `toString`); nil for a
    /// logical port (`LOCAL`, `CONTROLLER` …) or anything else.
    static func portNumber(_ text: String) -> UInt32? {
        if let number = UInt32(text) { return number }
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        return UInt32(text[text.index(after: open)..<text.index(before: text.endIndex)])
    }

    /// The PON interface and ONU id of a UNI port number `pon << 16 | onu << 8 | uni id`
    /// (voltha-lib-go `pkg/platform/platform.go:104-117`); nil for a number that is not a UNI's
    /// (NNI ports start at 1 << 24, and openolt numbers ONUs from 1).
    static func place(_ port: UInt32) -> (pon: UInt32, onu: UInt32)? {
        guard port < 1 << 24 else { return nil }
        let onu = (port >> 8) & 0xFF
        guard onu >= 1 else { return nil }
        return (port >> 16, onu)
    }

    /// Java's `Instant.toString()` (`2026-12-05T09:00:00Z`, `…:00.123Z`, up to nanoseconds); nil
    /// for anything else (the event is then timed when it is received).
    static func timestamp(_ text: String) -> Date? {
        guard text.utf8.count <= 40, text.hasSuffix("Z") else { return nil }
        var whole = text
        var fraction = 0.0
        if let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)..<text.index(before: text.endIndex)]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Double("0." + digits)
            else { return nil }
            fraction = value
            whole = String(text[..<dot]) + "Z"
        }
        guard let date = try? Date(whole, strategy: .iso8601) else { return nil }
        return date.addingTimeInterval(fraction)
    }

    private static func summary(
        _ family: ONOSEventFamily,
        name: String,
        port: String?,
        context: [String: String]
    ) -> String {
        let on = port.map { " on \($0)" } ?? ""
        switch family {
        case .uni:
            let what =
                switch name {
                case "ONOS_UNI_ADDED": "added"
                case "ONOS_UNI_REMOVED": "removed"
                default: "status \(context["status"] ?? "?")"
                }
            return "ONOS olt app: UNI \(what)\(on)"
        case .authentication: return "ONOS aaa: authentication \(context["authenticationState"] ?? "?")\(on)"
        case .dhcp:
            let mac = context["macAddress"].map { " from \($0)" } ?? ""
            let ip = context["ipAddress"].map { " ip \($0)" } ?? ""
            return "ONOS dhcpl2relay: \(context["messageType"] ?? context["type"] ?? "?")\(on)\(mac)\(ip)"
        }
    }
}
