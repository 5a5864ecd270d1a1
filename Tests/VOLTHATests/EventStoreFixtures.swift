import FerruleTestSupport
import Foundation
import Synchronization
import Testing

@testable import PONEvents

/// Stores in scratch directories, a settable clock and VOLTHA events as the decoder produces them.
enum EventStoreFixtures {
    /// A clock the test moves by hand.
    final class Clock: Sendable {
        private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

        var date: Date { now.withLock { $0 } }

        func advance(_ seconds: TimeInterval) { now.withLock { $0 += seconds } }

        func set(_ date: Date) { now.withLock { $0 = date } }
    }

    /// A new directory under the system's temporary directory.
    static func directory() throws -> URL {
        try Scratch.directory("ferrule-events")
    }

    /// A store in a new directory, with `clock`.
    static func store(
        clock: Clock = Clock(),
        severities: SeverityMapping = .builtIn,
        retention: EventRetention = .standard,
        path: String? = nil
    ) throws -> EventStore {
        let path = try path ?? EventStore.path(inStateDirectory: directory().path)
        return try EventStore(
            path: path,
            severities: severities,
            retention: retention,
            clock: { clock.date }
        )
    }

    /// A time `seconds` after the fixtures' epoch.
    static func time(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

    /// An openolt ONU alarm (`ONU_LOSS_OF_SIGNAL_RAISE_EVENT` …) raised by the OLT at `at`.
    static func onuAlarm(
        _ phase: PONEventPhase,
        name: String = "ONU_LOSS_OF_SIGNAL",
        serial: String = "BBSM00000001",
        olt: String = "olt-1",
        pon: UInt32 = 0,
        onu: UInt32 = 1,
        at seconds: TimeInterval,
        kind: PONEventKind = .signalLost
    ) -> PONEvent {
        let suffix = phase == .raise ? "_RAISE_EVENT" : "_CLEAR_EVENT"
        return PONEvent(
            name: name + suffix,
            alarmName: name,
            kind: kind,
            phase: phase,
            headerID: "Voltha.openolt.\(name).\(Int64((1_800_000_000 + seconds) * 1e9))",
            category: "COMMUNICATION",
            subCategory: "ONU",
            resourceID: olt,
            oltDeviceID: olt,
            onuSerial: serial,
            ponInterface: pon,
            onuNumber: onu,
            raisedAt: time(seconds),
            reportedAt: time(seconds),
            description: "\(name) \(phase.rawValue)",
            context: [
                "intf-id": "\(pon)", "onu-id": "\(onu)", "serial-number": serial, "port-label": "pon-\(pon)",
            ]
        )
    }

    /// `ONU_ACTIVATED_RAISE_EVENT` from openonu for the ONU `device`.
    static func activated(serial: String, device: String, olt: String = "olt-1", at seconds: TimeInterval) -> PONEvent {
        PONEvent(
            name: "ONU_ACTIVATED_RAISE_EVENT",
            alarmName: "ONU_ACTIVATED",
            kind: .onuActivated,
            phase: .raise,
            headerID: "Voltha.openolt.ONU.\(Int64((1_800_000_000 + seconds) * 1e9))",
            category: "EQUIPMENT",
            subCategory: "PON",
            resourceID: device,
            oltDeviceID: olt,
            onuDeviceID: device,
            onuSerial: serial,
            ponInterface: 0,
            onuNumber: 1,
            raisedAt: time(seconds),
            reportedAt: time(seconds),
            description: "ONU Event - ONU_ACTIVATED - Raised",
            context: ["serial-number": serial, "device-id": device]
        )
    }

    /// A Kafka position on `voltha.events` partition 0.
    static func kafka(_ offset: Int64, partition: Int32 = 0) -> EventSourcePosition {
        .kafka(topic: "voltha.events", partition: partition, offset: offset)
    }
}

extension EventStore {
    /// The alarm `id`, which the test requires to be given and to exist.
    func required(_ id: Int64?) async throws -> PONAlarm {
        let id = try #require(id)
        return try #require(try await alarm(id: id))
    }
}
