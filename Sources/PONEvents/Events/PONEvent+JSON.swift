public import FerruleJSON
public import Foundation

extension PONEvent {
    /// The event as a JSON object, members in a fixed order, absent identities left out, context
    /// keys sorted: one line of `ferrule events replay --format json`.
    ///
    /// Times are RFC 3339 in UTC (`2026-12-05T09:00:01Z`, with fractional seconds only when the
    /// event has them).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("alarmName", .string(alarmName)),
            ("kind", .string(kind.rawValue)),
            ("phase", .string(phase.rawValue)),
        ]
        func add(_ key: String, _ value: String?) {
            if let value { members.append((key, .string(value))) }
        }
        func add(_ key: String, _ value: UInt32?) {
            if let value { members.append((key, .number(String(value)))) }
        }
        add("oltDeviceID", oltDeviceID)
        add("onuDeviceID", onuDeviceID)
        add("onuSerial", onuSerial)
        add("oltSerial", oltSerial)
        add("ponInterface", ponInterface)
        add("onuNumber", onuNumber)
        // An alarm about one UNI: the operator's UNI number (`<serial>-<uni>`) and the 0-based
        // uni id of the port number and the alarm identity (PONEvent+UNI.swift), spelt `uniId`
        // as in `ferrule voltha alarms/events --format json`.
        add("uni", uni)
        add("uniId", uniID)
        add("raisedAt", raisedAt.map(Self.timestamp))
        add("reportedAt", reportedAt.map(Self.timestamp))
        members += [
            ("resourceID", .string(resourceID)),
            ("category", .string(category)),
            ("subCategory", .string(subCategory)),
            ("headerID", .string(headerID)),
            ("description", .string(description)),
            ("context", .object(context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
        return .object(members)
    }

    /// RFC 3339 in UTC, fractional seconds only when there are some.
    public static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down) == seconds
        return Date.ISO8601FormatStyle(includingFractionalSeconds: !whole).format(date)
    }
}

extension PONStorm {
    /// The storm as a JSON object: port, times, counts and ONUs.
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("oltDeviceID", .string(port.oltDeviceID)),
            ("ponInterface", .number(String(port.ponInterface))),
            ("startedAt", .string(PONEvent.timestamp(startedAt))),
        ]
        if let endedAt { members.append(("endedAt", .string(PONEvent.timestamp(endedAt)))) }
        members += [
            ("raises", .number(String(raises))),
            ("onus", .array(onus.map(JSONValue.string))),
            ("stillDown", .array(stillDown.map(JSONValue.string))),
        ]
        return .object(members)
    }
}

extension PONEventOutcome {
    /// The outcome's name: `deliver`, `duplicate`, `completes`, `absorbed`, `held`,
    /// `flap-suppressed`, `late`, `storm-raised`, `storm-cleared`.
    public var name: String {
        switch self {
        case .deliver: "deliver"
        case .duplicate: "duplicate"
        case .completes: "completes"
        case .absorbed: "absorbed"
        case .held: "held"
        case .flapSuppressed: "flap-suppressed"
        case .late: "late"
        case .stormRaised: "storm-raised"
        case .stormCleared: "storm-cleared"
        }
    }

    /// The event the outcome is about; nil for storms.
    public var event: PONEvent? {
        switch self {
        case .deliver(let event), .duplicate(let event), .completes(let event, _), .absorbed(let event, _),
            .held(let event), .flapSuppressed(let event), .late(let event):
            event
        case .stormRaised, .stormCleared: nil
        }
    }

    /// `{"outcome": …, "event": {…}}` or `{"outcome": …, "storm": {…}}`.
    public var jsonValue: JSONValue {
        switch self {
        case .stormRaised(let storm), .stormCleared(let storm):
            .object([("outcome", .string(name)), ("storm", storm.jsonValue)])
        default:
            .object([("outcome", .string(name)), ("event", event?.jsonValue ?? .null)])
        }
    }
}
