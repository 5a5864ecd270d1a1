import ArgumentParser
import ContentHash
import Dispatch
import FerruleCore
import Foundation
import Kafka
import KafkaCommandLine

/// Consumes a topic with ``KafkaConsumer`` and prints one line per record, commit and connection
/// state, for the broker tests (which run it with librdkafka 2.16 on `LD_LIBRARY_PATH`) and for
/// operators checking a broker by hand:
///
/// ```text
/// $ LD_LIBRARY_PATH=.venv-tools/rdkafka-2.16 .build/debug/kafka-probe --brokers 127.0.0.1:9092 --commit
/// ready librdkafka 2.16.0
/// state connected since 2026-12-05T09:00:00Z
/// record voltha.events 0 0 3f2a…(sha-256 of the value) key=-
/// committed voltha.events 0 0
/// ```
///
/// SIGTERM or SIGINT closes the consumer (leaving the group) and prints `closed`.
@main
struct KafkaProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-probe",
        abstract: "Consume a Kafka topic and print records, commits and connection states."
    )

    @OptionGroup var kafka: KafkaConsumerOptions

    @Flag(help: "Commit each record after printing it.")
    var commit = false

    @Option(help: "Close and exit after this many records.")
    var exitAfter: Int?

    @Option(
        help: "Stop reading after this many records and wait for SIGTERM, SIGINT or SIGKILL (a consumer stuck midway)."
    )
    var holdAfter: Int?

    @Flag(help: "Print librdkafka's log lines on standard error.")
    var log = false

    func run() async throws {
        var configuration: KafkaConfiguration
        do {
            configuration = try kafka.configuration()
            if log { configuration.logHandler = { message in Output.error("\(message)") } }
        } catch {
            Output.error("kafka-probe: error: \(error)")
            throw ExitCode(64)
        }
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration)
        } catch {
            Output.error("kafka-probe: error: \(error)")
            throw ExitCode(error.kind == .configuration ? 64 : 1)
        }
        Output.line("ready librdkafka \(KafkaRuntime.version)")
        let states = Task {
            for await state in consumer.connectionUpdates { Output.line("state \(state)") }
        }
        let (stopped, stop) = AsyncStream.makeStream(of: Int32.self)
        let signals = ShutdownSignals(closing: consumer) { stop.yield($0) }
        defer { signals.cancel() }

        var status: Int32 = 0
        do {
            var count = 0
            while let record = try await consumer.next() {
                let key = record.key.map { DisplayText.value(String(decoding: $0, as: UTF8.self)) } ?? "-"
                Output.line(
                    "record \(record.topic) \(record.partition) \(record.offset) \(SHA256.hex(record.value)) key=\(key)"
                )
                if commit {
                    do {
                        try await consumer.commit(record)
                        Output.line("committed \(record.topic) \(record.partition) \(record.offset)")
                    } catch {
                        Output.line("commit-failed \(record.topic) \(record.partition) \(record.offset) \(error)")
                    }
                }
                count += 1
                if let exitAfter, count >= exitAfter { break }
                if let holdAfter, count >= holdAfter {
                    Output.line("holding")
                    for await _ in stopped { break }
                    break
                }
            }
        } catch {
            Output.line("error \(error)")
            status = 1
        }
        await consumer.close()
        await states.value
        Output.line("closed")
        if status != 0 { throw ExitCode(status) }
    }
}
