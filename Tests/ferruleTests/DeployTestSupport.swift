import FerruleTestSupport
import Foundation

/// The secrets the rules in `Provisions/` need, with values distinctive enough that finding any
/// of them (or its middle word) in an output is certainly a leak.
enum TestSecrets {
    static let crPassword = "cr-Zebra-7731-secret"
    static let pppoePassword = "pppoe Quokka 4410 secret"
    static let wifiPassphrase = "wifi-Narwhal-9902-secret"
    /// A rotated WiFi passphrase.
    static let rotatedWifiPassphrase = "wifi-Axolotl-5518-secret"

    /// Every value, plus the word in the middle of each (a partly masked value is still a leak).
    static let all = [crPassword, pppoePassword, wifiPassphrase, rotatedWifiPassphrase]
    static let fragments = all + ["Zebra-7731", "Quokka 4410", "Narwhal-9902", "Axolotl-5518"]

    /// A secrets file in the format operators keep: comments, `export`, quotes.
    static func file(wifi: String = wifiPassphrase, omitting omitted: Set<String> = []) throws -> String {
        var lines = ["# Ferrule secrets for the end-to-end tests"]
        if !omitted.contains("CR_PASSWORD") { lines.append("CR_PASSWORD=\(crPassword)") }
        if !omitted.contains("PPPOE_PASSWORD") { lines.append("PPPOE_PASSWORD=\"\(pppoePassword)\"") }
        if !omitted.contains("WIFI_PASSPHRASE") { lines.append("export WIFI_PASSPHRASE='\(wifi)'") }
        return try Scratch.file("secrets.env", Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// The same secrets as `FERRULE_SECRET_<NAME>` variables.
    static func environment(wifi: String = wifiPassphrase) -> [String: String] {
        [
            "FERRULE_SECRET_CR_PASSWORD": crPassword, "FERRULE_SECRET_PPPOE_PASSWORD": pppoePassword,
            "FERRULE_SECRET_WIFI_PASSPHRASE": wifi,
        ]
    }

    /// The secret values found in `text` (empty when none leaked).
    static func leaks(in text: String) -> [String] {
        fragments.filter { text.contains($0) }
    }
}

/// Small rule files for tests that need their own rule set.
enum TestRules {
    /// A rule that tags devices on boot: one preset and one provision, no secrets.
    static func tagRule(_ name: String, tag: String) -> String {
        """
        rules:
          - name: \(name)
            description: End-to-end test rule.
            triggers:
              events: ["1 BOOT"]
            actions:
              - tag: {add: [\(tag)]}

        """
    }
}

extension FerruleRunner.Output {
    /// The plan's lines for `symbol` (`+`, `~`, `-`, `!`).
    func planLines(_ symbol: String) -> [Substring] {
        stdout.split(separator: "\n").filter { $0.hasPrefix("  \(symbol) ") }
    }

    /// The `summary` object of `plan --format json`.
    func planSummary() throws -> [String: Any] {
        guard let summary = try jsonObject()["summary"] as? [String: Any] else {
            throw E2EError("no summary in: \(stdout)")
        }
        return summary
    }

    /// The `items` of `plan --format json`.
    func planItems() throws -> [[String: Any]] {
        guard let items = try jsonObject()["items"] as? [[String: Any]] else {
            throw E2EError("no items in: \(stdout)")
        }
        return items
    }
}

extension [String: Any] {
    /// A member as an Int (JSON numbers).
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    /// A member as a String.
    func string(_ key: String) -> String? { self[key] as? String }
    /// A member as a Bool (JSON booleans).
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
}
