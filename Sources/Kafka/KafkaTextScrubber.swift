import Foundation

/// Removes configured values from librdkafka's own texts (error callbacks, log lines, the
/// `rd_kafka_new` error) before Ferrule shows them.
///
/// librdkafka quotes configuration values in its messages, whole or in part
/// (`Unrecognized sasl.oauthbearer.config beginning at: clientSecret=…`, `Unsupported SASL
/// mechanism: …`), and a secret may sit under any key (`sasl.mechanism: ${secret:…}` by mistake).
/// So every value of a secret property (``KafkaProperty/isSecret``) is hidden with each of its
/// words of four or more characters, and every other value of eight or more characters is hidden
/// whole. Hidden text reads `***`.
struct KafkaTextScrubber: Sendable {
    /// What to hide, longest first (a value before the words inside it).
    let needles: [String]

    init(_ properties: [KafkaProperty]) {
        var needles: Set<String> = []
        for property in properties where !property.value.isEmpty {
            if property.isSecret {
                needles.insert(property.value)
                let separators = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "=;,:\"'"))
                for word in property.value.components(separatedBy: separators) where word.count >= 4 {
                    needles.insert(word)
                }
            } else if property.value.count >= 8 {
                needles.insert(property.value)
            }
        }
        self.needles = needles.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// `text` with every needle replaced by `***`.
    func callAsFunction(_ text: String) -> String {
        var text = text
        for needle in needles where text.contains(needle) {
            text = text.replacingOccurrences(of: needle, with: "***")
        }
        return text
    }
}
