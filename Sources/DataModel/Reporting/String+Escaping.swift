extension String {
    /// This text with every Unicode scalar that `table` has an entry for replaced by that entry: the
    /// escaping of the report formats (`["&": "&amp;", "<": "&lt;"]`).
    func escaping(_ table: [Unicode.Scalar: String]) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replacement = table[scalar] { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
