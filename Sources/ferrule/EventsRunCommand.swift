import ArgumentParser
import Foundation
import Kafka
import KafkaCommandLine
import PONEventIngest
import PONTriggers
import VOLTHA

/// `ferrule events run`: consume `voltha.events`, record each event with its offset (and, with
/// `--rules`, the actions its trigger rules plan) in the event store (`--state DIR/events.sqlite`),
/// then commit, then perform the queued actions; until SIGTERM or SIGINT.
struct EventsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Consume VOLTHA events from Kafka into the event store until SIGTERM.",
        discussion: """
            Each record is decoded, recorded in DIR/events.sqlite with its topic, partition and offset \
            in one transaction (a redelivered record is recognised and changes nothing), and only then \
            committed: a crash neither loses nor doubles an event. Connection changes and problems go \
            to standard error. SIGTERM or SIGINT: commits in flight finish, the consumer leaves its \
            group, the totals are printed, exit 0. docs/kafka.md.

            With --rules DIR, each event also goes through storm protection and debounce and the \
            `on: voltha.*` trigger rules; the actions they plan are queued in the store's outbox in \
            the event's transaction, and after the commit they are performed (tags, provisions and \
            refresh tasks in GenieACS at --acs, campaign enroll and hold, webhooks with retries) and \
            each is marked done, skipped or failed in the store, one line per action on standard \
            output. Actions left pending by a crash are performed first at the next start; GenieACS \
            tasks carry the action's key as uniqueKey, so none is queued twice. An ONU without a CPE \
            is reported and its action recorded as skipped, never guessed. docs/triggers.md.

            With --voltha HOST:PORT, events VOLTHA never delivered are derived from its inventory \
            (ListDevices): at start, after each Kafka outage, and every --reconcile-interval \
            seconds, once the topic is quiet. An ONU now ACTIVE that the store never saw activated \
            gets an ONU_ACTIVATED, one now UNREACHABLE that the store believes up a loss of signal, \
            one up again the clears of its loss alarms; they are recorded with source "reconcile" \
            through the same exactly-once path, so their triggers fire once. docs/events.md.

            One process per event store: a second one exits 3 naming the holder of the lease. \
            Exit status: 0 after SIGTERM, 1 for errors, 2 for unreadable rule files, 3 when the \
            store is held, 64 for usage errors.
            """
    )

    @OptionGroup var kafka: KafkaConsumerOptions

    @Option(help: "The state directory holding events.sqlite.")
    var state: String

    @OptionGroup var triggers: EventsRunTriggerOptions

    @OptionGroup(title: "Reconciling with VOLTHA") var reconcile: EventsRunReconcileOptions

    func run() async throws {
        let configuration: KafkaConfiguration
        do {
            configuration = try kafka.configuration()
        } catch {
            throw ValidationError(error.description)
        }
        let planning = try triggers.load()
        let reconciliation = try reconcile.reconciliation()
        let store: EventStore
        do {
            store = try EventStore(path: EventStore.path(inStateDirectory: state))
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
        let lease = try await EventsRunLease.acquire(store)
        do {
            try await consume(
                store,
                configuration: configuration,
                planning: planning,
                reconciliation: reconciliation,
                lease: lease
            )
        } catch {
            await lease.release()
            throw error
        }
        await lease.release()
    }

    private func consume(
        _ store: EventStore,
        configuration: KafkaConfiguration,
        planning: (stage: EventTriggerStage, executor: ActionExecutor, rules: Int)?,
        reconciliation: VolthaReconciliation?,
        lease: EventsRunLease
    ) async throws {
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration)
        } catch {
            if error.kind == .configuration { throw ValidationError(error.description) }
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
        let signals = KafkaShutdownSignals(closing: consumer) { _ in
            StandardError.write("events run: stopping (signal)\n")
        }
        defer { signals.cancel() }
        let heartbeat = lease.heartbeat { reason in
            StandardError.write("events run: stopping: \(reason)\n")
            await consumer.close()
        }
        defer { heartbeat.cancel() }
        let worker = planning.map { planning in
            OutboxWorker(
                outbox: OutboxExecutor(store: store, executor: planning.executor) { line in
                    FileHandle.standardOutput.write(Data((line + "\n").utf8))
                }
            )
        }
        // A store that cannot record outcomes stops the consumer too: actions must not pile up unperformed.
        let drained = Task {
            do {
                return try await worker?.run()
            } catch {
                StandardError.write("events run: stopping: the outbox cannot be drained: \(error)\n")
                await consumer.close()
                throw error
            }
        }
        let states = Task {
            for await connection in consumer.connectionUpdates {
                StandardError.write("events run: kafka \(connection)\n")
            }
        }
        // Written at once (not through stdio's buffer): supervisors and tests wait for this line.
        let rules = planning.map { " with \($0.rules) trigger rule(s)" } ?? ""
        FileHandle.standardOutput.write(
            Data(
                "consuming \(configuration.context) into \(store.path)\(rules) (librdkafka \(KafkaRuntime.version))\n"
                    .utf8
            )
        )
        let ingestor = KafkaEventIngestor(
            consumer: consumer,
            store: store,
            triggers: planning?.stage,
            reconciliation: reconciliation,
            queued: { worker?.wake() },
            reconciled: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) },
            report: { line in StandardError.write("events run: \(line)\n") }
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
            StandardError.write("events run: \(error)\n")
            throw ExitStatus.failure
        }
        await states.value
        // Actions already queued are performed before stopping; a retryable failure leaves them
        // pending for the next start.
        worker?.finish()
        let actions: OutboxWorker.Totals?
        do {
            actions = try await drained.value
        } catch {
            throw ExitStatus.failure
        }
        var summary =
            "stopped: \(totals.recorded) recorded, \(totals.duplicates) duplicates, "
            + "\(totals.undecodable) undecodable, \(totals.commitFailures) commit failures"
            + (reconciliation == nil ? "" : ", \(totals.derived) derived by reconciliation")
        if let actions {
            summary +=
                "; actions: \(totals.actionsQueued) queued, \(actions.done) done, \(actions.skipped) skipped, "
                + "\(actions.failed) failed"
        }
        print(summary)
    }
}
