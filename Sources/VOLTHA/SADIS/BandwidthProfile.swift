public import FerruleJSON

/// A SADIS bandwidth profile: MEF form `{id, cir, cbs, eir, ebs, air}` or IETF form
/// `{id, cir, cbs, pir, pbs, gir}`; rates in bit/s, bursts in bytes
/// (`bbsim:internal/bbsim/responders/sadis/sadis.go` `SadisBWPEntry`). ONOS turns each into an
/// OpenFlow meter that the openolt adapter maps to a T-CONT.
public struct BandwidthProfile: Sendable, Hashable {
    public var id: String
    /// The numeric fields present (`cir`, `cbs`, `eir`, …) in document order.
    public var parameters: [(name: String, value: Int)]

    /// The fields SADIS knows.
    public static let knownParameters: Set<String> = ["cir", "cbs", "eir", "ebs", "air", "pir", "pbs", "gir"]

    /// A profile from its parts.
    public init(id: String, parameters: [(name: String, value: Int)]) {
        self.id = id
        self.parameters = parameters
    }

    /// Reads a profile entry; throws when `id` is missing or a rate is not a non-negative integer.
    public init(json: JSONValue) throws(BandwidthProfileProblem) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { throw .init("a bandwidth profile has no \"id\"") }
        var parameters: [(name: String, value: Int)] = []
        for (name, value) in json.objectMembers ?? [] where Self.knownParameters.contains(name) {
            guard let number = value.intValue, number >= 0 else {
                throw .init("bandwidth profile \(id): \(name) must be a non-negative integer")
            }
            parameters.append((name, number))
        }
        guard parameters.contains(where: { $0.name == "cir" }) || parameters.contains(where: { $0.name == "pir" })
        else {
            throw .init("bandwidth profile \(id): needs cir (MEF) or pir (IETF)")
        }
        self.init(id: id, parameters: parameters)
    }

    /// The entry as SADIS serves it.
    public var json: JSONValue {
        .object([("id", .string(id))] + parameters.map { ($0.name, JSONValue.int($0.value)) })
    }

    public static func == (a: BandwidthProfile, b: BandwidthProfile) -> Bool {
        a.id == b.id && a.parameters.map(\.name) == b.parameters.map(\.name)
            && a.parameters.map(\.value) == b.parameters.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        for parameter in parameters {
            hasher.combine(parameter.name)
            hasher.combine(parameter.value)
        }
    }
}

/// Why a bandwidth profile entry is unusable.
public struct BandwidthProfileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
