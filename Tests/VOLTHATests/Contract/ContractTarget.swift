import FerruleTestSupport
import Foundation
import VOLTHA

/// Where a contract test runs: its own `voltha-standin` (always), or the real VOLTHA named by
/// `VOLTHA_ADDRESS` (`host:port`) for the tests that only read or provoke harmless errors.
enum ContractTarget {
    enum Kind: Sendable, CustomStringConvertible {
        case standIn, real
        var description: String { self == .standIn ? "voltha-standin" : "VOLTHA_ADDRESS" }
    }

    /// `VOLTHA_ADDRESS`, when set.
    static let realAddress: String? = ProcessInfo.processInfo.environment["VOLTHA_ADDRESS"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// The stand-in, plus the real VOLTHA when `VOLTHA_ADDRESS` is set.
    static let realToo: [Kind] = realAddress == nil ? [.standIn] : [.standIn, .real]

    /// Instant lifecycle: everything an operation starts is done by the next call.
    static let instant = "timing: {mode: time, step_ms: 0}\n"

    /// Runs `body` with a client for `kind` (a fresh stand-in with `scenario` for `.standIn`).
    static func with<T: Sendable>(
        _ kind: Kind,
        scenario: String = instant,
        _ body: (VolthaClient) async throws -> T
    ) async throws -> T {
        switch kind {
        case .real:
            let configuration = try VolthaConfiguration(address: realAddress ?? "")
            return try await withVolthaClient(configuration, body)
        case .standIn:
            let standIn = try await PythonStandIn.voltha(scenario: scenario)
            defer { standIn.stop() }
            // A minute per call: the whole test run starts dozens of Python stand-ins at once.
            let configuration = try VolthaConfiguration(address: standIn.firstLine, callTimeout: .seconds(60))
            return try await withVolthaClient(configuration, body)
        }
    }
}
