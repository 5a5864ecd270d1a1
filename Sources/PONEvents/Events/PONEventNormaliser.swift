import Foundation
import SwiftProtobuf
package import VOLTHAMessages

/// Turns a decoded `event.Event` into a ``PONEvent``: name and phase, kind, identities per family.
package enum PONEventNormaliser {
    static func normalise(
        _ message: Event_Event,
        legacyRaised: Date?,
        legacyReported: Date?
    ) throws(PONEventDecodingError) -> PONEvent {
        let header = message.header
        var event: PONEvent
        switch message.eventType {
        case .deviceEvent(let device):
            event = deviceEvent(device)
        case .kpiEvent2(let kpi):
            event = kpiEvent(
                slices: kpi.sliceData.map { ($0.metadata, $0.hasMetadata) },
                subCategory: header.subCategory
            )
            event.raisedAt = date(seconds: kpi.ts)
        case .kpiEvent3(let kpi):
            event = kpiEvent(
                slices: kpi.sliceData.map { ($0.metadata, $0.hasMetadata) },
                subCategory: header.subCategory
            )
            event.raisedAt = date(seconds: kpi.ts)
        case .kpiEvent(let kpi):
            event = kpiEvent(slices: [], subCategory: header.subCategory)
            event.raisedAt = date(seconds: Double(kpi.ts))
        case .rpcEvent(let rpc):
            // The core's only RPC event (voltha-go rw_core/core/device/agent.go:271-273); the
            // resource is the device the failed call was for, OLT or ONU.
            event = PONEvent(
                name: PONEventCatalogue.rpcErrorName,
                alarmName: "RPC_ERROR",
                kind: .rpcError,
                phase: .raise,
                resourceID: rpc.resourceID,
                description: rpc.description_p,
                context: rpc.context
            )
        case .configEvent:
            event = PONEvent(name: "CONFIG_EVENT", alarmName: "CONFIG_EVENT", kind: .unknown, phase: .bare)
        case nil:
            throw PONEventDecodingError(
                .notAnEvent,
                message.hasHeader
                    ? "the event has a header but no device, KPI, RPC or config event"
                    : "the message has neither a header nor an event (empty, or not an event.Event)",
                byteOffset: 0
            )
        }
        applyHeader(
            to: &event,
            id: header.id,
            category: header.category,
            subCategory: header.subCategory,
            raisedAt: header.hasRaisedTs ? date(header.raisedTs) ?? legacyRaised : legacyRaised,
            reportedAt: header.hasReportedTs ? date(header.reportedTs) ?? legacyReported : legacyReported
        )
        return event
    }

    /// Sets what the header says: its id, category and sub-category names, and the raise and report
    /// times (left as they are when nil: a KPI event's own time stands without `raised_ts`).
    static func applyHeader(
        to event: inout PONEvent,
        id: String,
        category: Event_EventCategory.Types,
        subCategory: Event_EventSubCategory.Types,
        raisedAt: Date?,
        reportedAt: Date?
    ) {
        event.headerID = id
        event.category = categoryName(category)
        event.subCategory = subCategoryName(subCategory)
        if let raisedAt { event.raisedAt = raisedAt }
        if let reportedAt { event.reportedAt = reportedAt }
    }

    /// A device event: name, phase, kind and the identities its family carries.
    package static func deviceEvent(_ device: Event_DeviceEvent) -> PONEvent {
        deviceEvent(
            name: device.deviceEventName,
            resourceID: device.resourceID,
            description: device.description_p,
            context: device.context
        )
    }

    /// A device event from its fields (`DeviceEvent` in voltha-protos `events.proto`).
    static func deviceEvent(name: String, resourceID: String, description: String, context: [String: String])
        -> PONEvent
    {
        let (alarmName, phase) = split(name)
        let entry = PONEventCatalogue.entry(alarmName)
        var family = entry?.family ?? .unknown
        // ONU_DYING_GASP comes from the OLT (openolt, `intf-id`) and from the ONU's OMCI ONU-G alarm
        // (openonu, `onu-intf-id`): the context shape says which.
        if family == .openoltONU, context["onu-intf-id"] != nil, context["intf-id"] == nil {
            family = .openonuOMCI
        }
        let id = PONEventIdentity.resolve(
            family: family,
            alarmName: alarmName,
            resourceID: resourceID,
            context: context
        )
        return PONEvent(
            name: name,
            alarmName: alarmName,
            kind: entry?.kind ?? .unknown,
            phase: phase,
            resourceID: resourceID,
            oltDeviceID: id.oltDeviceID,
            onuDeviceID: id.onuDeviceID,
            onuSerial: id.onuSerial,
            oltSerial: id.oltSerial,
            ponInterface: id.ponInterface,
            onuNumber: id.onuNumber,
            description: description,
            context: context
        )
    }

    /// The name without its suffix, and the phase the suffix gives.
    package static func split(_ name: String) -> (String, PONEventPhase) {
        if let legacy = PONEventCatalogue.legacyNames[name] { return (legacy.alarmName, legacy.phase) }
        if name.hasSuffix("_RAISE_EVENT") { return (String(name.dropLast(12)), .raise) }
        if name.hasSuffix("_CLEAR_EVENT") { return (String(name.dropLast(12)), .clear) }
        return (name, .bare)
    }

    /// A KPI event, identified by its first slice's metadata (voltha-openolt-adapter
    /// `internal/pkg/core/statsmanager.go:740-800`: `device_id`, context `portlabel`,
    /// `onu-serial-number`; openonu puts the ONU's id and serial in `device_id` / `serial_no`).
    static func kpiEvent(slices: [(Event_MetricMetaData, Bool)], subCategory: Event_EventSubCategory.Types) -> PONEvent
    {
        var event = PONEvent(
            name: PONEventCatalogue.kpiName,
            alarmName: "STATS_PUBLISH",
            kind: .kpi,
            phase: .bare
        )
        guard let (metadata, present) = slices.first, present else { return event }
        event.resourceID = metadata.deviceID
        event.context = metadata.context
        event.description = slices.map(\.0.title).filter { !$0.isEmpty }.joined(separator: ", ")
        let deviceID = metadata.deviceID.isEmpty ? nil : metadata.deviceID
        if subCategory == .onu {
            event.onuDeviceID = deviceID
            event.onuSerial = metadata.serialNo.isEmpty ? metadata.context["onu-serial-number"] : metadata.serialNo
        } else {
            event.oltDeviceID = deviceID
            event.onuSerial = metadata.context["onu-serial-number"].flatMap { $0.isEmpty ? nil : $0 }
        }
        if let label = metadata.context["portlabel"], label.hasPrefix("pon-") {
            event.ponInterface = UInt32(label.dropFirst(4))
        }
        return event
    }

    /// A header time, or nil when unset or not a time an event can carry: protobuf's Timestamp
    /// stops at 9999-12-31T23:59:59Z and keeps nanos in 0..<1e9 (google/protobuf/timestamp.proto),
    /// which the binary decoder does not enforce (the JSON one does), and an event raised before
    /// 1970 is a device clock never set, as the legacy float fields already treat it (``date(seconds:)``).
    static func date(_ timestamp: Google_Protobuf_Timestamp) -> Date? {
        guard timestamp.seconds != 0 || timestamp.nanos != 0 else { return nil }
        guard (0...253_402_300_799).contains(timestamp.seconds), (0..<1_000_000_000).contains(timestamp.nanos) else {
            return nil
        }
        return Date(timeIntervalSince1970: Double(timestamp.seconds) + Double(timestamp.nanos) / 1e9)
    }

    static func date(seconds: Double) -> Date? {
        seconds.isFinite && seconds > 0 ? Date(timeIntervalSince1970: seconds) : nil
    }

    /// `EventCategory.Types` names (voltha-protos `events.proto`).
    static func categoryName(_ category: Event_EventCategory.Types) -> String {
        switch category {
        case .communication: "COMMUNICATION"
        case .environment: "ENVIRONMENT"
        case .equipment: "EQUIPMENT"
        case .service: "SERVICE"
        case .processing: "PROCESSING"
        case .security: "SECURITY"
        case .UNRECOGNIZED(let value): String(value)
        }
    }

    /// `EventSubCategory.Types` names (voltha-protos `events.proto`).
    static func subCategoryName(_ subCategory: Event_EventSubCategory.Types) -> String {
        switch subCategory {
        case .pon: "PON"
        case .olt: "OLT"
        case .ont: "ONT"
        case .onu: "ONU"
        case .nni: "NNI"
        case .none: "NONE"
        case .UNRECOGNIZED(let value): String(value)
        }
    }
}
