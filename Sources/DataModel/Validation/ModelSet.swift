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
    /// ``DataModel/label`` per model name, computed once.
    private let labels: [String: String]

    /// The model's label (`TR-181 2.17`) without recomputing it.
    func label(_ model: DataModel) -> String { labels[model.name] ?? model.label }

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
        self.labels = Dictionary(models.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
    }

    /// The model and the generic model path for an instance path, or nil when no model covers it.
    ///
    /// Numeric instance segments and alias segments (`[cpe-1]`) become `{i}`.
    func resolve(_ path: String) -> (model: DataModel, genericPath: String)? {
        var path = path
        return path.withUTF8 { bytes -> (DataModel, String)? in
            guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
            // Mounted service model: <root>.Services.<Service>.{i}.…
            let services = Array("Services.".utf8)
            if bytes.count > firstDot + 1 + services.count,
                bytes[(firstDot + 1)..<(firstDot + 1 + services.count)].elementsEqual(services)
            {
                let serviceStart = firstDot + 1 + services.count
                let serviceEnd = bytes[serviceStart...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
                let name = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[serviceStart..<serviceEnd]),
                    as: UTF8.self
                )
                if let service = self.services[name] {
                    return (service, Self.generic(UnsafeBufferPointer(rebasing: bytes[serviceStart...])))
                }
            }
            let root = String(decoding: UnsafeBufferPointer(rebasing: bytes[...firstDot]), as: UTF8.self)
            guard let model = roots[root] else { return nil }
            return (model, Self.generic(bytes))
        }
    }

    /// The path with every numeric or `[alias]` segment replaced by `{i}`, built in one pass.
    static func generic(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ".") { end += 1 }
            let segment = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let numeric = !segment.isEmpty && segment.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            let alias = segment.count >= 2 && segment.first == UInt8(ascii: "[") && segment.last == UInt8(ascii: "]")
            if numeric || alias {
                out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "i"), UInt8(ascii: "}")])
            } else {
                out.append(contentsOf: segment)
            }
            if end < bytes.count { out.append(UInt8(ascii: ".")) }
            start = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
