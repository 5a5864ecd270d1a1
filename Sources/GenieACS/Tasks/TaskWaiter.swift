/// Sends one task and, when asked, polls it until it finishes or the time runs out: what
/// `ferrule acs task … --wait N` does, over any ``GenieACSNBI`` and on an injected clock.
///
/// A task's fate is read the way GenieACS records it (GenieACS 1.2.16 lib/cwmp.ts:402-430, 650-672):
/// a fault `<device>:task_<id>` means it faulted, the task document gone means it ran, otherwise it
/// still waits for a session (``GenieACSNBI/taskStatus(_:)``). The clock is only read and slept on,
/// so a test clock that advances when slept on runs minutes of waiting in milliseconds.
///
/// ```swift
/// let waiter = TaskWaiter(acs: client, clock: ContinuousClock())
/// let run = try await waiter.run(TaskRequest(.reboot), on: id, connectionRequest: true, waitAtMost: .seconds(60))
/// ```
public struct TaskWaiter<C: Clock>: Sendable where C.Duration == Duration {
    /// The GenieACS the task goes to.
    public let acs: any GenieACSNBI
    /// The clock the deadline is measured on and the polls wait on.
    public let clock: C
    /// The time between two polls of the task and its fault.
    public let pollInterval: Duration

    /// - Parameter pollInterval: the time between two polls; at least 1 ms.
    public init(acs: any GenieACSNBI, clock: C, pollInterval: Duration = .milliseconds(500)) {
        self.acs = acs
        self.clock = clock
        self.pollInterval = max(pollInterval, .milliseconds(1))
    }

    /// Submits `request` to `device` and, with `waitAtMost`, polls until the task is done, faulted
    /// or the time is up (the status is then ``TaskStatus/pending``).
    ///
    /// - Returns: GenieACS's answer to the POST, and the task's last status when it was polled (nil
    ///   without `waitAtMost`, or when GenieACS has no such device and nothing was queued).
    /// - Throws: ``GenieACSError`` (an invalid task is never sent) and transport errors;
    ///   `CancellationError` when the waiting task is cancelled.
    public func run(
        _ request: TaskRequest,
        on device: String,
        connectionRequest: Bool,
        waitAtMost: Duration?
    ) async throws -> TaskRun {
        let submission = try await acs.submit(
            request,
            to: device,
            connectionRequest: connectionRequest,
            sessionStart: nil
        )
        guard let task = submission.task, let waitAtMost else { return TaskRun(submission: submission, status: nil) }
        return TaskRun(submission: submission, status: try await wait(for: task, atMost: waitAtMost))
    }

    /// Polls `task` every ``pollInterval`` until it is done or faulted, or `limit` has passed on
    /// ``clock`` (then ``TaskStatus/pending``). The first poll is at once; the last is at or after
    /// the deadline, so a task that finishes just before it is seen.
    public func wait(for task: SubmittedTask, atMost limit: Duration) async throws -> TaskStatus {
        let deadline = clock.now.advanced(by: limit)
        while true {
            let status = try await acs.taskStatus(task)
            if status != .pending || clock.now >= deadline { return status }
            try await clock.sleep(for: pollInterval)
        }
    }
}

/// What ``TaskWaiter/run(_:on:connectionRequest:waitAtMost:)`` saw.
public struct TaskRun: Sendable, Hashable {
    /// GenieACS's answer to the task POST, status line included.
    public var submission: TaskSubmission
    /// The task's status at the end of the wait; nil when it was not polled.
    public var status: TaskStatus?
}
