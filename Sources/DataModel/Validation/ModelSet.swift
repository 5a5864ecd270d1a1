/// The models a tree is validated against, chosen by root.
///
/// `Device.` → the TR-181 model, `InternetGatewayDevice.` → TR-098; a `VoiceService` subtree under
/// either root's `Services.` → the TR-104 service model, mounted there (tr-104-2-0-2-cwmp-full.xml:832,
/// isService="true").
public struct ModelSet: Sendable {
    public let models: [DataModel]
    let checker: ValueChecker
    /// Root models by root path (`Device.`).
    let roots: [String: DataModel]
    /// Service models by their root object name (`VoiceService`).
    let services: [String: DataModel]
    /// Root models and service models by the UTF-8 bytes of their root name, for byte lookups.
    private let rootBytes: [([UInt8], DataModel)]
    private let serviceBytes: [([UInt8], DataModel)]
    /// Parameters at the top of a service model (`VoiceServiceNumberOfEntries`), which sit directly in
    /// the mount point (`Device.Services.VoiceServiceNumberOfEntries`), by their UTF-8 bytes.
    private let serviceParameterBytes: [([UInt8], DataModel)]
    /// The roots this set covers, for messages (`Device., InternetGatewayDevice., Services.VoiceService`).
    public let rootNames: String
    /// ``DataModel/label`` per model name, computed once.
    private let labels: [String: String]

    /// The model's label (`TR-181 2.17`) without recomputing it.
    func label(_ model: DataModel) -> String { labels[model.name] ?? model.label }

    /// A `pattern` facet Ferrule cannot match (an unknown block name, a program over
    /// ``XSDRegex/programLimit``): values are not checked against it. Once per pattern, with the
    /// first parameter (by path) and model that use it.
    public struct UnsupportedPattern: Sendable, Hashable {
        public var pattern: String
        public var parameter: String
        public var model: String
    }

    /// The patterns of the models that were not compiled, sorted by pattern; a command that loads
    /// models says so once each (values of those parameters are not checked against them).
    public let unsupportedPatterns: [UnsupportedPattern]

    /// One line per ``unsupportedPatterns`` entry, for standard error when the models are loaded.
    public var unsupportedPatternWarnings: [String] {
        unsupportedPatterns.map { p in
            let shown = String(reflecting: p.pattern.count > 120 ? String(p.pattern.prefix(120)) + "…" : p.pattern)
            return "warning[unsupported-pattern]: \(p.model): pattern \(shown) (of \(p.parameter) and any other "
                + "parameter with it) is not checked: it names a block escape XML Schema 1.0 Appendix F.5 does not "
                + "list, or compiles to more than \(XSDRegex.programLimit) instructions"
        }
    }

    public init(_ models: [DataModel]) {
        self.models = models
        var patterns: [String: XSDRegex] = [:]
        var unsupported: [String: UnsupportedPattern] = [:]
        for model in models {
            for (path, parameter) in model.parameters.sorted(by: { $0.key < $1.key }) {
                for pattern in parameter.syntax.patterns where patterns[pattern] == nil && unsupported[pattern] == nil {
                    if let compiled = XSDRegex(pattern) {
                        patterns[pattern] = compiled
                    } else {
                        unsupported[pattern] = UnsupportedPattern(pattern: pattern, parameter: path, model: model.label)
                    }
                }
            }
        }
        checker = ValueChecker(patterns: patterns)
        unsupportedPatterns = unsupported.values.sorted { $0.pattern < $1.pattern }
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
        self.rootNames = (roots.keys.sorted() + services.keys.sorted().map { "Services.\($0)" }).joined(separator: ", ")
        self.rootBytes = roots.map { (Array($0.key.utf8), $0.value) }
        self.serviceBytes = services.map { (Array($0.key.utf8), $0.value) }
        self.serviceParameterBytes = services.values.flatMap { service in
            service.parameters.keys.filter { !$0.contains(".") }.map { (Array($0.utf8), service) }
        }
        self.labels = Dictionary(models.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
    }

    /// The model and the generic model path for an instance path, or nil when no model covers it.
    ///
    /// Numeric instance segments and alias segments (`[cpe-1]`) become `{i}`.
    func resolve(_ path: String) -> (model: DataModel, genericPath: String)? {
        var path = path
        return path.withUTF8 { resolve(bytes: $0) }
    }

    /// ``resolve(_:)`` on a path's UTF-8 bytes.
    func resolve(bytes: UnsafeBufferPointer<UInt8>) -> (model: DataModel, genericPath: String)? {
        guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let root = UnsafeBufferPointer(rebasing: bytes[...firstDot])
        // Mounted service model: <root>.Services.<Service>.{i}.…
        let servicesStart = firstDot + 1
        if !services.isEmpty, bytes.count > servicesStart + Self.servicesSegment.count,
            bytes[servicesStart..<(servicesStart + Self.servicesSegment.count)].elementsEqual(Self.servicesSegment)
        {
            let serviceStart = servicesStart + Self.servicesSegment.count
            let serviceEnd = bytes[serviceStart...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
            let name = UnsafeBufferPointer(rebasing: bytes[serviceStart..<serviceEnd])
            for (serviceName, service) in serviceBytes where serviceName.elementsEqual(name) {
                return (service, Self.generic(UnsafeBufferPointer(rebasing: bytes[serviceStart...])))
            }
            if serviceEnd == bytes.count {
                for (parameter, service) in serviceParameterBytes where parameter.elementsEqual(name) {
                    return (service, String(decoding: name, as: UTF8.self))
                }
            }
        }
        for (rootName, model) in rootBytes where rootName.elementsEqual(root) {
            return (model, Self.generic(bytes))
        }
        return nil
    }

    private static let servicesSegment = Array("Services.".utf8)

    /// The path with every numeric or `[alias]` segment replaced by `{i}`, built in one pass.
    static func generic(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // `{i}` is 3 bytes; a segment it replaces is at least 1, so the result is at most 3× longer.
        String(unsafeUninitializedCapacity: bytes.count * 3) { out in
            var n = 0
            var start = 0
            while start <= bytes.count {
                var end = start
                var numeric = true
                while end < bytes.count, bytes[end] != UInt8(ascii: ".") {
                    if bytes[end] < 0x30 || bytes[end] > 0x39 { numeric = false }
                    end += 1
                }
                let alias = end - start >= 2 && bytes[start] == UInt8(ascii: "[") && bytes[end - 1] == UInt8(ascii: "]")
                if (numeric && end > start) || alias {
                    out[n] = UInt8(ascii: "{")
                    out[n + 1] = UInt8(ascii: "i")
                    out[n + 2] = UInt8(ascii: "}")
                    n += 3
                } else {
                    for k in start..<end {
                        out[n] = bytes[k]
                        n += 1
                    }
                }
                if end < bytes.count {
                    out[n] = UInt8(ascii: ".")
                    n += 1
                }
                start = end + 1
            }
            return n
        }
    }
}
