import CWMP
import FerruleCore
import Rules

extension CampaignReader {
    /// Refuses a secret (`${secret:NAME}`, also as literal text a variable or `$${` left) in a value
    /// whose target Ferrule shows on read: a device read (`ferrule acs device`, the REST device
    /// GET) masks only the parameters ``SecretParameters`` names, so a secret pushed into an SSID or
    /// a user name would be read back in clear by anyone who may read devices.
    mutating func refuseSecretsInShownTargets(_ actions: [Action]) {
        for action in actions {
            for (target, value) in Self.valueTargets(action)
            where Self.holdsSecret(value) && !SecretParameters.isSecret(target) {
                diagnostics.error(
                    .secretInShownValue,
                    "a secret in \(target), whose value every device read shows unmasked",
                    at: value.location,
                    hint:
                        "put secrets only into passwords, passphrases and keys (wifi.passphrase, wan.password, a `set` of a …Password/…KeyPassphrase/…PreSharedKey path)"
                )
            }
        }
    }

    /// Each value an action sets with what it targets: a `set`'s path, a block's field as
    /// `block.field` (its leaf is the field, which ``SecretParameters`` judges like a parameter's).
    static func valueTargets(_ action: Action) -> [(String, RuleValue)] {
        switch action {
        case .set(let path, let value, _, _):
            return [(path, value)]
        case .block(let block, _):
            return block.fields.map { ($0.name, $0.value) }
        case .ensure(_, let keys, let values, _):
            return keys + values
        case .provision, .refresh, .delete, .tags, .download, .reboot, .factoryReset, .script:
            return []
        }
    }

    /// Whether `value` pushes a secret: a `${secret:NAME}` part (also inside a function), a
    /// `${param:…}` copy of a parameter ``SecretParameters`` names (the device's own passphrase or
    /// password), or literal text holding either placeholder, which the push resolves just the same.
    static func holdsSecret(_ value: RuleValue) -> Bool {
        func holds(_ part: TemplatePart) -> Bool {
            switch part {
            case .secret: true
            case .parameter(let path): SecretParameters.isSecret(path)
            case .literal(let text): text.contains("${secret:") || Self.readsSecretParameter(text)
            case .function(_, let args): args.contains(where: holds)
            default: false
            }
        }
        return value.parts.contains(where: holds)
    }

    /// Whether literal `text` holds a `${param:PATH}` placeholder whose path is a secret parameter.
    static func readsSecretParameter(_ text: String) -> Bool {
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${param:") {
            let tail = rest[start.upperBound...]
            let path = tail.prefix { $0 != "}" }
            if SecretParameters.isSecret(String(path)) { return true }
            rest = tail.dropFirst(path.count)
        }
        return false
    }
}
