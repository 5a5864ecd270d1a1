public import FerruleCore

/// A policy file could not be used: what, where (`file:line:column`) and what to do next.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which rule of the policy format is broken.
    public var code: Diagnostic.Code
    /// Where the problem is; the line and column are 0 when the whole file is at fault.
    public var location: SourceLocation
    /// What is wrong and what to do about it.
    public var message: String

    /// An error at `location`.
    public init(_ code: Diagnostic.Code = .badPolicy, location: SourceLocation, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// The error as a diagnostic, for the one format every command prints.
    public var diagnostic: Diagnostic { Diagnostic(.error, code, message, at: location) }

    /// `policy.yaml:12:5: error[bad-policy]: …`
    public var description: String { diagnostic.description }
}

extension Diagnostic.Code {
    /// A policy entry that breaks the policy format (an unknown code or severity, a missing field).
    public static let badPolicy = Self(rawValue: "bad-policy")
    /// A `models:` pin that the loaded models do not satisfy.
    public static let modelPin = Self(rawValue: "model-pin")
}
