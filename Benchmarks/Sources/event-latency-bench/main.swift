// event-latency-bench: end-to-end latency from a VOLTHA event's publication to its GenieACS task
// (issue 11 part 10), on the stand-ins: Tansu, the GenieACS stand-in, and the pipeline `ferrule events
// run --rules` wires (KafkaEventIngestor → EventStore with its outbox → OutboxWorker → ActionExecutor →
// NBI). Run it through Tools/bench-event-latency.sh, which starts the broker and the producer.
//
//   event-latency-bench --brokers HOST:PORT --onus N [--group G]     (the consumer side)
//   event-latency-bench serve --devices N                             (the stand-in, a child process)
//
// The producer (Tools/kafka-produce-events.py --onus … --rate R) publishes, for each of N ONUs whose CPE
// exists in the stand-in, ONU_DISCOVERY then ONU_ACTIVATED; each event's reported_ts is its publish time.
// One rule provisions the CPE of every activated ONU (a `provisions` task with uniqueKey). When all N
// activations have their task, the latency of each is read from the store: the action's done time (the
// NBI answered the task POST) minus the event's reported_ts. Prints p50 / p90 / p99 / max and the rate.
import BenchSupport
import CurlHTTP
import FerruleCore
import Foundation
import GenieACS
import GenieACSStandIn
import Kafka
import PONEventIngest
import PONEvents
import PONTriggers
import Rules

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "serve" {
    var scenario = Scenario()
    scenario.devices = intOption("--devices", 1000)
    scenario.serialPrefix = "BBSM00"
    scenario.onlineRatio = 0  // tasks are queued, never run: the figure ends at the NBI's answer
    let server = try await StandInServer.start(scenario: scenario)
    FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
    while true { try await Task.sleep(for: .seconds(3600)) }
}

func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

guard let brokers = option("--brokers") else {
    FileHandle.standardError.write(Data("event-latency-bench: --brokers HOST:PORT is required\n".utf8))
    exit(64)
}
let onuCount = intOption("--onus", 1000)
let group = option("--group") ?? "latency-\(getpid())"

let (child, acsURL) = try startServeChild(["serve", "--devices", String(onuCount)])
defer { child.terminate() }

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("event-latency-bench-\(getpid())")
try? FileManager.default.removeItem(at: directory)
try FileManager.default.createDirectory(
    at: directory.appendingPathComponent("rules"),
    withIntermediateDirectories: true
)
defer { try? FileManager.default.removeItem(at: directory) }
try Data(
    """
    rules:
      - name: bind-gateway
        on: voltha.onu_activated
        actions:
          - provision: {name: bind-gateway, args: ["${event.serial}"]}

    """.utf8
).write(to: directory.appendingPathComponent("rules/triggers.yaml"))

var diagnostics = DiagnosticCollector()
let ruleSet = try RuleProject(roots: [directory.appendingPathComponent("rules").path]).resolve(
    diagnostics: &diagnostics
)
guard !diagnostics.hasErrors else {
    FileHandle.standardError.write(Data("event-latency-bench: the rule does not load\n".utf8))
    child.terminate()  // exit() skips the defer above
    exit(1)
}
let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
let acs = try NBIClient(baseURL: acsURL, http: try HTTPClient(), timeout: .seconds(30))
let executor = ActionExecutor(acs: acs, correlation: ruleSet.correlation, now: { Date().timeIntervalSince1970 * 1000 })
let worker = OutboxWorker(outbox: OutboxExecutor(store: store, executor: executor) { _ in })
// `--property key=value` (repeatable) adds librdkafka consumer properties, e.g. fetch.wait.max.ms=500 to
// measure librdkafka's own default against Ferrule's (KafkaConfiguration.defaultProperties).
let extra = arguments.indices.filter { arguments[$0] == "--property" && $0 + 1 < arguments.count }.map {
    arguments[$0 + 1]
}
let configuration = try KafkaConfiguration.parse(
    brokers: brokers,
    topic: nil,
    group: group,
    properties: ["session.timeout.ms=6000", "heartbeat.interval.ms=500"] + extra
)
let consumer = try KafkaConsumer(configuration: configuration)
let ingestor = KafkaEventIngestor(
    consumer: consumer,
    store: store,
    triggers: EventTriggerStage(rules: ruleSet.triggerRules),
    queued: { worker.wake() },
    report: { FileHandle.standardError.write(Data("event-latency-bench: \($0)\n".utf8)) }
)
let drained = Task { try await worker.run() }
let ingesting = Task { try await ingestor.run() }
// Ready once the group gave the consumer its partition and it read to the end: the group join
// (seconds on Tansu) is start-up, not the latency of an event.
let joinDeadline = ContinuousClock.now + .seconds(60)
while !consumer.caughtUp && ContinuousClock.now < joinDeadline { try await Task.sleep(for: .milliseconds(20)) }
// The readiness line the script waits for before it starts the producer.
FileHandle.standardOutput.write(
    Data(
        ("ready: consuming \(brokers) (librdkafka \(KafkaRuntime.version)), stand-in \(acsURL), \(onuCount) ONUs; "
            + "consumer \(configuration.librdkafkaProperties.filter { $0.key.hasPrefix("fetch.") })\n").utf8
    )
)

// Done when every activation has its action carried out (polled every 50 ms; no figure depends on it).
var actions: [StoredAction] = []
let deadline = ContinuousClock.now + .seconds(600)
while ContinuousClock.now < deadline {
    var page: [StoredAction] = []
    var id = Int64(actions.count + 1)
    while let action = try await store.action(id), action.outcome != nil {
        page.append(action)
        id += 1
    }
    actions += page
    if actions.count >= onuCount { break }
    try await Task.sleep(for: .milliseconds(50))
}
await consumer.close()
_ = try await ingesting.value
worker.finish()
_ = try await drained.value

var latencies: [Double] = []
// The two halves: publish → recorded (producer, broker, fetch, decode, plan, the SQLite transaction) and
// recorded → task (the outbox worker's wake-up, the CPE lookup and the task POST).
var toRecord: [Double] = []
var toTask: [Double] = []
var first = Double.infinity
var last = 0.0
for action in actions {
    guard action.outcome?.status == .succeeded, let done = action.doneAt else { continue }
    let events = try await store.events(EventQuery(afterID: action.eventID - 1, limit: 1, oldestFirst: true))
    guard let stored = events.events.first, let published = stored.event.reportedAt else { continue }
    latencies.append((done.timeIntervalSince(published)) * 1000)
    toRecord.append(stored.recordedAt.timeIntervalSince(published) * 1000)
    toTask.append(done.timeIntervalSince(stored.recordedAt) * 1000)
    first = min(first, published.timeIntervalSince1970)
    last = max(last, done.timeIntervalSince1970)
}
latencies.sort()
toRecord.sort()
toTask.sort()
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
}
let failed = actions.count - latencies.count
print(
    String(
        format:
            "publish → GenieACS task, %d activations (%d not measured): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %.0f tasks/s",
        latencies.count,
        failed,
        percentile(latencies, 0.5),
        percentile(latencies, 0.9),
        percentile(latencies, 0.99),
        latencies.last ?? .nan,
        Double(latencies.count) / max(last - first, 1e-9)
    )
)
print(
    String(
        format: "  publish → recorded: p50 %.1f ms, p99 %.1f ms; recorded → GenieACS task: p50 %.1f ms, p99 %.1f ms",
        percentile(toRecord, 0.5),
        percentile(toRecord, 0.99),
        percentile(toTask, 0.5),
        percentile(toTask, 0.99)
    )
)
let usage = processUsage()
print(String(format: "consumer process: %.2f s CPU, %.0f MB peak RSS", usage.cpu, usage.maxRSSMB))
let succeeded = actions.count >= onuCount && failed == 0
child.terminate()  // exit() skips the defer above: the stand-in child would outlive the benchmark
exit(succeeded ? 0 : 1)
