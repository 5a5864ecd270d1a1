/// A policy file could not be used: what, where (`file:line:column`) and what to do next.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; the line and column are nil when the whole file is at fault.
    public var location: PolicyLocation
    /// What is wrong and what to do about it.
    public var message: String

    /// An error at `location`.
    public init(location: PolicyLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `policy.yaml:12:5: error: …`
    public var description: String { "\(location): error: \(message)" }
}
