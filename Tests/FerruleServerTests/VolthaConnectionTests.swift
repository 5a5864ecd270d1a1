import FerruleTestSupport
import Testing
import VOLTHA

@testable import FerruleServer

@Suite struct VolthaConnectionTests {
    /// The call's result, or nil when it has not ended within `bound` (only a guard against hanging).
    static func result<T: Sendable>(
        of call: Task<T, any Error>,
        within bound: Duration
    ) async -> Result<T, any Error>? {
        await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask { await call.result }
            group.addTask {
                try? await Task.sleep(for: bound)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test("a call to a VOLTHA that never answers ends when its caller is cancelled, not at the call's deadline")
    func cancelledCall() async throws {
        let silent = try SilentListener(accepting: true)
        let configuration = try VolthaConfiguration(address: "127.0.0.1:\(silent.port)", callTimeout: .seconds(3600))
        let connection = VolthaConnection(configuration)
        let call = Task { try await connection.run { client in try await client.devices().count } }
        call.cancel()
        let outcome = await Self.result(of: call, within: .seconds(120))
        #expect(outcome != nil, "the call outlived its caller's cancellation")
        if case .success(let count) = outcome { Issue.record("a silent VOLTHA answered \(count) devices") }
        connection.close()
        await connection.waitUntilClosed()
    }
}
