import ArgumentParser
import Foundation
import Kafka
import PONEventIngest
import VOLTHA

/// `ferrule events run`: consume `voltha.events`, record each event with its offset in the event
/// store (`--state DIR/events.sqlite`), then commit; until SIGTERM or SIGINT.
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
            """
    )

    @Option(help: "Kafka bootstrap brokers, HOST:PORT[,HOST:PORT…].")
    var brokers: String

    @Option(help: "The topic (default voltha.events).")
    var topic: String?

    @Option(help: "The consumer group id (default ferrule).")
    var group: String?

    @Option(name: .customShort("X"), help: "A librdkafka property KEY=VALUE (repeatable; secrets are never printed).")
    var properties: [String] = []

    @Option(help: "The state directory holding events.sqlite.")
    var state: String

    func run() async throws {
        let configuration: KafkaConfiguration
        do {
            configuration = try KafkaConfiguration.parse(
                brokers: brokers,
                topic: topic,
                group: group,
                properties: properties
            )
        } catch {
            throw ValidationError(error.description)
        }
        let store: EventStore
        do {
            store = try EventStore(path: EventStore.path(inStateDirectory: state))
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
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
        let states = Task {
            for await connection in consumer.connectionUpdates {
                StandardError.write("events run: kafka \(connection)\n")
            }
        }
        // Written at once (not through stdio's buffer): supervisors and tests wait for this line.
        FileHandle.standardOutput.write(
            Data("consuming \(configuration.context) into \(store.path) (librdkafka \(KafkaRuntime.version))\n".utf8)
        )
        let ingestor = KafkaEventIngestor(consumer: consumer, store: store) { line in
            StandardError.write("events run: \(line)\n")
        }
        do {
            let totals = try await ingestor.run()
            await states.value
            print(
                "stopped: \(totals.recorded) recorded, \(totals.duplicates) duplicates, "
                    + "\(totals.undecodable) undecodable, \(totals.commitFailures) commit failures"
            )
        } catch {
            await consumer.close()
            await states.value
            StandardError.write("events run: \(error)\n")
            throw ExitStatus.failure
        }
    }
}
