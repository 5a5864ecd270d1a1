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
/// provision runs and are not checked.
public enum ModelValueCheck {
    /// Checks every value `set` declares (variables already substituted: ``RuleProject/Compilation/resolvedRules``),
    /// resolving `${secret:NAME}` from `secrets` when given.
    public static func check(
        _ set: RuleSet,
        models: ModelSet,
        secrets: SecretStore?,
        diagnostics: inout DiagnosticCollector
    ) {
        for rule in set.rules {
            for action in rule.actions {
                check(ProvisionStep.declaredValues(ActionLowering.lower(action)), models, secrets, &diagnostics)
            }
        }
    }

    /// Checks the values of `declared` that are known: literals, and secrets `secrets` holds.
    static func check(
        _ declared: [DeclaredValue],
        _ models: ModelSet,
        _ secrets: SecretStore?,
        _ diagnostics: inout DiagnosticCollector
    ) {
        for value in declared {
            guard let first = value.values.first, RuleLinter.covered(value.path, models), !value.path.contains("["),
                !value.path.contains("*"), !value.path.split(separator: ".").contains(where: { $0.hasPrefix("X_") }),
                let (model, definition) = models.parameter(at: value.path)
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
