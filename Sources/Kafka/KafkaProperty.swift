import FerruleCore
import Foundation

/// One librdkafka configuration property (`-X key=value`), its value hidden when it is a secret.
public struct KafkaProperty: Sendable, Hashable, CustomStringConvertible {
    /// The property name, as librdkafka's CONFIGURATION.md spells it (`sasl.username`).
    public var key: String
    /// The value, passed to librdkafka as is.
    public var value: String

    /// `key=value`.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Whether the value is a secret: passwords, keys, tokens and OAUTHBEARER configuration are
    /// never printed (librdkafka CONFIGURATION.md marks the same properties sensitive).
    public var isSecret: Bool { Self.isSecret(key: key) }

    /// Whether a property named `key` holds a secret.
    public static func isSecret(key: String) -> Bool {
        let key = key.lowercased()
        return ["password", "secret", "key.pem", "oauthbearer.config", "sasl.jaas", "token", "credential"]
            .contains { key.contains($0) }
    }

    /// `key=value`, or `key=***` for a secret.
    public var description: String {
        "\(DisplayText.value(key))=\(isSecret ? "***" : DisplayText.value(value))"
    }

    /// `key=***` whatever the key: for messages about a property librdkafka refused, whose key may
    /// be a secret's misspelt name (`sasl.pasword`) that ``isSecret`` cannot recognise.
    public var withoutValue: String {
        "\(DisplayText.value(key))=***"
    }

    /// Parses `key=value` (the value may contain `=`); the error names the argument.
    public static func parse(_ argument: String) throws(KafkaError) -> KafkaProperty {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            let shown = isSecret(key: argument) ? "***" : DisplayText.value(argument)
            throw KafkaError(
                kind: .configuration,
                context: "-X \"\(shown)\"",
                detail: "expected KEY=VALUE, a librdkafka property (librdkafka CONFIGURATION.md)"
            )
        }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        return KafkaProperty(key: key, value: String(argument[argument.index(after: equals)...]))
    }
}
