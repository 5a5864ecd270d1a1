// kafka-bench: Ferrule's KafkaConsumer reading N records from a broker, in two commit modes. Run by
// Tools/bench-kafka.sh, which starts Tansu, publishes the records and runs the Python confluent-kafka
// peer (Tools/bench-python-kafka.py) on the same records in the same run.
//
//   LD_LIBRARY_PATH=.venv-tools/rdkafka-2.16 Benchmarks/.build/release/kafka-bench \
//       --brokers 127.0.0.1:PORT --count 20000 --commit-every 1000 [--group G]
//
// Prints one JSON line: records, seconds from the first record to the last (steady state),
// records/s, seconds from start to the first record (group join), bytes read, CPU seconds.
import BenchSupport
import Foundation
import Kafka

func stringOption(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

let brokers = stringOption("--brokers", "127.0.0.1:9092")
let topic = stringOption("--topic", "voltha.events")
let group = stringOption("--group", "kafka-bench-\(getpid())")
let count = intOption("--count", 20_000)
let commitEvery = intOption("--commit-every", 1000)

let configuration = try KafkaConfiguration.parse(
    brokers: brokers,
    topic: topic,
    group: group,
    properties: ["session.timeout.ms=6000", "heartbeat.interval.ms=500"]
)
let started = monotonicNanoseconds()
let consumer = try KafkaConsumer(configuration: configuration)
var firstAt: UInt64 = 0
var received = 0
var bytes = 0
while received < count, let record = try await consumer.next() {
    if received == 0 { firstAt = monotonicNanoseconds() }
    received += 1
    bytes += record.value.count
    if received % commitEvery == 0 || received == count { try await consumer.commit(record) }
}
let endedAt = monotonicNanoseconds()
await consumer.close()
let steady = Double(endedAt - firstAt) / 1e9
let usage = processUsage()
print(
    String(
        format:
            "{\"peer\":\"ferrule KafkaConsumer (librdkafka %@)\",\"records\":%d,\"commit_every\":%d,\"seconds\":%.3f,"
            + "\"records_per_second\":%.0f,\"first_record_seconds\":%.3f,\"bytes\":%d,\"cpu_seconds\":%.2f}",
        KafkaRuntime.version,
        received,
        commitEvery,
        steady,
        Double(max(received - 1, 0)) / max(steady, 1e-9),
        Double(firstAt - started) / 1e9,
        bytes,
        usage.cpu
    )
)
