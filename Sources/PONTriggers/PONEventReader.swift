import FerruleCore
import FerruleJSON
import Foundation
import PONEvents
import Yams

/// Reads a normalised PON event written in YAML (or JSON), with `PONEvent`'s field names, for
/// `ferrule test` cases and `ferrule explain --pon-event`:
///
/// ```yaml
/// name: ONU_ACTIVATED_RAISE_EVENT      # required
/// kind: onu_activated                  # optional for a name Ferrule knows (it follows from it, and
///                                      # must agree); required otherwise: PONEventKind's names
/// phase: raise                         # default: from the name's _RAISE_EVENT / _CLEAR_EVENT suffix
/// onuSerial: HWTC1A2B3C4D
/// oltDeviceID: olt-1
/// ponInterface: 3
/// raisedAt: 2026-12-05T09:30:00Z
/// context: {vendor-id: HWTC, equipment-id: HG8245W5, software-version: V5R020C10S115}
/// ```
struct PONEventReader: YAMLReader {
    let file: String
    var diagnostics: DiagnosticCollector

    /// The keys of a PON event. `uni` and `uniId`, which `ferrule events replay --format json`
    /// writes, are derived from `context` (PONEvent+UNI.swift): accepted so a replayed line reads
    /// back, and not read; so is `uniID`, the spelling of earlier versions.
    static let keys = [
        "name", "alarmName", "kind", "phase", "headerID", "category", "subCategory", "resourceID", "oltDeviceID",
        "onuDeviceID", "onuSerial", "oltSerial", "ponInterface", "onuNumber", "raisedAt", "reportedAt",
        "description", "context", "uni", "uniId", "uniID", "onos",
    ]

    /// The event of a whole file.
    mutating func read(_ text: String) -> PONEvent? {
        guard let root = compose(text) else {
            if !diagnostics.hasErrors {
                diagnostics.error(.empty, "the file holds no event", at: SourceLocation(file: file))
            }
            return nil
        }
        return event(root)
    }

    mutating func event(_ node: Node) -> PONEvent? {
        guard let entries = mapping(node, what: "a PON event (name, kind, onuSerial, …)") else { return nil }
        var fields: [String: Node] = [:]
        for (key, value) in entries {
            guard let name = key.string else { continue }
            if Self.keys.contains(name) {
                fields[name] = value
            } else {
                unknownKey(key, name, among: Self.keys, in: "a PON event")
            }
        }
        if let onos = fields["onos"] {
            guard fields.count == 1 else {
                error(
                    node,
                    .badValue,
                    "an event gives either `onos` (ONOS's own JSON members) or PONEvent's fields, not both"
                )
                return nil
            }
            return onosEvent(onos)
        }
        guard let nameNode = fields["name"], let name = scalarText(nameNode, what: "the event name") else {
            error(node, .missingField, "a PON event needs `name` (as sent, e.g. ONU_ACTIVATED_RAISE_EVENT)")
            return nil
        }
        // ONOS's events (ONOS_UNI_ADDED, ONOS_DHCP_ACK …; ONOSEventDecoder) are all kind onos.
        let named = PONEventKind(eventName: name) ?? (ONOSEventDecoder.isONOSName(name) ? .onos : nil)
        let kind: PONEventKind
        if let kindNode = fields["kind"] {
            guard let kindText = scalarText(kindNode, what: "the kind") else { return nil }
            guard let given = PONEventKind(rawValue: kindText) else {
                let known = PONEventKind.allCases.map(\.rawValue)
                error(
                    kindNode,
                    .badValue,
                    "unknown event kind \"\(DisplayText.value(kindText))\"",
                    hint: DidYouMean.suggestion(for: kindText, among: known).map { "did you mean \"\($0)\"?" }
                        ?? "kinds: \(known.joined(separator: ", "))"
                )
                return nil
            }
            // The consumer takes the kind from the name; a case that says otherwise tests an event
            // VOLTHA never sends.
            if let named, named != given {
                error(
                    kindNode,
                    .badValue,
                    "kind \(given.rawValue) contradicts the name: \(DisplayText.value(name)) is \(named.rawValue) "
                        + "to the event consumer",
                    hint:
                        "leave `kind` out (it follows from a known name), or give the name of a \(given.rawValue) event"
                )
                return nil
            }
            kind = given
        } else if let named {
            kind = named
        } else {
            error(
                node,
                .missingField,
                "\(DisplayText.value(name)) is not a VOLTHA event name Ferrule knows, so the event needs `kind` "
                    + "(\(PONEventKind.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
            return nil
        }
        let derivedPhase: PONEventPhase =
            name.hasSuffix("_RAISE_EVENT") ? .raise : name.hasSuffix("_CLEAR_EVENT") ? .clear : .bare
        var phase = derivedPhase
        if let p = fields["phase"], let text = scalarText(p, what: "the phase") {
            guard let value = PONEventPhase(rawValue: text) else {
                error(p, .badValue, "phase is raise, clear or bare, not \"\(DisplayText.value(text))\"")
                return nil
            }
            phase = value
        }
        var alarmName = name
        for suffix in ["_RAISE_EVENT", "_CLEAR_EVENT"] where name.hasSuffix(suffix) {
            alarmName = String(name.dropLast(suffix.count))
        }
        var event = PONEvent(name: name, alarmName: alarmName, kind: kind, phase: phase)
        func text(_ key: String) -> String? { fields[key].flatMap { scalarText($0, what: "`\(key)`") } }
        if let v = text("alarmName") { event.alarmName = v }
        event.headerID = text("headerID") ?? ""
        event.category = text("category") ?? ""
        event.subCategory = text("subCategory") ?? ""
        event.resourceID = text("resourceID") ?? ""
        event.oltDeviceID = text("oltDeviceID")
        event.onuDeviceID = text("onuDeviceID")
        event.onuSerial = text("onuSerial")
        event.oltSerial = text("oltSerial")
        event.description = text("description") ?? ""
        event.ponInterface = fields["ponInterface"].flatMap { int($0, what: "`ponInterface`", range: 0...65_535) }.map {
            UInt32($0)
        }
        event.onuNumber = fields["onuNumber"].flatMap { int($0, what: "`onuNumber`", range: 0...65_535) }.map {
            UInt32($0)
        }
        event.raisedAt = date("raisedAt", fields)
        event.reportedAt = date("reportedAt", fields)
        if let c = fields["context"], let entries = mapping(c, what: "`context` (key: value)") {
            for (k, v) in entries {
                if let key = k.string, let value = scalarText(v, what: "a context value") { event.context[key] = value }
            }
        }
        if kind == .onos {
            // As the consumer decodes kafka-onos's record: the ONU from the UNI port's members.
            let identities = ONOSEventDecoder.identities(event.context)
            event.onuSerial = event.onuSerial ?? identities.onuSerial
            event.ponInterface = event.ponInterface ?? identities.ponInterface
            event.onuNumber = event.onuNumber ?? identities.onuNumber
        }
        return event
    }

    /// An ONOS event given as kafka-onos sends it (`onos: {status: activated, serialNumber:
    /// BBSM00000001-1, …}`), decoded as the consumer decodes the record (``ONOSEventDecoder``).
    private mutating func onosEvent(_ node: Node) -> PONEvent? {
        let what = "`onos` (kafka-onos's members: status, serialNumber, portNumber, deviceId, messageType, …)"
        guard let entries = mapping(node, what: what) else { return nil }
        var members: [(String, JSONValue)] = []
        for (k, v) in entries {
            guard let key = k.string, let value = scalarText(v, what: "`onos.\(key)`") else { continue }
            members.append((key, .string(value)))
        }
        do {
            return try ONOSEventDecoder().decode(object: .object(members))
        } catch {
            self.error(node, .badValue, error.message, hint: "see docs/events.md, \"ONOS events\"")
            return nil
        }
    }

    private mutating func date(_ key: String, _ fields: [String: Node]) -> Date? {
        guard let node = fields[key], let text = scalarText(node, what: "`\(key)`") else { return nil }
        guard let date = try? Date(text, strategy: .iso8601) else {
            error(node, .badValue, "`\(key)` must be a time such as 2026-12-05T09:30:00Z")
            return nil
        }
        return date
    }

    /// Reads the event file at `path`.
    static func load(_ path: String, diagnostics: inout DiagnosticCollector) -> PONEvent? {
        guard let data = BoundedFileReader.read(path, what: "the event file", diagnostics: &diagnostics) else {
            return nil
        }
        var reader = PONEventReader(file: path, diagnostics: diagnostics)
        let event = reader.read(String(decoding: data, as: UTF8.self))
        diagnostics = reader.diagnostics
        return event
    }
}
