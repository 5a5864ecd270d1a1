import FerruleCore
import ServiceLifecycle

/// Runs a service (the campaign runner, audit retention) only once the server listens: when the
/// address cannot be bound, the service group ends before it starts, so `ferrule serve` prints
/// only its `error[bind]` line, with no runner started and stopped, and no campaign is taken
/// from another server by a process that is about to exit.
struct ListeningGate: Service {
    /// Signalled when the server listens.
    let listening: AsyncEvent
    let service: any Service

    func run() async throws {
        let stop = AsyncEvent()
        let start = await withGracefulShutdownHandler {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask { await Self.wait(for: listening) }
                group.addTask {
                    _ = await Self.wait(for: stop)
                    return false
                }
                defer { group.cancelAll() }
                return await group.next() ?? false
            }
        } onGracefulShutdown: {
            stop.signal()
        }
        guard start, !stop.isSet, !Task.isCancelled else { return }
        try await service.run()
    }

    /// Waits until `event` is signalled (true) or the task is cancelled (false).
    private static func wait(for event: AsyncEvent) async -> Bool {
        while !Task.isCancelled, !event.isSet { await event.wait(timeout: .seconds(3600)) }
        return event.isSet
    }
}
