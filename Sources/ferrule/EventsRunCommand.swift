import ArgumentParser
import FerruleCore
import Foundation
import Kafka
import KafkaCommandLine
import PONEventIngest
import PONEvents

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
            output. Actions left pending by a crash are performed first at the next start: at least \
            once, not exactly once. A provision task GenieACS still holds (queued or faulted) under the \
            action's key (uniqueKey) is not sent again, but one the CPE already ran is gone from \
            GenieACS and runs again. Webhooks are sent beside the rest, one at a time per receiver, so \
            a receiver that never answers holds back only its own webhooks. A rule using a \
            ${secret:NAME} that is not set is refused at start. An ONU without a CPE \
            is reported and its action recorded as skipped, never guessed. docs/triggers.md.

            With --onos, ONOS's JSON events (kafka-onos: onu.events, authentication.events, \
            dhcp.events; other names with --onos-topics) are consumed too, in the same group, each \
            record committed per topic and partition after it is recorded: UNI ports added and \
            removed, 802.1X states, DHCP packets relayed (onos.uni_added, onos.authenticated, \
            onos.dhcp_acked … triggers). A rule reacting only to onos.* triggers is refused \
            without --onos. docs/events.md.

            With --voltha HOST:PORT, events VOLTHA never delivered are derived from its inventory \
            (ListDevices): at start, after each Kafka outage, and every --reconcile-interval \
            seconds, once the topic is quiet. An ONU now ACTIVE that the store never saw activated \
            gets an ONU_ACTIVATED, one now UNREACHABLE that the store believes up a loss of signal \
            (not when its OLT is disabled, unreachable or down: VOLTHA sends none then), one up \
            again the clears of its loss alarms, one whose reason became omci-flows-pushed a \
            SERVICE_READY (what fires voltha.service_ready: VOLTHA publishes no reason changes, so \
            a rule on it is refused without --voltha); they are recorded with source "reconcile" \
            through the same exactly-once path, so their triggers fire once. Each pass also lists \
            every OLT's ports (the first is the start-up listing): an OLT_PON_INTERFACE_DOWN \
            report, which names no port, is recorded with the one PON port ListDevicePorts shows \
            changed since, so that it and a storm there count as one outage (docs/triggers.md). \
            docs/events.md.

            One process per event store: a second one exits 3 naming the holder of the lease. \
            Exit status: 0 after SIGTERM, 1 for errors, 2 for unreadable rule files, 3 when the \
            store is held, 64 for usage errors.
            """
    )

    @OptionGroup var kafka: KafkaConsumerOptions

    /// `--state` as `serve` and `token` name their state directory; `--state-dir` as the readers of
    /// this store (`voltha alarms`, `voltha events`, `campaign --voltha-events`) do.
    @Option(
        name: [.customLong("state"), .customLong("state-dir")],
        help: "The state directory holding events.sqlite (--state-dir is the same option)."
    )
    var state: String

    @OptionGroup var triggers: EventsRunTriggerOptions

    @OptionGroup(title: "Reconciling with VOLTHA") var reconcile: EventsRunReconcileOptions

    @OptionGroup(title: "ONOS events") var onos: EventsRunONOSOptions

    func run() async throws {
        do {
            try kafka.checkPasswordFile()
        } catch {
            StandardError.write(
                "error: --sasl-password-file \(DisplayText.value(kafka.saslPasswordFile ?? "")): \(error.reason)\n"
            )
            throw ExitStatus.unreadable
        }
        let configuration: KafkaConfiguration
        do {
            configuration = try kafka.configuration(
                secrets: SecretStore(environment: CommandEnvironment.current.variables)
            )
        } catch {
            throw ValidationError(error.description)
        }
        let reconciliation = try reconcile.reconciliation()
        if let clash = onos.topics.first(where: { $0 == configuration.topic }) {
            throw ValidationError("--onos-topics names \(clash), the VOLTHA topic (--topic): give ONOS's topics only")
        }
        let triggers = try self.triggers.load(reconciliation: reconciliation, onos: !onos.topics.isEmpty)
        let store: EventStore
        do {
            store = try EventStore(path: EventStore.path(inStateDirectory: state))
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
        var settings = EventConsumerSettings(
            kafka: configuration,
            store: store,
            triggers: triggers,
            reconciliation: reconciliation
        )
        settings.onosTopics = onos.topics
        let service = EventConsumerService(settings, report: { Self.render($0) })
        let signals = ShutdownSignals(repeated: .endsProcess) { _ in
            StandardError.write("events run: stopping (signal)\n")
            service.stop()
        }
        defer { signals.cancel() }
        let outcome: EventConsumerOutcome
        do {
            outcome = try await service.run()
        } catch let failure as EventConsumerFailure {
            switch failure.stage {
            case .consumer:
                if let error = failure.underlying as? KafkaError, error.kind == .configuration {
                    throw ValidationError(error.description)
                }
                StandardError.write("\(failure)\n")
            case .lease: StandardError.write("\(failure)\n")
            case .ingest: StandardError.write("events run: \(failure)\n")
            case .outbox: break  // reported as a notice when it happened
            }
            throw ExitStatus.failure
        }
        switch outcome {
        case .leaseHeld(let holder):
            let now = Date().timeIntervalSince1970 * 1000
            StandardError.write(EventConsumerLease.refusal(holder, path: store.path, now: now) + "\n")
            throw ExitStatus.leaseHeld
        case .stopped(let totals, _):
            print("stopped: " + totals.summary(reconciling: reconciliation != nil))
        }
    }

    /// Standard output: the start line, one line per action and per reconciliation; standard
    /// error: connection changes and notices. Written at once (not through stdio's buffer):
    /// supervisors and tests wait for these lines.
    static func render(_ report: EventConsumerReport) {
        switch report {
        case .consuming(let context, let store, let rules):
            let suffix = rules.map { " with \($0) trigger rule(s)" } ?? ""
            standardOutput("consuming \(context) into \(store)\(suffix) (librdkafka \(KafkaRuntime.version))")
        case .connection(let connection): StandardError.write("events run: kafka \(connection)\n")
        case .notice(let line): StandardError.write("events run: \(line)\n")
        case .action(let line), .reconciled(let line): standardOutput(line)
        case .standby, .settled, .ingested: break
        }
    }

    private static func standardOutput(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
