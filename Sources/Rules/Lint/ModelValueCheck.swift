import CWMP
public import DataModel
public import FerruleCore

/// The values rules set, held against the data model's facets of the parameter each goes to —
/// string length (`Device.WiFi.SSID.{i}.SSID` string(:32), `….Security.KeyPassphrase` string(8:63)),
/// range, enumeration, pattern, lexical form, list — the checks ``ModelSet/problems(with:for:)``
/// shares with `ferrule validate`. A value a parameter's facets refuse is one the CPE refuses: its
/// SetParameterValues fails with fault 9007 (invalid parameter value, TR-069 A.5), and GenieACS sends a
/// provision's values in one call, so the provision's other values fail with it. Hence errors.
///
/// `ferrule lint` checks the literal values of blocks (``RuleLinter`` checks `set` and `ensure`);
/// `ferrule plan` and `deploy` check every value once variables are substituted, and values with
/// `${secret:NAME}` when the secret is known. A secret's value is never shown, nor is a value set on
/// a parameter the model hides or whose name says it is a secret: the message names the secrets.
/// Values read on the device (`${device.serialNumber}`, `${param:…}`) are not known before the
/// provision runs and are not checked. A path whose instance is `*` or an alias filter is checked as a
/// numbered instance is (``instancePath(_:)``).
public enum ModelValueCheck {
    /// Checks every value `set` declares (variables already substituted: ``RuleProject/Compilation/resolvedRules``),
    /// resolving `${secret:NAME}` from `secrets` when given.
    public static func check(
        _ set: RuleSet,
        models: ModelSet,
        secrets: SecretStore?,
        diagnostics: inout DiagnosticCollector
    ) {
        for rule in set.rules { check(rule.actions, models: models, secrets: secrets, diagnostics: &diagnostics) }
    }

    /// Checks every value `actions` declare, as ``check(_:models:secrets:diagnostics:)`` checks a rule's: a
    /// configuration campaign's actions (`ferrule campaign plan` / `create`), its variables substituted.
    public static func check(
        _ actions: [Action],
        models: ModelSet,
        secrets: SecretStore?,
        diagnostics: inout DiagnosticCollector
    ) {
        for action in actions {
            check(ProvisionStep.declaredValues(ActionLowering.lower(action)), models, secrets, &diagnostics)
        }
    }

    /// Checks one value a device gets at its own `path` (`Device.WiFi.SSID.1.SSID`), once the values read on
    /// the device (`${device.serialNumber}`, `${param:…}`) are resolved: a configuration campaign's change
    /// on one device. A value with a `${secret:NAME}` placeholder is not checked here (its literal parts
    /// and the secret are, by ``check(_:models:secrets:diagnostics:)``). Reported at `location`, the path
    /// prefixed with `subject` (`device 00E0FC-HG8245H-1: `).
    ///
    /// - Returns: Whether the model refused the value.
    @discardableResult
    public static func check(
        value: String,
        at path: String,
        subject: String,
        location: RuleLocation,
        models: ModelSet,
        diagnostics: inout DiagnosticCollector
    ) -> Bool {
        guard !value.contains("${secret:"), RuleLinter.covered(path, models), let lookup = instancePath(path),
            !lookup.split(separator: ".").contains(where: { $0.hasPrefix("X_") }),
            let (model, definition) = models.parameter(at: lookup)
        else { return false }
        let before = diagnostics.errorCount
        report(
            subject + path,
            value,
            secrets: [],
            hidden: SecretParameters.isSecret(path) || definition.syntax.hidden || definition.syntax.secured,
            definition,
            model,
            models,
            at: location,
            &diagnostics
        )
        return diagnostics.errorCount > before
    }

    /// Checks the values of `declared` that are known: literals, and secrets `secrets` holds.
    static func check(
        _ declared: [DeclaredValue],
        _ models: ModelSet,
        _ secrets: SecretStore?,
        _ diagnostics: inout DiagnosticCollector
    ) {
        for value in declared {
            guard let first = value.values.first, RuleLinter.covered(value.path, models),
                let lookup = instancePath(value.path),
                !lookup.split(separator: ".").contains(where: { $0.hasPrefix("X_") }),
                let (model, definition) = models.parameter(at: lookup)
            else { continue }
            var text = ""
            var secretNames: [String] = []
            var known = true
            for (index, item) in value.values.enumerated() {
                guard let resolved = resolve(item.parts, secrets, &secretNames) else {
                    known = false
                    break
                }
                text += (index > 0 ? value.separator : "") + resolved
            }
            guard known else { continue }
            report(
                value.shown,
                text,
                secrets: secretNames,
                hidden: SecretParameters.isSecret(value.path) || definition.syntax.hidden || definition.syntax.secured,
                definition,
                model,
                models,
                at: first.location,
                &diagnostics
            )
        }
    }

    /// `path` with each instance segment that is a wildcard (`*`) or an alias filter (`[Alias:cpe-1]`,
    /// whose keys may hold dots: GenieACS 1.2.16 lib/common/path.ts:119-149 reads a `[…]` segment with
    /// parseAlias, :85-117, to its closing bracket) written as instance 1, which the model lookup
    /// reads as `{i}` as it reads every numbered instance: `Device.WiFi.SSID.*.SSID` is checked as `Device.WiFi.SSID.{i}.SSID`, since the
    /// value goes to every instance the path selects. nil when a bracket is left open.
    static func instancePath(_ path: String) -> String? {
        var segments: [Substring] = []
        var start = path.startIndex
        var depth = 0
        var index = path.startIndex
        while index < path.endIndex {
            switch path[index] {
            case "[": depth += 1
            case "]": depth -= 1
            case "." where depth == 0:
                segments.append(path[start..<index])
                start = path.index(after: index)
            default: break
            }
            guard depth >= 0 else { return nil }
            index = path.index(after: index)
        }
        guard depth == 0 else { return nil }
        segments.append(path[start...])
        return segments.map { $0 == "*" || ($0.hasPrefix("[") && $0.hasSuffix("]")) ? "1" : String($0) }
            .joined(separator: ".")
    }

    /// The text of a value of literals and secrets; nil when a part is known only later (a
    /// variable not substituted, a secret not given, a device field, a function).
    private static func resolve(
        _ parts: [TemplatePart],
        _ secrets: SecretStore?,
        _ names: inout [String]
    ) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .secret(let name):
                guard let value = secrets?.value(name) else { return nil }
                names.append(name)
                text += value
            default: return nil
            }
        }
        return text
    }

    /// Reports what the model refuses in `text` set at `path`: a `bad-value` error per problem,
    /// and one for an enumeration value the CPE reserves to itself (`access="readOnly"`).
    static func report(
        _ path: String,
        _ text: String,
        secrets: [String],
        hidden: Bool,
        _ definition: ParameterDefinition,
        _ model: String,
        _ models: ModelSet,
        at location: RuleLocation,
        _ diagnostics: inout DiagnosticCollector
    ) {
        let shown =
            !secrets.isEmpty
            ? Set(secrets).sorted().map { "${secret:\($0)}" }.joined(separator: ", ") + " (value not shown)"
            : hidden ? "<redacted>" : DisplayText.value(text)
        for problem in models.problems(with: text, for: definition) {
            diagnostics.error(
                .badValue,
                "\(path) = \(shown): expected \(problem.expected) (\(model))",
                at: location,
                hint: "a CPE refuses it: SetParameterValues fails with fault 9007 (invalid parameter value), "
                    + "and the provision's other values with it"
            )
        }
        // An enumeration value with access="readOnly" (cwmp-datamodel-1-14.xsd:777, BaseAccessFacet) is
        // the CPE's to report, never an ACS's to set: `DiagnosticsState` `Complete` and `None`
        // (tr-181-2-17-0-cwmp-full.xml:183-187). The CPE refuses the SetParameterValues (9007), and
        // GenieACS sends a provision's values in one call, so the provision's other values fail with it.
        let reserved = definition.syntax.readOnlyEnumerations
        guard !reserved.isEmpty else { return }
        let items =
            definition.syntax.list != nil ? text.split(separator: ",").map { $0.trimmingXMLWhitespace() } : [text]
        if let item = items.first(where: { reserved.contains($0) }) {
            diagnostics.error(
                .badValue,
                "\(path) = \(hidden || !secrets.isEmpty ? shown : text): \(item) is a read-only value in \(model), "
                    + "which the CPE reserves to itself (it reports it; a SetParameterValues with it fails with 9007); "
                    + "set one of "
                    + definition.syntax.enumerations.filter { !reserved.contains($0) }.joined(separator: ", "),
                at: location
            )
        }
    }
}
