import Foundation
import Rules
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
        var out = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "$", i + 1 < chars.count else {
                out.append(chars[i])
                i += 1
                continue
            }
            if chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            guard chars[i + 1] == "{" else {
                out.append(chars[i])
                i += 1
                continue
            }
            guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                error(node, "bad-template", "`${` is not closed by `}`", hint: "write `$${` for a literal `${`")
                return nil
            }
            let inner = String(chars[(i + 2)..<close]).trimmingCharacters(in: .whitespaces)
            guard let value = variable(inner, at: node) else { return nil }
            out += value
            i = close + 1
        }
        return out
    }

    private mutating func variable(_ inner: String, at node: Node) -> String? {
        if inner.hasPrefix("secret:") || inner.hasPrefix("device.") || inner.hasPrefix("param:") || inner.contains("(")
        {
            error(
                node,
                "bad-template",
                "`${\(inner)}` is resolved per device, which only configuration values can do",
                hint: "filters, firmware fields and names take `${variable}` from --vars files only"
            )
            return nil
        }
        let name = inner.hasPrefix("var.") ? String(inner.dropFirst(4)) : inner
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
            error(node, "bad-template", "\"\(inner)\" is not a variable name", hint: "write `${name}` or `${a.b}`")
            return nil
        }
        guard let value = variables.values[name] else {
            let suggestion = Suggestion.closest(to: name, among: variables.values.keys.sorted())
            error(
                node,
                "unknown-variable",
                "variable \"\(name)\" is not defined",
                hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "define it in a variables file (--vars)"
            )
            return nil
        }
        return value
    }
}
