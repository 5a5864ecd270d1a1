import Foundation
import PONEvents

/// Normalised PON events as the decoder produces them, built directly.
enum Events {
    static let raised = Date(timeIntervalSince1970: 1_764_927_000)

    static func onu(
        _ name: String,
        _ kind: PONEventKind,
        serial: String? = "HWTC00000001",
        olt: String? = "olt-1",
        pon: UInt32? = 3,
        context: [String: String] = [:],
        header: String = "Voltha.openolt.X.1764927000000000000"
    ) -> PONEvent {
        let phase: PONEventPhase =
            name.hasSuffix("_RAISE_EVENT") ? .raise : name.hasSuffix("_CLEAR_EVENT") ? .clear : .bare
        var alarm = name
        for suffix in ["_RAISE_EVENT", "_CLEAR_EVENT"] where name.hasSuffix(suffix) {
            alarm = String(name.dropLast(suffix.count))
        }
        return PONEvent(
            name: name,
            alarmName: alarm,
            kind: kind,
            phase: phase,
            headerID: header,
            resourceID: olt ?? "",
            oltDeviceID: olt,
            onuSerial: serial,
            ponInterface: pon,
            onuNumber: 1,
            raisedAt: raised,
            context: context
        )
    }

    static func stateChange(_ context: [String: String]) -> PONEvent {
        onu("DEVICE_STATE_CHANGE_RAISE_EVENT", .stateChange, context: ["is-root": "false"].merging(context) { $1 })
    }
}
