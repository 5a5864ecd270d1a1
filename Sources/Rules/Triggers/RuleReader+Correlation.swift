import FerruleCore
import Yams

/// Reading a rule file's `correlation:` block.
extension RuleReader {
    static let correlationKeys = ["serialNumber", "parameter", "vendors"]

    mutating func correlation(_ node: Node) -> CorrelationSettings? {
        guard let entries = mapping(node, what: "`correlation` (serialNumber, parameter, vendors)") else { return nil }
        var settings = CorrelationSettings(location: location(node))
        if let strategy = correlationStrategy(node, allowVendors: true) { settings.defaultStrategy = strategy }
        for (key, value) in entries where key.string == "vendors" {
            guard let vendors = mapping(value, what: "`vendors` (vendor id: {serialNumber, parameter})") else {
                continue
            }
            for (k, v) in vendors {
                guard let vendor = k.string else { continue }
                if !(vendor.count == 4 && vendor.allSatisfy { $0.isASCII && $0.isLetter }) {
                    error(
                        k,
                        .badValue,
                        "vendor id \"\(DisplayText.value(vendor))\" is not four letters (as in HWTC1A2B3C4D)"
                    )
                    continue
                }
                if let strategy = correlationStrategy(v, allowVendors: false) {
                    settings.vendors[vendor.uppercased()] = strategy
                }
            }
        }
        return settings
    }

    private mutating func correlationStrategy(_ node: Node, allowVendors: Bool) -> CorrelationSettings.Strategy? {
        guard let entries = mapping(node, what: "a correlation strategy (serialNumber, parameter)") else { return nil }
        var strategy = CorrelationSettings.Strategy()
        for (key, value) in entries {
            guard let name = key.string else { continue }
            switch name {
            case "serialNumber":
                strategy.serialForms = []
                for form in strings(value, what: "serial number forms (gpon, hex-vendor)") ?? [] {
                    guard let f = CorrelationSettings.SerialForm(rawValue: form) else {
                        let known = CorrelationSettings.SerialForm.allCases.map(\.rawValue)
                        error(
                            value,
                            .badValue,
                            "unknown serial number form \"\(DisplayText.value(form))\"",
                            hint: DidYouMean.suggestion(for: form, among: known).map { "did you mean \"\($0)\"?" }
                                ?? "forms: \(known.joined(separator: ", "))"
                        )
                        continue
                    }
                    strategy.serialForms.append(f)
                }
            case "parameter":
                guard let path = string(value, what: "a parameter path") else { continue }
                if !(path.hasPrefix("Device.") || path.hasPrefix("InternetGatewayDevice.")
                    || path.hasPrefix("VirtualParameters.")) || path.hasSuffix(".")
                {
                    error(value, .badPath, "\"\(DisplayText.value(path))\" is not a parameter path")
                    continue
                }
                strategy.parameter = path
            case "vendors" where allowVendors: continue
            default:
                unknownKey(
                    key,
                    name,
                    among: allowVendors ? Self.correlationKeys : ["serialNumber", "parameter"],
                    in: "`correlation`"
                )
            }
        }
        if strategy.serialForms.isEmpty && strategy.parameter == nil {
            error(node, .incomplete, "a correlation strategy needs `serialNumber` forms or a `parameter`")
            return nil
        }
        return strategy
    }
}
