import FerruleCore

/// `--env` names an environment no rules directory defines (no `vars/<name>.yaml`).
///
/// Compiling anyway would deploy common variables only, so the name is refused, listing the
/// environments found and the closest one.
public struct UnknownEnvironmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment asked for.
    public var name: String
    /// The environments the project defines.
    public var known: [String]
    /// The rule directories searched.
    public var directories: [String]

    public init(name: String, known: [String], directories: [String]) {
        self.name = name
        self.known = known
        self.directories = directories
    }

    /// `unknown environment "prdo"; environments found: prod, staging (vars/<env>.yaml in Provisions); did you mean "prod"?`
    public var description: String {
        let shown = DisplayText.value(name)
        let places = directories.isEmpty ? "the rules (no rules directory given)" : directories.joined(separator: ", ")
        guard !known.isEmpty else {
            return "unknown environment \"\(shown)\": no vars/<env>.yaml in \(places); "
                + "add vars/\(shown).yaml or leave out --env"
        }
        let suggestion = DidYouMean.suggestion(for: name, among: known).map { "; did you mean \"\($0)\"?" } ?? ""
        return "unknown environment \"\(shown)\"; environments found: \(known.joined(separator: ", ")) "
            + "(vars/<env>.yaml in \(places))\(suggestion)"
    }
}
