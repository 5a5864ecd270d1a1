extension BoundedFileReader {
    /// The bytes of the file at `path` (``read(_:limit:)``), or nil after an `unreadable` error at
    /// the file: `cannot read <what>: <reason>`, with `hint`.
    ///
    /// ```swift
    /// guard let data = BoundedFileReader.read(path, what: "the event file", diagnostics: &diagnostics) else { return nil }
    /// ```
    public static func read(
        _ path: String,
        what: String,
        hint: String? = nil,
        diagnostics: inout DiagnosticCollector
    ) -> [UInt8]? {
        do {
            return try read(path)
        } catch {
            diagnostics.error(
                .unreadable,
                "cannot read \(what): \(error.reason)",
                at: SourceLocation(file: path),
                hint: hint
            )
            return nil
        }
    }
}
