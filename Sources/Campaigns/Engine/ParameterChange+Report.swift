public import FerruleJSON

extension ParameterChange {
    /// The value as a report shows it: typed as GenieACS stores it once set, by the change's xsd type (else the
    /// device's, ``deviceType``) — `xsd:boolean` a JSON boolean (`true`/`TRUE`/`True`/`1`, `false`/…/`0`),
    /// `xsd:int` and `xsd:unsignedInt` a number (`"0600"` is 600), as GenieACS 1.2.16 sanitizes them
    /// (lib/device.ts:18-45); text that is none of these, and every other type (`xsd:dateTime` too, kept as
    /// written), a string. A secret shows as `••••••`, never its placeholder or value.
    public var reportValue: JSONValue {
        if isSecret { return .string("••••••") }
        switch type ?? deviceType {
        case "xsd:boolean":
            switch value {
            case "true", "TRUE", "True", "1": return .bool(true)
            case "false", "FALSE", "False", "0": return .bool(false)
            default: return .string(value)
            }
        case "xsd:int", "xsd:unsignedInt":
            return ConfigurationPlan.integer(value).map { .int($0) } ?? .string(value)
        default:
            return .string(value)
        }
    }
}
