/// One piece of a `${…}` template, parsed once by ``Template/parse(_:)``.
///
/// `${name}` is a ``variable(_:)`` from the environment's variable files; `${secret:NAME}` a
/// ``secret(_:)`` resolved only where it is pushed and never printed; `${device.serialNumber}` a
/// ``device(_:)`` field and `${param:Device.X.Y}` a ``parameter(_:)``, both read on the device;
/// `left(x, n)`, `right(x, n)`, `upper(x)` and `lower(x)` are ``function(_:_:)`` calls.
public indirect enum TemplatePart: Sendable, Hashable {
    case literal(String)
    case variable(String)
    case secret(String)
    case device(String)
    case parameter(String)
    case function(String, [TemplatePart])
    case integer(Int)

    /// The secrets this part uses, in order.
    public var secrets: [String] {
        switch self {
        case .secret(let name): [name]
        case .function(_, let args): args.flatMap(\.secrets)
        default: []
        }
    }

    /// Whether this part is read on the device at provisioning time.
    public var isPerDevice: Bool {
        switch self {
        case .device, .parameter: true
        case .function(_, let args): args.contains(where: \.isPerDevice)
        default: false
        }
    }
}

extension TemplatePart {
    /// The part as written inside `${…}` (`secret:wifi_psk`, `right(device.serialNumber, 4)`).
    public var templateText: String {
        switch self {
        case .literal(let text): "'\(text)'"
        case .variable(let name): name
        case .secret(let name): "secret:\(name)"
        case .device(let field): "device.\(field)"
        case .parameter(let path): "param:\(path)"
        case .function(let name, let args): "\(name)(\(args.map(\.templateText).joined(separator: ", ")))"
        case .integer(let number): String(number)
        }
    }
}
