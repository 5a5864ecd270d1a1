import FerruleCore
import Foundation
import Testing

@testable import PONEvents

@Suite("Event store: severities from the built-in table and the operator's file")
struct EventStoreSeverityTests {
    typealias F = EventStoreFixtures

    func read(_ text: String) -> (SeverityMapping?, [String]) {
        var reader = SeverityOverrideReader(file: "severities.yaml")
        let mapping = reader.read(text)
        return (reader.diagnostics.hasErrors ? nil : mapping, reader.diagnostics.sorted.map(\.description))
    }

    @Test("the built-in table: a whole PON critical, one subscriber's loss major, optical levels minor")
    func builtIn() {
        let table = SeverityMapping.builtIn
        #expect(table.severity(of: "OLT_LOSS_OF_SIGNAL") == .critical)
        #expect(table.severity(of: "ONU_LOSS_OF_SIGNAL") == .major)
        #expect(table.severity(of: "ONU_DYING_GASP") == .major)
        #expect(table.severity(of: "ONU_LOW_RX_OPTICAL") == .minor)
        #expect(table.severity(of: "ONU_Ethernet_UNI") == .warning)
        #expect(table.severity(of: "ONU_SOMETHING_NEW") == .indeterminate)
    }

    @Test("an override file replaces rows and the default; the store raises alarms with it")
    func override() async throws {
        let (mapping, diagnostics) = read(
            """
            default: warning
            severities:
              ONU_LOSS_OF_SIGNAL: CRITICAL
              ONU_LOW_RX_OPTICAL: major
            """
        )
        #expect(diagnostics.isEmpty)
        let table = try #require(mapping)
        #expect(table.severity(of: "ONU_LOSS_OF_SIGNAL") == .critical)
        #expect(table.severity(of: "ONU_LOW_RX_OPTICAL") == .major)
        #expect(table.severity(of: "ONU_DYING_GASP") == .major)
        #expect(table.severity(of: "ONU_SOMETHING_NEW") == .warning)
        let store = try F.store(severities: table)
        let outcome = try await store.record(F.onuAlarm(.raise, at: 1), source: F.kafka(1))
        let alarm = try await store.required(outcome.recordedAlarmID)
        #expect(alarm.severity == .critical)
    }

    @Test("errors name file:line:col: unknown keys, unknown severities, event names, wrong shapes")
    func errors() {
        let (mapping, diagnostics) = read(
            """
            severity:
              ONU_LOSS_OF_SIGNAL: major
            severities:
              ONU_LOSS_OF_SIGNAL: severe
              ONU_DYING_GASP_RAISE_EVENT: major
              ONU_LOW_RX_OPTICAL: [minor]
            """
        )
        #expect(mapping == nil)
        #expect(
            diagnostics == [
                "severities.yaml:1:1: error[unknown-key]: unknown key \"severity\" in the severity file; known keys: default, severities",
                "severities.yaml:4:23: error[bad-value]: \"severe\" is not a severity; use one of indeterminate, warning, minor, major, critical",
                "severities.yaml:5:3: error[bad-value]: \"ONU_DYING_GASP_RAISE_EVENT\" is an event name, not an alarm name; write \"ONU_DYING_GASP\"",
                "severities.yaml:6:23: error[wrong-type]: expected a severity as a single value",
            ]
        )
    }

    @Test("an unknown alarm name is a warning with the closest known name; a notification is a warning too")
    func warnings() {
        let (mapping, diagnostics) = read(
            """
            severities:
              ONU_LOSS_OF_SIGNL: critical
              ONU_ACTIVATED: minor
            """
        )
        #expect(mapping != nil)
        #expect(
            diagnostics == [
                "severities.yaml:2:3: warning[unknown-alarm-name]: \"ONU_LOSS_OF_SIGNL\" is not an alarm name this ferrule knows; did you mean \"ONU_LOSS_OF_SIGNAL\"?",
                "severities.yaml:3:3: warning[bad-value]: ONU_ACTIVATED is a notification, never an alarm: its severity is not used; remove this line",
            ]
        )
    }

    @Test("a missing, empty or invalid file is an error, never a crash")
    func unreadable() throws {
        let missing = SeverityOverrideReader.load("/nonexistent/severities.yaml")
        #expect(missing.mapping == nil)
        #expect(missing.diagnostics.first?.code == .unreadable)
        let directory = try F.directory()
        let empty = directory.appendingPathComponent("empty.yaml")
        try Data().write(to: empty)
        #expect(SeverityOverrideReader.load(empty.path).diagnostics.map(\.code) == [.empty])
        let broken = directory.appendingPathComponent("broken.yaml")
        try Data("severities: [unclosed\n".utf8).write(to: broken)
        let result = SeverityOverrideReader.load(broken.path)
        #expect(result.mapping == nil)
        #expect(result.diagnostics.map(\.code) == [.yaml])
        #expect(result.diagnostics.first?.location.line ?? 0 > 0)
    }
}
