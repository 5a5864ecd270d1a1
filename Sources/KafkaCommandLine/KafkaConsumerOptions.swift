public import ArgumentParser
public import FerruleCore
import Foundation
public import Kafka

/// The options of every command that consumes a Kafka topic (`ferrule events run`, `kafka-probe`):
/// brokers, topic, consumer group and librdkafka properties.
///
/// Secrets stay off the command line (where `ps` shows them): `--sasl-password-file FILE` reads the
/// SASL password from a file (or `-`, standard input), and any `-X` value may be, or contain,
/// `${secret:NAME}`, filled in from `FERRULE_SECRET_<NAME>` (or the command's `--secrets` file), as
/// `events.properties` in `serve.yaml` are.
public struct KafkaConsumerOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap brokers, HOST:PORT[,HOST:PORT…].")
    public var brokers: String

    @Option(help: "The topic (default voltha.events).")
    public var topic: String?

    @Option(help: "The consumer group id (default ferrule).")
    public var group: String?

    @Option(
        name: .customShort("X"),
        help: """
            A librdkafka property KEY=VALUE (repeatable; secrets are never printed). VALUE may use \
            ${secret:NAME} (from FERRULE_SECRET_<NAME>): a password given here is visible in `ps`.
            """
    )
    public var properties: [String] = []

    @Option(
        name: .customLong("sasl-password-file"),
        help: "A file (or - for standard input) whose first line is the SASL password (sasl.password)."
    )
    public var saslPasswordFile: String?

    /// The largest password file read.
    static let passwordFileLimit = 64 << 10

    public init() {}

    /// The consumer configuration these options give, `${secret:NAME}` filled in from the
    /// process's `FERRULE_SECRET_*` variables.
    ///
    /// - Throws: ``KafkaError`` (kind `configuration`) for a malformed broker list or property, a
    ///   secret without a value, or an unreadable password file.
    public func configuration() throws(KafkaError) -> KafkaConfiguration {
        try configuration(secrets: SecretStore(environment: ProcessInfo.processInfo.environment))
    }

    /// The consumer configuration these options give, `${secret:NAME}` filled in from `secrets`.
    ///
    /// - Throws: ``KafkaError`` (kind `configuration`), never quoting a secret's value.
    public func configuration(secrets: SecretStore) throws(KafkaError) -> KafkaConfiguration {
        var configuration = try KafkaConfiguration.parse(
            brokers: brokers,
            topic: topic,
            group: group,
            properties: properties
        )
        for index in configuration.properties.indices {
            let property = configuration.properties[index]
            guard !SecretPlaceholder.names(in: property.value).isEmpty else { continue }
            do {
                configuration.properties[index].value = try SecretPlaceholder.resolve(property.value, secrets)
            } catch {
                throw KafkaError(
                    kind: .configuration,
                    context: "-X \(DisplayText.value(property.key))",
                    detail: error.description,
                    property: property.key
                )
            }
        }
        if let file = saslPasswordFile {
            guard !configuration.properties.contains(where: { $0.key == "sasl.password" }) else {
                throw KafkaError(
                    kind: .configuration,
                    context: "--sasl-password-file",
                    detail: "-X sasl.password is given too; give the password one way only",
                    property: "sasl.password"
                )
            }
            configuration.properties.append(KafkaProperty(key: "sasl.password", value: try Self.password(file)))
        }
        return configuration
    }

    /// Whether `--sasl-password-file` can be read (a usage error it is not: the command exits 2 for
    /// an input file that cannot be read, as every command does).
    /// - Throws: ``BoundedReadError`` when it cannot.
    public func checkPasswordFile() throws(BoundedReadError) {
        guard let file = saslPasswordFile else { return }
        _ = try BoundedFileReader.read(file, limit: Self.passwordFileLimit)
    }

    /// The first line of `file`, without its line break; never quoted in an error.
    static func password(_ file: String) throws(KafkaError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(file, limit: passwordFileLimit)
        } catch {
            throw KafkaError(
                kind: .configuration,
                context: "--sasl-password-file \(DisplayText.value(file))",
                detail: "cannot read the password file: \(error.reason)",
                property: "sasl.password"
            )
        }
        var line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard !line.isEmpty else {
            throw KafkaError(
                kind: .configuration,
                context: "--sasl-password-file \(DisplayText.value(file))",
                detail: "the password file's first line is empty",
                property: "sasl.password"
            )
        }
        return String(decoding: line, as: UTF8.self)
    }
}
