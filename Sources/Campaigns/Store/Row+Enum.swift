internal import GRDB

extension Row {
    /// The value at `index`, a text column (`field`) holding one of `T`'s raw values (a campaign's status, a
    /// target's state); ``StoreDataError`` naming `owner` and the text when it is none of them (a
    /// state file written by a newer version, or edited by hand).
    func decode<T: RawRepresentable>(
        _ type: T.Type,
        atIndex index: Int,
        field: String,
        of owner: @autoclosure () -> String
    ) throws -> T where T.RawValue == String {
        let text = try decode(String.self, atIndex: index)
        guard let value = T(rawValue: text) else {
            throw StoreDataError(message: "\(owner()) has \(field) '\(text)'")
        }
        return value
    }
}
