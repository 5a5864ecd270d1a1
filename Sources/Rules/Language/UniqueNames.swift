import FerruleCore

extension Dictionary where Key == String {
    /// Keeps the first definition of `name`: a later one is a `duplicate-name` error at `location`
    /// that points back at the first (`firstAt`), and is dropped.
    ///
    /// - Parameter what: what the name names, for the message (`rule`, `virtual parameter`).
    mutating func defineOnce(
        _ value: Value,
        named name: String,
        _ what: String,
        at location: RuleLocation,
        firstAt: (Value) -> RuleLocation,
        hint: String,
        diagnostics: inout DiagnosticCollector
    ) {
        if let existing = self[name] {
            diagnostics.error(
                .duplicateName,
                "\(what) \"\(name)\" is defined twice",
                at: location,
                hint: hint,
                related: [firstAt(existing)]
            )
        } else {
            self[name] = value
        }
    }
}
