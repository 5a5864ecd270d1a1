/// What a configuration campaign would do on one device (``ConfigurationPlan/plan(_:on:now:)``).
public struct DevicePlan: Sendable, Hashable {
    /// The parameters whose value would change (secrets always: their value cannot be compared).
    public var changes: [ParameterChange]
    /// Parameters the change sets that the device's tree does not have.
    public var missing: [String]
    /// Actions (or fields of one) that set nothing on this device, and changes a campaign cannot make.
    public var problems: [String]

    public init(changes: [ParameterChange], missing: [String] = [], problems: [String] = []) {
        self.changes = changes
        self.missing = missing
        self.problems = problems
    }

    /// Whether every action applies to the device and every parameter it sets exists there.
    /// A device that is not applicable is never pushed: a partial change would half-apply.
    public var isApplicable: Bool { missing.isEmpty && problems.isEmpty }

    /// Why the device is not applicable, in one line; nil when it is.
    public var notApplicableReason: String? {
        guard !isApplicable else { return nil }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("the device lacks \(missing.joined(separator: ", "))") }
        parts += problems
        return "not applicable: " + parts.joined(separator: "; ")
    }
}
