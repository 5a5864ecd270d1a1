import CRdKafka
import FerruleCore
import Foundation

/// A librdkafka `rd_kafka_conf_t` filled from a ``KafkaConfiguration``.
///
/// Owned by whoever created it until ``destroy()`` or until `rd_kafka_new` takes it. Not
/// `Sendable`: used on one thread, right after creation.
struct KafkaNativeConfiguration {
    let conf: OpaquePointer

    /// Sets every property of `configuration.librdkafkaProperties`; the first one librdkafka
    /// refuses becomes a `.configuration` error naming it, its value hidden when secret.
    init(_ configuration: KafkaConfiguration) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(kind: .other, context: configuration.context, detail: "librdkafka is out of memory")
        }
        self.conf = conf
        for property in configuration.librdkafkaProperties {
            var message = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, property.key, property.value, &message, message.count)
            guard result != RD_KAFKA_CONF_OK else { continue }
            rd_kafka_conf_destroy(conf)
            let text = message.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { String(cString: $0) } ?? ""
            }
            throw KafkaError(
                kind: .configuration,
                context: "-X \(property.withoutValue)",
                detail: Self.redacted(text, hiding: property),
                property: property.key
            )
        }
    }

    /// Frees the configuration (only when `rd_kafka_new` did not take it).
    func destroy() { rd_kafka_conf_destroy(conf) }

    /// librdkafka's message with the property's value replaced by `***` (its messages quote
    /// invalid values: `Invalid value "…" for configuration property "…"`), whatever the key: a
    /// secret under a misspelt key is still a secret.
    static func redacted(_ text: String, hiding property: KafkaProperty) -> String {
        guard !property.value.isEmpty else { return text }
        return text.replacingOccurrences(of: property.value, with: "***")
    }
}
