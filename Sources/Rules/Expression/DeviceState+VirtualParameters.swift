import CWMP

/// `VirtualParameters.<name>` in a precondition, as GenieACS evaluates it: a preset's precondition
/// parameters are declared before presets are chosen (lib/cwmp.ts:474-500 at v1.2.16, freshness
/// `{value: 1}`), so a stored value is used and otherwise the virtual parameter's script runs
/// (lib/session.ts:658-772) and its value, converted by its type (lib/device.ts:26-66), is what the
/// precondition reads.
extension DeviceState {
    static let virtualParameterPrefix = "VirtualParameters."

    /// Makes the project's virtual parameters known (the first of a name wins; names are unique
    /// in a compiled project).
    public mutating func useVirtualParameters(_ parameters: [VirtualParameter]) {
        for parameter in parameters where virtualParameters[parameter.name] == nil {
            virtualParameters[parameter.name] = parameter
        }
    }

    /// The value of a project virtual parameter the tree does not hold, as its compiled script
    /// returns it (``VirtualParameterBuilder``): the first candidate path the device has (its first
    /// instance for `*`), converted by the virtual parameter's type. Nil when the tree holds the
    /// value itself, `path` names no project virtual parameter, or no candidate is in the tree.
    func computedVirtualParameter(_ path: String) -> ExpressionValue? {
        guard path.hasPrefix(Self.virtualParameterPrefix), tree[path]?.value == nil,
            let parameter = virtualParameters[String(path.dropFirst(Self.virtualParameterPrefix.count))]
        else { return nil }
        for candidate in parameter.paths {
            guard let entry = firstEntry(matching: candidate) else { continue }
            return Self.converted(Self.value(of: entry), to: parameter.type)
        }
        return nil
    }

    /// Why a `VirtualParameters.*` path in a precondition cannot be evaluated here (nil when it
    /// can: the tree holds its value, or the project's script computes it from the tree).
    public func unevaluatedVirtualParameter(_ path: String) -> String? {
        guard path.hasPrefix(Self.virtualParameterPrefix), tree[path]?.value == nil else { return nil }
        let name = String(path.dropFirst(Self.virtualParameterPrefix.count))
        guard let parameter = virtualParameters[name] else {
            return
                "\(path) is not in the device tree and is not one of this project's virtual parameters: GenieACS would run its script, which Ferrule does not have"
        }
        guard computedVirtualParameter(path) == nil else { return nil }
        return
            "\(path) is not in the device tree, nor any of its paths (\(parameter.paths.joined(separator: ", "))): the tree may be partial"
    }

    /// The first tree entry with a value for `pattern` (`*` standing for one instance), in natural
    /// path order, as the script's `declare()` iterates.
    private func firstEntry(matching pattern: String) -> ParameterEntry? {
        guard pattern.contains("*") else {
            guard let entry = tree[pattern], !entry.isObject, entry.value != nil else { return nil }
            return entry
        }
        let wanted = pattern.split(separator: ".", omittingEmptySubsequences: false)
        var best: ParameterEntry?
        for entry in tree.unorderedEntries where !entry.isObject && entry.value != nil {
            let segments = entry.path.split(separator: ".", omittingEmptySubsequences: false)
            guard segments.count == wanted.count,
                zip(segments, wanted).allSatisfy({ $1 == "*" ? !$0.isEmpty : $0 == $1 })
            else { continue }
            if let current = best, !ParameterPath.naturalOrder(entry.path, current.path) { continue }
            best = entry
        }
        return best
    }

    /// `sanitizeParameterValue([value, type])` (lib/device.ts:26-66 at v1.2.16) on a stored value.
    static func converted(_ value: ExpressionValue, to type: String) -> ExpressionValue {
        guard let text = value.javaScriptString else { return .null }
        switch type {
        case "xsd:boolean":
            if case .bool = value { return value }
            // parseBool (lib/device.ts:18-24).
            switch text {
            case "true", "TRUE", "True", "1": return .bool(true)
            case "false", "FALSE", "False", "0": return .bool(false)
            default: return .string(text)
            }
        case "xsd:int", "xsd:unsignedInt":
            if case .number = value { return value }
            let x = JavaScript.parseInt(text)
            return x.isNaN ? .string(text) : .number(x)
        case "xsd:dateTime":
            if case .number = value { return value }
            let x = JavaScript.toNumber(text)
            if !x.isNaN { return .number(x) }
            if let time = CWMPDateTime(text) { return .number(time.millisecondsSince1970) }
            return .string(text)
        default:
            return .string(text)
        }
    }
}
