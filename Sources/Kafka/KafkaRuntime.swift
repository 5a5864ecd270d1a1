import CRdKafka

/// The librdkafka library this process loaded.
///
/// Ferrule compiles against Debian's librdkafka-dev (2.0.2) but runs against any librdkafka.so.1
/// of the same C ABI the dynamic loader finds: Tansu needs 2.16 (docs/kafka.md), which
/// `LD_LIBRARY_PATH=.venv-tools/rdkafka-2.16` selects.
public enum KafkaRuntime {
    /// librdkafka's version text (`rd_kafka_version_str`), e.g. `2.16.0`.
    public static var version: String { rd_kafka_version_str().map { String(cString: $0) } ?? "unknown" }

    /// librdkafka's version as `0xMMmmrrxx` (`rd_kafka_version`).
    public static var versionNumber: Int { Int(rd_kafka_version()) }
}
