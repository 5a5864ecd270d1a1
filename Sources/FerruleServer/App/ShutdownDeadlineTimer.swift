import ServiceLifecycle

/// A service that waits for the graceful shutdown to begin, then passes the
/// ``ShutdownDeadline`` `seconds` later (on a task of its own: the service returns at once so the
/// service group goes on to stop the server).
struct ShutdownDeadlineTimer: Service {
    let deadline: ShutdownDeadline
    let seconds: Double

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is already tearing everything down
        }
        let deadline = self.deadline
        let seconds = self.seconds
        Task.detached {
            try? await Task.sleep(for: .seconds(seconds))
            deadline.pass()
        }
    }
}
