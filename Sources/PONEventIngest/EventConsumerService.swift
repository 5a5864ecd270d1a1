import FerruleCore
import FerruleStore
import Foundation
import Kafka
import PONEvents
import PONTriggers
import Synchronization

/// The PON event consumer: consumes VOLTHA's event topic into an ``EventStore`` exactly once,
/// queues and performs what the trigger rules plan, reconciles with VOLTHA, and stops cleanly —
/// what `ferrule events run` runs in the foreground and `ferrule serve` hosts beside its API.
///
/// One ``run()``:
///
/// 1. takes the store's ``EventConsumerLease`` (one consumer per store), or gives up
///    (``EventConsumerSettings/LeasePolicy/refuse``), or stands by until it can
///    (``EventConsumerSettings/LeasePolicy/standby(retry:)``), and keeps it with a heartbeat;
/// 2. creates the ``KafkaConsumer`` and reports its connection changes;
/// 3. starts the ``OutboxWorker`` (actions left pending by an earlier run go first);
/// 4. runs the ``KafkaEventIngestor`` (record with the offset, commit, then wake the worker)
///    until ``stop()``, cancellation, a lost lease or a fatal error;
/// 5. stops in order: commits in flight finish and the consumer leaves its group, the worker
///    performs the actions already queued (a retryable failure leaves them pending for the next
///    start), the lease is given back.
///
/// ```swift
/// let service = EventConsumerService(settings) { report in print(report) }
/// // elsewhere, on SIGTERM: service.stop()
/// switch try await service.run() {
/// case .leaseHeld(let holder): print(EventConsumerLease.refusal(holder, path: store.path))
/// case .stopped(let totals, _): print(totals.events.recorded, "recorded")
/// }
/// ```
///
/// Cancelling the task running ``run()`` stops it too, without waiting for queued actions: the
/// action in hand is finished and marked, the rest stay pending.
public final class EventConsumerService: Sendable {
    /// What it runs with.
    public let settings: EventConsumerSettings
    private let report: @Sendable (EventConsumerReport) -> Void
    private let stopping = AsyncEvent()
    private let running = Mutex(Running())

    /// What ``stop()`` and cancellation reach while a run is under way.
    private struct Running {
        var consumer: KafkaConsumer?
        var outbox: Task<OutboxWorker.Totals?, any Error>?
    }

    /// How long a stopping service lets the outbox finish the actions already queued before it
    /// cancels the one in hand (it stays pending for the next start).
    public static let outboxStopGrace: Duration = .seconds(10)

    /// A service with `settings`; `report` receives what happens, from any task.
    public init(_ settings: EventConsumerSettings, report: @escaping @Sendable (EventConsumerReport) -> Void) {
        self.settings = settings
        self.report = report
    }

    /// Asks the run to stop: a standby stops waiting; a consumer finishes its commits in flight,
    /// leaves its group, and the actions already queued are performed. Idempotent; a later
    /// ``run()`` returns at once.
    public func stop() {
        stopping.signal()
        if let consumer = running.withLock({ $0.consumer }) { Task { await consumer.close() } }
    }

    /// Takes the lease and consumes until stopped.
    ///
    /// - Returns: ``EventConsumerOutcome/leaseHeld(_:)`` when another process holds the store and
    ///   the policy is to refuse; otherwise ``EventConsumerOutcome/stopped(_:leaseLost:)`` with
    ///   the totals.
    /// - Throws: ``EventConsumerFailure`` naming the stage that failed.
    public func run() async throws -> EventConsumerOutcome {
        try await withTaskCancellationHandler {
            let lease: EventConsumerLease
            switch try await takeLease() {
            case .held(let holder): return .leaseHeld(holder)
            case .stopped: return .stopped(EventConsumerTotals(), leaseLost: false)
            case .taken(let taken): lease = taken
            }
            do {
                let outcome = try await consume(lease)
                await lease.release()
                return outcome
            } catch {
                await lease.release()
                throw error
            }
        } onCancel: {
            stop()
            running.withLock { $0.outbox }?.cancel()
        }
    }

    private enum LeaseStep {
        case taken(EventConsumerLease)
        case held(EventStoreLease)
        case stopped
    }

    /// The lease, after standing by as long as the policy says; `.stopped` when ``stop()`` came first.
    private func takeLease() async throws -> LeaseStep {
        var reported: String?
        while !stopping.isSet {
            let attempt: EventConsumerLease.Attempt
            do {
                attempt = try await EventConsumerLease.attempt(settings.store)
            } catch {
                throw EventConsumerFailure(.lease, error)
            }
            switch attempt {
            case .taken(let lease, let replaced):
                if let replaced {
                    report(.notice("took over the lease of \(replaced.holder), which stopped without releasing it"))
                }
                return .taken(lease)
            case .held(let holder):
                guard case .standby(let retry) = settings.leasePolicy else { return .held(holder) }
                if reported != holder.token {
                    reported = holder.token
                    report(.standby(holder: holder))
                }
                await stopping.wait(timeout: retry)
            }
        }
        return .stopped
    }

    private func consume(_ lease: EventConsumerLease) async throws -> EventConsumerOutcome {
        let settings = settings
        let report = report
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: settings.consumerConfiguration)
        } catch {
            throw EventConsumerFailure(.consumer, error)
        }
        running.withLock { $0.consumer = consumer }
        defer { running.withLock { $0 = Running() } }
        // A stop that came while the consumer was being made: nothing is read.
        if stopping.isSet { await consumer.close() }
        let lost = AsyncEvent()
        let heartbeat = lease.heartbeat { error in
            report(.notice("cannot renew the lease: \(error)"))
        } lost: { reason in
            lost.signal()
            report(.notice("stopping: \(reason)"))
            await consumer.close()
        }
        defer { heartbeat.cancel() }
        let worker = settings.triggers.map { triggers in
            var outbox = OutboxExecutor(store: settings.store, executor: triggers.executor) { line in
                report(.action(line))
            }
            outbox.settled = { report(.settled($0)) }
            return OutboxWorker(outbox: outbox)
        }
        // A store that cannot record outcomes stops the consumer too: actions must not pile up unperformed.
        let drained = Task {
            do {
                return try await worker?.run()
            } catch {
                report(.notice("stopping: the outbox cannot be drained: \(error)"))
                await consumer.close()
                throw error
            }
        }
        running.withLock { $0.outbox = drained }
        if Task.isCancelled { drained.cancel() }
        report(
            .consuming(
                context: settings.consumerConfiguration.context,
                store: settings.store.path,
                triggerRules: settings.triggers?.ruleCount
            )
        )
        let states = Task {
            for await connection in consumer.connectionUpdates { report(.connection(connection)) }
        }
        let ingestor = KafkaEventIngestor(
            consumer: consumer,
            store: settings.store,
            triggers: settings.triggers?.stage,
            reconciliation: settings.reconciliation,
            onosTopics: Set(settings.onosTopics),
            queued: { worker?.wake() },
            reconciled: { report(.reconciled($0)) },
            observe: { report(.ingested($0)) },
            report: { report(.notice($0)) }
        )
        let totals: KafkaEventIngestor.Totals
        do {
            totals = try await ingestor.run()
        } catch {
            await consumer.close()
            await states.value
            drained.cancel()
            worker?.finish()
            _ = try? await drained.value
            throw EventConsumerFailure(.ingest, error)
        }
        await states.value
        // Actions already queued are performed before stopping; a retryable failure leaves them
        // pending for the next start. An action still waiting between retries (a webhook's
        // backoff can be minutes) after `outboxStopGrace` is left pending too: its wait is
        // cancelled, so a stop never waits out a retry chain.
        worker?.finish()
        let grace = Task {
            do { try await Task.sleep(for: Self.outboxStopGrace) } catch { return }
            drained.cancel()
        }
        defer { grace.cancel() }
        let actions: OutboxWorker.Totals?
        do {
            actions = try await drained.value
        } catch {
            throw EventConsumerFailure(.outbox, error)
        }
        return .stopped(
            EventConsumerTotals(events: totals, actions: actions),
            leaseLost: lost.isSet
        )
    }
}
