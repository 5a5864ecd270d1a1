import FerruleCore

/// The two CWMP data-model roots a provision tells apart at run time.
///
/// A declaration below the root a device does not have is not harmless in GenieACS: to learn that
/// `Device.DeviceInfo` is missing on a TR-098 device the session asks for the names below the
/// nearest known ancestor, the root itself — a `GetParameterNames` of the whole tree (lib/session.ts:1596-1666
/// at v1.2.16; only `cwmp.skipRootGpn` avoids it), repeated at every refresh. So rules are compiled
/// per root: what names one root runs only on devices that have it.
enum DataModelRoot: String, Sendable, Hashable, CaseIterable {
    /// TR-181 (`Device.`).
    case tr181 = "Device"
    /// TR-098 (`InternetGatewayDevice.`).
    case tr098 = "InternetGatewayDevice"

    /// The root a path is written under; nil for GenieACS's own roots (`Tags.`, `Downloads.`, …).
    init?(path: String) {
        let first = path.prefix { $0 != "." }
        guard first.count < path.count || first == path, let root = DataModelRoot(rawValue: String(first)) else {
            return nil
        }
        self = root
    }

    /// The other root.
    var other: DataModelRoot { self == .tr181 ? .tr098 : .tr181 }

    /// The standard name of the model, for messages.
    var model: String { self == .tr181 ? "TR-181" : "TR-098" }
}

/// A path in a rule that cannot apply to the devices the rule is written for.
struct WrongRootPath: Sendable, Hashable {
    var path: String
    var location: RuleLocation
    /// The root the rule's own match conditions name.
    var expected: DataModelRoot

    var message: String {
        "\(path) is a \(expected.other.model) path, but this rule only matches \(expected.model) devices "
            + "(its match names \(expected.rawValue). parameters): it is never applied"
    }
}

extension DataModelRoot {
    /// The action paths of `rule` under the other root than the one its `match.parameters` name.
    /// A rule whose match names paths of one root matches only devices with that root; an action
    /// path of the other root is compiled for the other root and so never runs.
    ///
    /// Lint reports each as a `wrong-root` warning.
    static func wrongRootPaths(in rule: Rule) -> [WrongRootPath] {
        // Only conditions an absent parameter fails pin the root (`notEquals` and `exists: false`
        // hold on a device without the path).
        let matched = Set(
            rule.match.parameters.compactMap { condition -> DataModelRoot? in
                switch condition.test {
                case .notEquals, .exists(false): nil
                default: DataModelRoot(path: condition.path)
                }
            }
        )
        guard matched.count == 1, let expected = matched.first else { return [] }
        var found: [WrongRootPath] = []
        for action in rule.actions {
            let path: String
            switch action {
            case .set(let p, _, _, _), .refresh(let p, _, _): path = p
            case .ensure(let table, _, _, _), .delete(let table, _, _): path = table
            default: continue
            }
            if DataModelRoot(path: path) == expected.other {
                found.append(WrongRootPath(path: path, location: action.location, expected: expected))
            }
        }
        return found
    }
}

extension DataModelRoot {
    /// Reports each ``wrongRootPaths(in:)`` of `rule` as a `wrong-root` warning (for `ferrule lint`).
    static func reportWrongRootPaths(in rule: Rule, to diagnostics: inout DiagnosticCollector) {
        for wrong in wrongRootPaths(in: rule) {
            diagnostics.warning(
                .wrongRoot,
                wrong.message,
                at: wrong.location,
                hint:
                    "write the \(wrong.expected.model) path (\(wrong.expected.rawValue).…), or drop the match condition"
            )
        }
    }
}
