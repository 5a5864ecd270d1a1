import FerruleTestSupport
import Synchronization
import Testing
import VOLTHA

@testable import FerruleServer

@Suite struct VolthaConnectionTests {
    /// The call's result, or nil when it has not ended within `bound` (only a guard against
    /// hanging: a call that ignores cancellation is left behind, not awaited).
    static func result<T: Sendable>(
        of call: Task<T, any Error>,
        within bound: Duration
    ) async -> Result<T, any Error>? {
        let (outcomes, outcome) = AsyncStream<Result<T, any Error>?>.makeStream(bufferingPolicy: .bufferingOldest(1))
        let watcher = Task { outcome.yield(await call.result) }
        let timer = Task {
            try? await Task.sleep(for: bound)
            outcome.yield(nil)
        }
        var iterator = outcomes.makeAsyncIterator()
        let first = await iterator.next() ?? nil
        timer.cancel()
        if first == nil { watcher.cancel() }
        return first
    }

    @Test(
        "a call to a VOLTHA that never answers ends when its caller is cancelled, not at the call's deadline",
        arguments: [false, true]
    )
    func cancelledCall(afterConnecting: Bool) async throws {
        let silent = try SilentListener(accepting: true)
        let configuration = try VolthaConfiguration(address: "127.0.0.1:\(silent.port)", callTimeout: .seconds(3600))
        let connection = VolthaConnection(configuration)
        let call = Task { try await connection.run { client in try await client.devices().count } }
        if afterConnecting {
            // The call is under way: VOLTHA's socket has the connection (bounded wait, not a sleep).
            for _ in 0..<2000 where silent.accepted == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(silent.accepted > 0, "the call never reached the listener")
        }
        call.cancel()
        let outcome = await Self.result(of: call, within: .seconds(120))
        #expect(outcome != nil, "the call outlived its caller's cancellation")
        if case .success(let count) = outcome { Issue.record("a silent VOLTHA answered \(count) devices") }
        if case .failure(let error) = outcome { #expect(error is CancellationError, "\(error)") }
        connection.close()
        // A call that outlived its cancellation would hold the connection open: do not wait for it.
        if outcome != nil { await connection.waitUntilClosed() }
    }

    @Test("a call whose caller was cancelled before it started never runs: no request reaches VOLTHA")
    func cancelledBeforeStart() async throws {
        let call = PendingCall<Int>()
        let ran = Mutex(false)
        let outcome: Result<Int, any Error> = await withCheckedContinuation { done in
            Task {
                do {
                    done.resume(returning: .success(try await withCheckedThrowingContinuation { _ = call.begin($0) }))
                } catch { done.resume(returning: .failure(error)) }
            }
            call.cancel()
        }
        await call.run {
            ran.withLock { $0 = true }
            return 1
        }
        #expect(!ran.withLock { $0 }, "the work of a cancelled call started")
        guard case .failure(let error) = outcome else {
            Issue.record("the caller was not released")
            return
        }
        #expect(error is CancellationError)
    }
}
