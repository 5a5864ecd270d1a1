import Dispatch
import Foundation
import Synchronization

/// Everything a ``KafkaConsumer``'s callers, its poll thread and librdkafka's callbacks share,
/// under one lock: the record queue and the tasks waiting on it, commit requests and confirmed
/// offsets, the connection state, and the close handshake.
///
/// Callers enqueue and wake the poll thread (``wake()``); the poll thread takes its mail
/// (``takeMail()``), delivers records and commit results, and reports what librdkafka said.
final class ConsumerState: Sendable {
    /// What the poll thread must do next.
    struct Mail {
        var commits: [CommitRequest]
        var closing: Bool
        var hasRoom: Bool
    }

    private struct Shared {
        var queue: RecordQueue
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Result<KafkaRecord?, KafkaError>, Never>)] = []
        var cancelledWaiters: Set<UInt64> = []
        var nextWaiterID: UInt64 = 0
        var commits: [CommitRequest] = []
        /// The next offset the broker confirmed per partition (commits never move backwards).
        var committed: [PartitionKey: Int64] = [:]
        var closing = false
        var closed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
        var fatal: KafkaError?
        var connection: KafkaConnectionState
        /// The handle to wake while it is alive (cleared by the poll thread before it destroys it).
        var handle: KafkaHandle?
        /// Partitions of ``topics`` whose end was reached with no record delivered since.
        var atEnd: Set<PartitionKey> = []
        /// Partitions of ``topics`` this consumer holds.
        var assigned: Set<PartitionKey> = []
    }

    let context: String
    let topic: String
    /// Every topic subscribed to (``KafkaConfiguration/topics``).
    let topics: Set<String>
    /// ``KafkaConfiguration/startAtEndWhenUncommitted``.
    let startAtEnd: Set<String>
    let logHandler: (@Sendable (KafkaLogMessage) -> Void)?
    /// Hides configured values in librdkafka's texts (``KafkaTextScrubber``).
    let scrub: KafkaTextScrubber
    private let shared: Mutex<Shared>
    private let semaphore = DispatchSemaphore(value: 0)
    private let updates: AsyncStream<KafkaConnectionState>.Continuation

    init(configuration: KafkaConfiguration, updates: AsyncStream<KafkaConnectionState>.Continuation) {
        context = configuration.context
        topic = configuration.topic
        topics = Set(configuration.topics)
        startAtEnd = configuration.startAtEndWhenUncommitted
        logHandler = configuration.logHandler
        scrub = KafkaTextScrubber(configuration.properties)
        self.updates = updates
        shared = Mutex(
            Shared(
                queue: RecordQueue(capacity: configuration.queueCapacity, byteLimit: configuration.queueByteLimit),
                connection: KafkaConnectionState(status: .connecting, since: Date())
            )
        )
    }

    // MARK: Callers

    /// A fresh id for a ``next(id:continuation:)`` call.
    func makeWaiterID() -> UInt64 {
        shared.withLock { shared in
            defer { shared.nextWaiterID += 1 }
            return shared.nextWaiterID
        }
    }

    /// Resumes `continuation` with the oldest record, or registers it until one arrives; `nil` once
    /// closed and drained.
    func next(id: UInt64, continuation: CheckedContinuation<Result<KafkaRecord?, KafkaError>, Never>) {
        let result: Result<KafkaRecord?, KafkaError>? = shared.withLock { shared in
            if shared.cancelledWaiters.remove(id) != nil {
                return .failure(KafkaError(kind: .cancelled, context: context, detail: "next() was cancelled"))
            }
            if let fatal = shared.fatal { return .failure(fatal) }
            if let record = shared.queue.popFirst() {
                wakeLocked(shared)
                return .success(record)
            }
            if shared.closed || shared.closing { return .success(nil) }
            shared.waiters.append((id, continuation))
            return nil
        }
        if let result { continuation.resume(returning: result) }
    }

    /// Fails the waiter `id` with `.cancelled` (or makes its registration fail if it comes later).
    func cancelWaiter(id: UInt64) {
        let continuation = shared.withLock { shared in
            guard let index = shared.waiters.firstIndex(where: { $0.id == id }) else {
                shared.cancelledWaiters.insert(id)
                return CheckedContinuation<Result<KafkaRecord?, KafkaError>, Never>?.none
            }
            return shared.waiters.remove(at: index).continuation
        }
        continuation?.resume(
            returning: .failure(KafkaError(kind: .cancelled, context: context, detail: "next() was cancelled"))
        )
    }

    /// Queues a commit for the poll thread; resumes at once when the broker already confirmed an
    /// offset at least as high, or when the consumer is closing.
    func enqueueCommit(_ request: CommitRequest) {
        let result: Result<Void, KafkaError>? = shared.withLock { shared in
            if shared.closing || shared.closed {
                return .failure(
                    KafkaError(
                        kind: .closed,
                        context: context,
                        detail: "commit of \(request.topic)[\(request.partition)]@\(request.next - 1) after close; "
                            + "the record will be delivered again"
                    )
                )
            }
            let key = PartitionKey(topic: request.topic, partition: request.partition)
            if let done = shared.committed[key], done >= request.next { return .success(()) }
            shared.commits.append(request)
            wakeLocked(shared)
            return nil
        }
        if let result { request.continuation.resume(returning: result) }
    }

    /// Asks the poll thread to close; `continuation`, if given, resumes once it has.
    func requestClose(_ continuation: CheckedContinuation<Void, Never>?) {
        let done = shared.withLock { shared in
            if shared.closed { return true }
            if let continuation { shared.closeWaiters.append(continuation) }
            if !shared.closing {
                shared.closing = true
                wakeLocked(shared)
            }
            return false
        }
        if done { continuation?.resume() }
    }

    /// The connection state now.
    var connection: KafkaConnectionState { shared.withLock { $0.connection } }

    // MARK: Poll thread

    /// Lets callers wake the poll thread through `handle`, or (nil) stops them before it is destroyed.
    func attach(_ handle: KafkaHandle?) {
        shared.withLock { $0.handle = handle }
    }

    /// Wakes the poll thread: out of `rd_kafka_consumer_poll`, or out of ``waitForWork(milliseconds:)``.
    func wake() {
        shared.withLock { wakeLocked($0) }
    }

    private func wakeLocked(_ shared: borrowing Shared) {
        shared.handle?.yieldConsumerQueue()
        semaphore.signal()
    }

    /// Signals the poll thread without the lock (from librdkafka's queue event callbacks).
    func signal() { semaphore.signal() }

    /// Blocks the poll thread until woken or `milliseconds` pass (the queue is full).
    func waitForWork(milliseconds: Int) {
        _ = semaphore.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    /// The commits to send, whether to close, and whether the queue has room.
    func takeMail() -> Mail {
        shared.withLock { shared in
            var commits: [CommitRequest] = []
            swap(&commits, &shared.commits)
            return Mail(commits: commits, closing: shared.closing, hasRoom: shared.queue.hasRoom)
        }
    }

    /// Hands a record to the oldest waiter, or queues it (the poll thread checked for room).
    func deliver(_ record: KafkaRecord) {
        let (waiter, change) = shared.withLock { shared in
            let change = update(&shared) { state in
                state.status = .connected
                if state.problem?.kind != .authentication { state.problem = nil }
            }
            shared.atEnd.remove(PartitionKey(topic: record.topic, partition: record.partition))
            if shared.waiters.isEmpty {
                shared.queue.append(record)
                return (CheckedContinuation<Result<KafkaRecord?, KafkaError>, Never>?.none, change)
            }
            return (shared.waiters.removeFirst().continuation, change)
        }
        waiter?.resume(returning: .success(record))
        publish(change)
    }

    /// Resolves every request of `batch`: success records the confirmed offsets.
    func complete(_ batch: CommitBatch, error: KafkaError?) {
        if error == nil {
            shared.withLock { shared in
                for (key, next) in batch.offsets { shared.committed[key] = max(shared.committed[key] ?? next, next) }
            }
        }
        for request in batch.requests {
            request.continuation.resume(returning: error.map { .failure($0) } ?? .success(()))
        }
    }

    /// Fails `requests` (not sent, or unanswered at close) with `error`.
    func fail(_ requests: [CommitRequest], with error: KafkaError) {
        for request in requests { request.continuation.resume(returning: .failure(error)) }
    }

    /// Records a problem librdkafka reported; `_ALL_BROKERS_DOWN` also marks the connection down.
    func note(_ error: KafkaError) {
        let change = shared.withLock { shared in
            update(&shared) { state in
                if error.kind == .brokerDown {
                    markDown(&state)
                    // Keep the first connection error's text (it names the broker and the cause).
                    if let problem = state.problem, problem.kind == .transport {
                        state.problem = KafkaError(
                            kind: .brokerDown,
                            code: error.code,
                            codeName: error.codeName,
                            context: error.context,
                            detail: "\(error.detail); \(problem.detail)"
                        )
                        return
                    }
                }
                if error.kind == .transport, state.problem?.kind == .brokerDown { return }
                state.problem = error
            }
        }
        publish(change)
    }

    /// Records the brokers librdkafka's statistics report: any up means connected, all down means down.
    func noteBrokers(up: Int, total: Int) {
        let change = shared.withLock { shared in
            update(&shared) { state in
                if up > 0 {
                    if state.status != .connected { state.status = .connected }
                    if let kind = state.problem?.kind, kind == .brokerDown || kind == .transport { state.problem = nil }
                } else if total > 0, state.status == .connected {
                    markDown(&state)
                }
            }
        }
        publish(change)
    }

    /// Records a new assignment (clears an unknown-topic problem: the topic exists).
    func noteAssigned(_ partitions: [PartitionKey]) {
        let change = shared.withLock { shared in
            shared.assigned.formUnion(partitions.filter { topics.contains($0.topic) })
            let assigned = shared.assigned
            return update(&shared) { state in
                state.assignment = Self.numbers(assigned)
                if !partitions.isEmpty, state.problem?.kind == .unknownTopic { state.problem = nil }
            }
        }
        publish(change)
    }

    /// Records revoked partitions: their queued records are dropped (the new owner reads them from
    /// the committed offset) and their confirmed offsets forgotten.
    func noteRevoked(_ partitions: [PartitionKey]) {
        let change = shared.withLock { shared in
            for key in partitions { shared.committed[key] = nil }
            let revoked = Set(partitions.filter { topics.contains($0.topic) })
            for topic in Set(revoked.map(\.topic)) {
                let numbers = Set(revoked.filter { $0.topic == topic }.map(\.partition))
                shared.queue.removeRecords(of: topic, partitions: numbers)
            }
            shared.atEnd.subtract(revoked)
            shared.assigned.subtract(revoked)
            let assigned = shared.assigned
            return update(&shared) { state in state.assignment = Self.numbers(assigned) }
        }
        publish(change)
    }

    /// The partition numbers of `keys`, sorted, each once (``KafkaConnectionState/assignment``:
    /// with several topics, a number held on any of them).
    private static func numbers(_ keys: Set<PartitionKey>) -> [Int32] {
        Array(Set(keys.map(\.partition))).sorted()
    }

    /// Records that `partition` of `topic` was read to its end (librdkafka's partition EOF).
    func noteEnd(topic: String, partition: Int32) {
        guard topics.contains(topic) else { return }
        shared.withLock { shared in _ = shared.atEnd.insert(PartitionKey(topic: topic, partition: partition)) }
    }

    /// Whether every assigned partition was read to its end and every record taken by
    /// ``next(id:continuation:)``: nothing published before now is still to come.
    var caughtUp: Bool {
        shared.withLock { shared in
            let assigned = shared.assigned
            return !assigned.isEmpty && shared.queue.count == 0 && assigned.isSubset(of: shared.atEnd)
        }
    }

    /// Records a fatal error: waiting and later ``next(id:continuation:)`` calls fail with it.
    func noteFatal(_ error: KafkaError) {
        let (waiters, change) = shared.withLock { shared in
            shared.fatal = shared.fatal ?? error
            let waiters = shared.waiters.map(\.continuation)
            shared.waiters.removeAll()
            return (waiters, update(&shared) { $0.problem = error })
        }
        for waiter in waiters { waiter.resume(returning: .failure(error)) }
        publish(change)
    }

    /// The poll thread has closed the handle: waiters get `nil` (or the fatal error), closers resume.
    func finishClose() {
        let (waiters, closers, fatal) = shared.withLock { shared in
            shared.closed = true
            shared.handle = nil
            let waiters = shared.waiters.map(\.continuation)
            shared.waiters.removeAll()
            let closers = shared.closeWaiters
            shared.closeWaiters.removeAll()
            return (waiters, closers, shared.fatal)
        }
        for waiter in waiters { waiter.resume(returning: fatal.map { .failure($0) } ?? .success(nil)) }
        updates.finish()
        for closer in closers { closer.resume() }
    }

    // MARK: Connection state

    private func markDown(_ state: inout KafkaConnectionState) {
        guard state.status != .down else { return }
        if state.status == .connected {
            state.outages += 1
            state.lastOutageStart = Date()
        }
        state.status = .down
    }

    /// Applies `change` to the connection state; returns the new state if it changed (the
    /// status's `since` moves only when the status does).
    private func update(
        _ shared: inout Shared,
        _ change: (inout KafkaConnectionState) -> Void
    ) -> KafkaConnectionState? {
        var state = shared.connection
        change(&state)
        if state.status != shared.connection.status { state.since = Date() }
        guard state != shared.connection else { return nil }
        shared.connection = state
        return state
    }

    private func publish(_ state: KafkaConnectionState?) {
        if let state { updates.yield(state) }
    }
}
