/// A `pathRef` facet: the value (each item of a list) is the path name of another item of the model
/// — a table row, in all but one of TR-181 2.17's 311 — or empty for "no reference"
/// (cwmp-datamodel-1-14.xsd, `PathRefFacet`; TR-106 A.2.3.6).
public struct PathReference: Sendable, Hashable, Codable {
    /// What the referenced item must be (the XSD's `TargetType`).
    public enum TargetType: String, Sendable, Hashable, Codable, CaseIterable {
        case any, parameter, object, single, table, row
    }

    /// `strong` (the target must exist) or `weak` (it may dangle).
    public var strong: Bool
    public var targetType: TargetType
    /// The objects whose immediate children may be referenced, as generic paths resolved by TR-106
    /// A.2.3.4 (`#.SSID.` → `Device.WiFi.SSID.`); empty means anywhere.
    public var targetParents: [String]

    /// For a row reference, the target parents as bytes: `Device.IP.Interface.` + an instance number
    /// is a row of one, decided without building its generic path (the validator's hot path).
    let rowParentBytes: [[UInt8]]

    public init(strong: Bool, targetType: TargetType, targetParents: [String]) {
        self.strong = strong
        self.targetType = targetType
        self.targetParents = targetParents
        self.rowParentBytes = targetType == .row ? targetParents.map { Array($0.utf8) } : []
    }

    /// Whether `path` (no trailing dot) is a row of a target parent: the parent with each `{i}` an
    /// instance number, then an instance number. Paths below a service mount don't match here.
    func isRowOfTargetParent(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        rowParentBytes.contains { Self.matchesRow(path, of: $0) }
    }

    private static func matchesRow(_ path: UnsafeBufferPointer<UInt8>, of parent: [UInt8]) -> Bool {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var i = 0
        var j = 0
        while j < parent.count {
            if parent[j] == UInt8(ascii: "{"), j + 2 < parent.count, parent[j + 2] == UInt8(ascii: "}") {
                let start = i
                while i < path.count, isDigit(path[i]) { i += 1 }
                guard i > start else { return false }
                j += 3
            } else {
                guard i < path.count, path[i] == parent[j] else { return false }
                i += 1
                j += 1
            }
        }
        guard i < path.count else { return false }
        return path[i...].allSatisfy(isDigit)
    }

    /// What is wrong with a reference whose model path is `generic` (`Device.WiFi.SSID.{i}`, without
    /// a trailing dot) in `model`, or nil when it is the kind of item this facet allows.
    func problem(generic: String, in model: DataModel) -> String? {
        if targetType == .row, targetParents.contains(where: { $0 + "{i}" == generic }) { return nil }
        let isRow = generic.hasSuffix(".{i}") && model.objects[generic + "."] != nil
        let fits: Bool =
            switch targetType {
            case .row: isRow
            case .parameter: model.parameters[generic] != nil
            case .table: model.objects[generic + ".{i}."] != nil
            case .single: !isRow && model.objects[generic + "."] != nil
            case .object: model.objects[generic + "."] != nil || model.objects[generic + ".{i}."] != nil
            case .any:
                model.parameters[generic] != nil || model.objects[generic + "."] != nil
                    || model.objects[generic + ".{i}."] != nil
            }
        guard fits else {
            return targetType == .any
                ? "the path of an item of \(model.label)"
                : "the path of a \(targetType.rawValue == "row" ? "table row" : targetType.rawValue) of \(model.label)"
        }
        guard !targetParents.isEmpty else { return nil }
        // The referenced item's parent: the table for a row, the enclosing object otherwise.
        let parent: String
        if isRow {
            parent = String(generic.dropLast(3))
        } else if let dot = generic.dropLast().lastIndex(of: ".") {
            parent = String(generic[...dot])
        } else {
            return nil
        }
        if targetParents.contains(parent) { return nil }
        return "a row of " + targetParents.prefix(6).joined(separator: " or ")
            + (targetParents.count > 6 ? " or …" : "")
    }
}
