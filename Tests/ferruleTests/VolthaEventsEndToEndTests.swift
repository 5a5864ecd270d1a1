import FerruleJSON
import FerruleTestSupport
import Foundation
import PONEvents
import Synchronization
import Testing

/// `ferrule voltha events` through the built executable, on a store seeded through the library.
@Suite("ferrule voltha events: end to end on a recorded event store")
struct VolthaEventsEndToEndTests {
    static func events(_ arguments: [String], _ directory: URL) async throws -> FerruleRunner.Output {
        try await FerruleRunner.execute(["voltha", "events", "--state-dir", directory.path] + arguments)
    }

    @Test("lists the newest events oldest first, filtered by type and device, with the total in JSON")
    func list() async throws {
        let directory = try await VolthaAlarmsEndToEndTests.seededDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try await Self.events(["--format", "json"], directory)
        #expect(all.status == 0, "\(all.stderr)")
        let document = try JSONValue.parse(all.stdout)
        #expect(document["total"]?.intValue == 4)
        let names = document["events"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" }
        #expect(
            names == [
                "ONU_LOSS_OF_SIGNAL_RAISE_EVENT", "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT", "ONU_LOSS_OF_SIGNAL_RAISE_EVENT",
                "ONU_LOW_RX_OPTICAL_RAISE_EVENT",
            ]
        )
        #expect(document["events"]?.arrayValue?.first?["source"]?.stringValue == "voltha.events/0@0")

        let clears = try await Self.events(["--type", "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT", "--format", "json"], directory)
        #expect(try JSONValue.parse(clears.stdout)["total"]?.intValue == 1)
        let kind = try await Self.events(["--type", "signal_lost", "--format", "json"], directory)
        #expect(try JSONValue.parse(kind.stdout)["total"]?.intValue == 3)
        let olt2 = try await Self.events(["--device", "olt-2", "--format", "csv"], directory)
        let rows = olt2.stdout.split(separator: "\n")
        #expect(rows.first == "id,time,name,kind,serial,olt,pon,onu,resource,source")
        #expect(rows.count == 2 && rows[1].contains(",ONU_LOW_RX_OPTICAL_RAISE_EVENT,alarm,ALCL00000003,olt-2,0,1,"))
        let newest = try await Self.events(["--limit", "2"], directory)
        let lines = newest.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1].contains("BBSM00000002") && lines[2].contains("ALCL00000003"))
        #expect(lines[3] == "2 of 4 events shown")
    }

    @Test("--follow prints matching events as they are recorded, and ends with status 0 on SIGTERM")
    func follow() async throws {
        let directory = try await VolthaAlarmsEndToEndTests.seededDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
        let follower = try FollowedProcess(
            [
                "voltha", "events", "--follow", "--serial", "BBSM00000002", "--format", "json", "--state-dir",
                directory.path,
            ]
        )
        var lines = follower.lines.makeAsyncIterator()
        // First the newest matching event already recorded.
        let first = try #require(await lines.next())
        #expect(try JSONValue.parse(first)["name"]?.stringValue == "ONU_LOSS_OF_SIGNAL_RAISE_EVENT")

        // Another ONU's event, then this ONU's clear: only the clear is printed.
        let now = Date()
        try await store.record(
            VolthaEventSamples.alarm(.raise, serial: "BBSM00000009", pon: 1, at: now),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 100)
        )
        try await store.record(
            VolthaEventSamples.alarm(.clear, serial: "BBSM00000002", pon: 1, at: now),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 101)
        )
        let next = try JSONValue.parse(try #require(await lines.next()))
        #expect(next["name"]?.stringValue == "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT")
        #expect(next["onuSerial"]?.stringValue == "BBSM00000002")
        #expect(next["source"]?.stringValue == "voltha.events/0@101")

        // More than one page at once: every one, in order, once.
        for offset in 200..<1_210 {
            try await store.record(
                VolthaEventSamples.alarm(
                    offset.isMultiple(of: 2) ? .raise : .clear,
                    serial: "BBSM00000002",
                    pon: 1,
                    at: now.addingTimeInterval(Double(offset))
                ),
                source: .kafka(topic: "voltha.events", partition: 0, offset: Int64(offset))
            )
        }
        for offset in 200..<1_210 {
            let line = try JSONValue.parse(try #require(await lines.next()))
            #expect(line["source"]?.stringValue == "voltha.events/0@\(offset)")
        }

        follower.terminate()
        #expect(await lines.next() == nil)
        #expect(await follower.status() == 0)
    }

    @Test("a missing store is an error; --limit out of range is a usage error")
    func errors() async throws {
        let directory = try Scratch.directory("ferrule-events")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try await Self.events(["--follow"], directory)
        #expect(missing.status == 1 && missing.stderr.contains("error[event-store-missing]"))
        let limit = try await Self.events(["--limit", "0"], directory)
        #expect(limit.status == 64 && limit.stderr.contains("--limit must be between 1 and 1000"))
    }
}

/// A running `ferrule` whose standard output is read line by line as it is written.
///
/// A watchdog kills it after `timeout`, so a test waiting for a line that never comes ends (the
/// line stream finishes) instead of hanging.
final class FollowedProcess: Sendable {
    /// Standard output's lines, as they come; finishes when the process closes it.
    let lines: AsyncStream<String>
    private let process: SpawnedProcess
    private let watchdog: Task<Void, Never>

    init(_ arguments: [String], timeout: Duration = .seconds(120)) throws {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        let process = try SpawnedProcess(
            FerruleRunner.executable,
            arguments,
            environment: FerruleRunner.childEnvironment([:]),
            output: .lines { line in
                if let line { continuation.yield(line) } else { continuation.finish() }
            },
            error: .inherit
        )
        self.process = process
        watchdog = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { process.send(SIGKILL) }
        }
    }

    /// Sends SIGTERM.
    func terminate() { send(SIGTERM) }

    /// Sends signal `number`.
    func send(_ number: Int32) { process.send(number) }

    /// The exit status, once the process has ended.
    func status() async -> Int32 {
        let status = await process.exit().status
        watchdog.cancel()
        return status
    }

    deinit {
        watchdog.cancel()
        process.send(SIGKILL)
    }
}
