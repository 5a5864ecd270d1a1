/// GenieACS's text patterns in device queries.
public enum GenieACSWildcard {
    /// The regex source GenieACS 1.2.16 makes of a query text with a `*` (`stringToRegexp`, lib/query.ts:5-17), quirks
    /// included: only the first special character is escaped and only the first inner `*` becomes `.*` (neither
    /// `replace` is global), so `1.2.*` is `^1\.2.` and `A*X*3` is `^A.*X*3$`. Nil for a text without `*`.
    public static func regexSource(_ input: String) -> String? {
        guard input.contains("*") else { return nil }
        var output = input
        if let special = output.firstIndex(where: { "[]\\^$.|?+()".contains($0) }) {
            output.insert("\\", at: special)
        }
        if output.hasPrefix("*") {
            output = String(output.drop { $0 == "*" })
        } else {
            output = "^" + output
        }
        if output.hasSuffix("*") {
            while output.hasSuffix("*") { output.removeLast() }
        } else {
            output += "$"
        }
        if let star = output.firstIndex(of: "*") { output.replaceSubrange(star...star, with: ".*") }
        return output
    }
}
