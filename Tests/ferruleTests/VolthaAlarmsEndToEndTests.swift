import FerruleJSON
import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule voltha alarms` through the built executable, on a store seeded through the library as
/// `ferrule events run` would fill it.
@Suite("ferrule voltha alarms: end to end on a recorded event store")
struct VolthaAlarmsEndToEndTests {
    /// A LOS raised and cleared on BBSM00000001, a LOS raised on BBSM00000002 (olt-1, PON 1), a low
    /// optical level on ALCL00000003 (olt-2), all within the last hour; the state directory.
    static func seededDirectory() async throws -> URL {
        let now = Date()
        let events = [
            VolthaEventSamples.alarm(.raise, serial: "BBSM00000001", pon: 0, at: now.addingTimeInterval(-3_000)),
            VolthaEventSamples.alarm(.clear, serial: "BBSM00000001", pon: 0, at: now.addingTimeInterval(-2_000)),
            VolthaEventSamples.alarm(.raise, serial: "BBSM00000002", pon: 1, at: now.addingTimeInterval(-600)),
            VolthaEventSamples.alarm(
                .raise,
                name: "ONU_LOW_RX_OPTICAL",
                serial: "ALCL00000003",
                olt: "olt-2",
                pon: 0,
                at: now.addingTimeInterval(-60)
            ),
        ]
        return try await directory("ferrule-alarms", recording: events)
    }

    /// A fresh state directory whose event store holds `events`, read from `voltha.events` in order.
    static func directory(_ name: String, recording events: [PONEvent]) async throws -> URL {
        let directory = try Scratch.directory(name)
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
        for (offset, event) in events.enumerated() {
            try await store.record(event, source: .kafka(topic: "voltha.events", partition: 0, offset: Int64(offset)))
        }
        return directory
    }

    static func alarms(_ arguments: [String], _ directory: URL) async throws -> FerruleRunner.Output {
        try await FerruleRunner.execute(["voltha", "alarms", "--state-dir", directory.path] + arguments)
    }

    @Test("JSON carries every alarm with total, active and cleared; filters narrow the list and the totals")
    func json() async throws {
        let directory = try await Self.seededDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try await Self.alarms(["--format", "json"], directory)
        #expect(all.status == 0, "\(all.stderr)")
        let document = try JSONValue.parse(all.stdout)
        #expect(document["total"]?.intValue == 3)
        #expect(document["active"]?.intValue == 2)
        #expect(document["cleared"]?.intValue == 1)
        let alarms = try #require(document["alarms"]?.arrayValue)
        #expect(alarms.map { $0["onuSerial"]?.stringValue } == ["ALCL00000003", "BBSM00000002", "BBSM00000001"])
        #expect(alarms.map { $0["severity"]?.stringValue } == ["minor", "major", "major"])
        #expect(alarms[2]["state"]?.stringValue == "cleared" && alarms[2]["clearedAt"]?.stringValue != nil)
        #expect(alarms[1]["ponInterface"]?.intValue == 1)

        let serious = try await Self.alarms(
            ["--severity", "major,critical", "--state", "active", "--format", "json"],
            directory
        )
        let seriousDocument = try JSONValue.parse(serious.stdout)
        #expect(seriousDocument["total"]?.intValue == 1)
        #expect(seriousDocument["alarms"]?.arrayValue?.first?["onuSerial"]?.stringValue == "BBSM00000002")

        let olt2 = try await Self.alarms(["--olt", "olt-2", "--format", "json"], directory)
        #expect(try JSONValue.parse(olt2.stdout)["total"]?.intValue == 1)
        let pon1 = try await Self.alarms(["--olt", "olt-1", "--pon", "1", "--format", "json"], directory)
        #expect(try JSONValue.parse(pon1.stdout)["total"]?.intValue == 1)
        let recent = try await Self.alarms(["--since", "30m", "--format", "json"], directory)
        #expect(try JSONValue.parse(recent.stdout)["total"]?.intValue == 2)
        let device = try await Self.alarms(["--device", "olt-1", "--limit", "1", "--format", "json"], directory)
        let deviceDocument = try JSONValue.parse(device.stdout)
        #expect(deviceDocument["total"]?.intValue == 2 && deviceDocument["alarms"]?.arrayValue?.count == 1)
    }

    @Test("an openonu LAN alarm on the first and second UNI: uni 1 and 2 as the ports are named, uniId 0 and 1")
    func uniNumbering() async throws {
        let now = Date()
        let events = [
            VolthaEventSamples.omciAlarm(.raise, uniID: 0, at: now.addingTimeInterval(-120)),
            VolthaEventSamples.omciAlarm(.raise, uniID: 1, at: now.addingTimeInterval(-60)),
            // ONU-G's ONU_EQUIPMENT names the ONU's PON port, not a UNI (alarm_manager.go:729-731).
            VolthaEventSamples.omciAlarm(.raise, name: "ONU_EQUIPMENT", port: 0x2 << 28 | 1, at: now),
        ]
        let directory = try await Self.directory("ferrule-alarms-uni", recording: events)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try await Self.alarms(["--format", "json"], directory)
        #expect(output.status == 0, "\(output.stderr)")
        let alarms = try #require(try JSONValue.parse(output.stdout)["alarms"]?.arrayValue)
        let lan = alarms.filter { $0["name"]?.stringValue == "ONU_Ethernet_UNI" }.sorted {
            ($0["uni"]?.intValue ?? 0) < ($1["uni"]?.intValue ?? 0)
        }
        // openonu names the first UNI's port BBSM00000003-1 (MacBpNo = UniID + 1).
        #expect(lan.map { $0["uni"]?.intValue } == [1, 2], "\(output.stdout)")
        #expect(lan.map { $0["uniId"]?.intValue } == [0, 1])
        #expect(lan.map { $0["identity"]?.stringValue } == ["onu:BBSM00000003/uni-0", "onu:BBSM00000003/uni-1"])
        let equipment = try #require(alarms.first { $0["name"]?.stringValue == "ONU_EQUIPMENT" })
        #expect(equipment["uni"] == .null && equipment["uniId"] == .null, "\(equipment)")
    }

    @Test("the table shows one row per alarm and the totals; CSV has the header and the rows")
    func table() async throws {
        let directory = try await Self.seededDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try await Self.alarms(["--serial", "BBSM00000002"], directory)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("SEVERITY") == true)
        #expect(lines.count == 3)
        #expect(lines[1].contains("active") && lines[1].contains("major") && lines[1].contains("ONU_LOSS_OF_SIGNAL"))
        #expect(lines[2] == "1 alarms (1 active, 0 cleared), 1–1 shown")
        let csv = try await Self.alarms(["--format", "csv", "--state", "cleared"], directory)
        #expect(csv.stdout.hasPrefix("id,state,severity,name,serial,olt,pon,onu,raised,changed,raises,acknowledged\n"))
        #expect(csv.stdout.split(separator: "\n").count == 2)
    }

    @Test("--serial matches whatever the case of the letters, and a clear spelt differently clears VOLTHA's raise")
    func serialCase() async throws {
        let now = Date()
        // VOLTHA spells the vendor-specific part in lower-case hex (voltha-openolt-adapter
        // internal/pkg/core/device_handler.go:2256-2270); the label and the clear here say upper case.
        let directory = try await Self.directory(
            "ferrule-alarms",
            recording: [
                VolthaEventSamples.alarm(
                    .raise,
                    serial: "ALCL78de45b1",
                    pon: 1,
                    onu: 7,
                    at: now.addingTimeInterval(-60)
                ),
                VolthaEventSamples.alarm(
                    .clear,
                    serial: "ALCL78DE45B1",
                    pon: 1,
                    onu: 7,
                    at: now.addingTimeInterval(-30)
                ),
            ]
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try JSONValue.parse(try await Self.alarms(["--format", "json"], directory).stdout)
        #expect(all["total"]?.intValue == 1, "one ONU, one alarm: \(all)")
        #expect(all["cleared"]?.intValue == 1)
        for spelling in ["ALCL78DE45B1", "alcl78de45b1", "ALCL78de45b1"] {
            let found = try await Self.alarms(["--serial", spelling, "--format", "json"], directory)
            #expect(found.status == 0, "\(found.stderr)")
            let document = try JSONValue.parse(found.stdout)
            #expect(document["total"]?.intValue == 1, "--serial \(spelling)")
            #expect(document["alarms"]?.arrayValue?.first?["onuSerial"]?.stringValue == "ALCL78de45b1")
            let events = try await FerruleRunner.execute(
                ["voltha", "events", "--state-dir", directory.path, "--serial", spelling, "--format", "json"]
            )
            #expect(events.status == 0, "\(events.stderr)")
            #expect(try JSONValue.parse(events.stdout)["total"]?.intValue == 2, "voltha events --serial \(spelling)")
        }
    }

    @Test("a missing store is an error naming the file, and no file is created; bad options are usage errors")
    func errors() async throws {
        let directory = try Scratch.directory("ferrule-alarms")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try await Self.alarms([], directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(directory.path)/events.sqlite: error[event-store-missing]"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("events.sqlite").path))

        let severity = try await Self.alarms(["--severity", "severe"], directory)
        #expect(severity.status == 64)
        #expect(
            severity.stderr.contains(
                "--severity \"severe\" is not one of critical, major, minor, warning, indeterminate"
            )
        )
        let state = try await Self.alarms(["--state", "open"], directory)
        #expect(state.status == 64 && state.stderr.contains("--state must be active or cleared"))
        let limit = try await Self.alarms(["--limit", "100000"], directory)
        #expect(limit.status == 64 && limit.stderr.contains("--limit must be between 1 and 1000"))
        let since = try await Self.alarms(["--since", "yesterday"], directory)
        #expect(since.status == 64)

        // Not a database: the store's one-line error, exit 1.
        try Data(repeating: 0x58, count: 4096).write(to: directory.appendingPathComponent("events.sqlite"))
        let corrupt = try await Self.alarms([], directory)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("error[event-store-not-a-store]"), "\(corrupt.stderr)")
        #expect(corrupt.stderr.contains("not an SQLite database"), "\(corrupt.stderr)")
    }
}

/// VOLTHA events as the decoder normalises them, for seeding stores.
enum VolthaEventSamples {
    /// An openonu OMCI alarm on ONU 3 of PON 1 (BBSM00000003) as its alarm manager sends it
    /// (voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go:745-755`): `onu-intf-id` is
    /// the UNI port number `pon<<16 | onu<<8 | uniID` for a UNI's alarm, else `port`.
    static func omciAlarm(
        _ phase: PONEventPhase,
        name: String = "ONU_Ethernet_UNI",
        uniID: UInt32 = 0,
        port: UInt32? = nil,
        at: Date
    ) -> PONEvent {
        let suffix = phase == .raise ? "_RAISE_EVENT" : "_CLEAR_EVENT"
        return PONEvent(
            name: name + suffix,
            alarmName: name,
            kind: .alarm,
            phase: phase,
            headerID: "Voltha.openonu.\(name).\(Int64(at.timeIntervalSince1970 * 1e9))",
            category: "EQUIPMENT",
            subCategory: "ONU",
            resourceID: "onu-dev-3",
            onuDeviceID: "onu-dev-3",
            onuSerial: "BBSM00000003",
            ponInterface: 1,
            onuNumber: 3,
            raisedAt: at,
            reportedAt: at,
            description: "\(name) \(phase.rawValue)",
            context: [
                "onu-intf-id": "\(port ?? (1 << 16 | 3 << 8 | uniID))", "onu-id": "onu-dev-3",
                "onu-serial-number": "BBSM00000003",
            ]
        )
    }

    static func alarm(
        _ phase: PONEventPhase,
        name: String = "ONU_LOSS_OF_SIGNAL",
        serial: String,
        olt: String = "olt-1",
        pon: UInt32,
        onu: UInt32 = 1,
        at: Date
    ) -> PONEvent {
        let suffix = phase == .raise ? "_RAISE_EVENT" : "_CLEAR_EVENT"
        return PONEvent(
            name: name + suffix,
            alarmName: name,
            kind: name == "ONU_LOSS_OF_SIGNAL" ? .signalLost : .alarm,
            phase: phase,
            headerID: "Voltha.openolt.\(name).\(Int64(at.timeIntervalSince1970 * 1e9))",
            category: "COMMUNICATION",
            subCategory: "ONU",
            resourceID: olt,
            oltDeviceID: olt,
            onuSerial: serial,
            ponInterface: pon,
            onuNumber: onu,
            raisedAt: at,
            reportedAt: at,
            description: "\(name) \(phase.rawValue)",
            context: ["intf-id": "\(pon)", "onu-id": "\(onu)", "serial-number": serial]
        )
    }
}
