import FerruleCore
import Yams

extension CampaignReader {
    /// `text` with every `${name}` replaced by its variable (`$$` writes a literal `$`), for the
    /// values read once per campaign: firmware fields and filter values.
    ///
    /// Secrets and per-device values (`${secret:…}`, `${device.…}`, `${param:…}`, functions)
    /// belong to configuration actions only: a filter or a file name cannot wait for a device.
    /// - Returns: nil (with an error) when a variable is undefined or the template is malformed.
    mutating func substitute(_ text: String, at node: Node) -> String? {
        guard text.contains("$") else { return text }
        let parts: [TemplatePart]
        do {
            parts = try Template.parse(text)
        } catch {
            self.error(node, .badTemplate, error.message, hint: "write `$${` for a literal `${`")
            return nil
        }
        var out = ""
        for part in parts {
            switch part {
            case .literal(let literal):
                out += literal
            case .variable(let name):
                guard let value = variable(name, at: node) else { return nil }
                out += value
            case .integer(let number):
                guard let value = variable(String(number), at: node) else { return nil }
                out += value
            case .secret, .device, .parameter, .function:
                error(
                    node,
                    .badTemplate,
                    "`${\(part.templateText)}` is resolved per device, which only configuration values can do",
                    hint: "filters, firmware fields and names take `${variable}` from --vars files only"
                )
                return nil
            }
        }
        return out
    }

    private mutating func variable(_ name: String, at node: Node) -> String? {
        guard let value = variables.values[name] else {
            let suggestion = DidYouMean.suggestion(forPrefix: name, among: variables.values.keys.sorted())
            error(
                node,
                .unknownVariable,
                "variable \"\(name)\" is not defined",
                hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "define it in a variables file (--vars)"
            )
            return nil
        }
        return value
    }
}
