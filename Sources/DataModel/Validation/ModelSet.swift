/// The models a tree is validated against, chosen by root (data-models.md §4.3).
///
/// `Device.` → the TR-181 model, `InternetGatewayDevice.` → TR-098; a `VoiceService` subtree under
/// either root's `Services.` → the TR-104 service model, mounted there (§4.2 item 4).
public struct ModelSet: Sendable {
    public let models: [DataModel]
    let checker: ValueChecker
    /// Root models by root path (`Device.`).
    let roots: [String: DataModel]
    /// Service models by their root object name (`VoiceService`).
    let services: [String: DataModel]

    public init(_ models: [DataModel]) {
        self.models = models
        var patterns: [String: XSDRegex] = [:]
        for model in models {
            for parameter in model.parameters.values {
                for pattern in parameter.syntax.patterns where patterns[pattern] == nil {
                    if let compiled = XSDRegex(pattern) { patterns[pattern] = compiled }
                }
            }
        }
        checker = ValueChecker(patterns: patterns)
        var roots: [String: DataModel] = [:]
        var services: [String: DataModel] = [:]
        for model in models {
            if model.isService {
                services[String(model.rootPath.dropLast())] = model
            } else {
                roots[model.rootPath] = model
            }
        }
        self.roots = roots
        self.services = services
    }

    /// The model and the generic model path for an instance path, or nil when no model covers it.
    ///
    /// Numeric instance segments and alias segments (`[cpe-1]`) become `{i}`.
    func resolve(_ path: String) -> (model: DataModel, genericPath: String)? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = segments.first else { return nil }
        // Mounted service model: <root>.Services.<Service>.{i}.…
        if segments.count > 3, segments[1] == "Services", let service = services[String(segments[2])] {
            let rest = segments[2...].map(Self.generic).joined(separator: ".")
            return (service, rest)
        }
        guard let model = roots[String(first) + "."] else { return nil }
        return (model, segments.map(Self.generic).joined(separator: "."))
    }

    private static func generic(_ segment: Substring) -> String {
        if !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return "{i}" }
        if segment.hasPrefix("["), segment.hasSuffix("]") { return "{i}" }
        return String(segment)
    }
}
