/// A statistics query through `extension.Extension/GetExtValue`
/// (`voltha-protos:protos/voltha_protos/extensions.proto`, `GetValueRequest`), as
/// `voltctl device getextval` sends it (`voltctl:internal/pkg/commands/devices.go`).
public enum StatisticsRequest: Sendable, Hashable {
    /// ITU PON counters of an OLT PON port (`oltPonStats`, by label such as `pon-0`).
    case ponPort(oltID: String, label: String)
    /// Counters of an OLT NNI port (`oltNniStats`, by label such as `nni-0`).
    case nniPort(oltID: String, label: String)
    /// One ONU's PON counters as the OLT sees them (`onuPonInfo`).
    case onuPon(oltID: String, ponInterface: UInt32, onuID: UInt32)
    /// An ONU's optics: voltage, rx/tx power, bias, temperature (`onuOpticalInfo`).
    case onuOptical(onuDeviceID: String)

    /// The device the request goes to (`targetId`).
    public var targetID: String {
        switch self {
        case .ponPort(let id, _), .nniPort(let id, _), .onuPon(let id, _, _), .onuOptical(let id): id
        }
    }

    /// The `GetValueRequest` oneof name (`oltPonStats`, …).
    public var name: String {
        switch self {
        case .ponPort: "oltPonStats"
        case .nniPort: "oltNniStats"
        case .onuPon: "onuPonInfo"
        case .onuOptical: "onuOpticalInfo"
        }
    }
}
