import FerruleCore
import FerruleJSON
import Foundation
import Rules

/// Fills `${event.FIELD}` in action values when a rule fires, and `${secret:NAME}` only when the
/// executor sends.
///
/// A planned value is itself a template holding only literals and secrets: `$` is written `$$`, so an
/// event field that contains `${secret:…}` (events are untrusted) stays text and can never pull a
/// secret into a request. Field values are escaped for where they land: percent-encoded in URLs,
/// line breaks removed in headers, JSON-escaped in a body that is a JSON document.
enum EventTemplate {
    enum Escaping {
        case text, url, header, jsonString
    }

    /// Event field values longer than this are cut (events are untrusted input).
    static let maxFieldLength = 256

    static func fill(_ parts: [TemplatePart], _ facts: TriggerFacts, _ trigger: TriggerEvent, _ escaping: Escaping)
        -> String
    {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += dollars(text)
            case .integer(let n): out += String(n)
            case .secret(let name): out += "${secret:\(name)}"
            case .variable(let name) where name.hasPrefix("event."):
                let value = facts.field(String(name.dropFirst("event.".count)), trigger: trigger) ?? ""
                out += dollars(escape(String(value.prefix(maxFieldLength)), escaping))
            default:
                // Variables were substituted when loading; device fields are refused by lint.
                break
            }
        }
        return out
    }

    /// Whether a body template is a JSON document (starts with `{` or `[`).
    static func looksLikeJSON(_ parts: [TemplatePart]) -> Bool {
        guard case .literal(let text)? = parts.first else { return false }
        return text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }.first.map { $0 == "{" || $0 == "[" }
            ?? false
    }

    /// The secrets `templates` use, each with the value `secrets` gives it (for scrubbing texts that
    /// may echo the resolved request, such as a transport error naming the URL).
    static func secretValues(in templates: [String], _ secrets: SecretStore) -> [(name: String, value: String)] {
        var seen = Set<String>()
        var found: [(name: String, value: String)] = []
        for template in templates {
            guard let parts = try? Template.parse(template) else { continue }
            for name in parts.flatMap(\.secrets) where seen.insert(name).inserted {
                if let value = secrets.value(name), !value.isEmpty { found.append((name, value)) }
            }
        }
        return found
    }

    /// The planned template with its secrets filled, each escaped for where it lands as event
    /// values are (``fill(_:_:_:_:)``): percent-encoded in a URL (`/` kept, so a secret may hold
    /// a path such as a chat webhook's `T000/B000/XXXX`), line breaks dropped in a header,
    /// JSON-escaped in a JSON body; as it is in text and task arguments.
    ///
    /// - Throws: ``MissingSecretError`` naming the secret (never its value).
    static func resolve(_ template: String, _ secrets: SecretStore, escaping: Escaping = .text) throws -> String {
        let parts: [TemplatePart]
        do {
            parts = try Template.parse(template)
        } catch {
            throw MissingSecretError(message: "the planned value is not a template: \(error.message)")
        }
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .secret(let name):
                guard let value = secrets.value(name) else {
                    throw MissingSecretError(
                        message: "secret \(name) is not set (FERRULE_SECRET_\(name) or --secrets FILE)"
                    )
                }
                out += escapeSecret(value, escaping)
            default:
                throw MissingSecretError(
                    message: "the planned value holds \(part.templateText), which only events fill"
                )
            }
        }
        return out
    }

    private static func dollars(_ text: String) -> String {
        text.contains("$") ? text.replacingOccurrences(of: "$", with: "$$") : text
    }

    /// A secret's value as ``resolve(_:_:escaping:)`` fills it in.
    static func escapeSecret(_ value: String, _ escaping: Escaping) -> String {
        escaping == .url ? PercentEncoding.encode(value, keeping: "/") : escape(value, escaping)
    }

    /// Whether a planned body is a JSON document (starts with `{` or `[`).
    static func looksLikeJSON(_ planned: String) -> Bool {
        planned.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }.first.map { $0 == "{" || $0 == "[" }
            ?? false
    }

    private static func escape(_ value: String, _ escaping: Escaping) -> String {
        switch escaping {
        case .text: return value
        case .header: return String(value.filter { !$0.isNewline })
        case .url: return PercentEncoding.encode(value)
        case .jsonString:
            var quoted = ""
            JSONValue.quote(value, into: &quoted)
            return String(quoted.dropFirst().dropLast())
        }
    }
}

/// A planned value needs a secret that is not set, or is not a planned template.
struct MissingSecretError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}
