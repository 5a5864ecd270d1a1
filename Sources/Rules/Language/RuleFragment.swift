/// A rule as written in one place (a rule entry, a file's `defaults:` or a directory's
/// `_defaults.yaml`): every field optional, so fragments can be merged.
///
/// Merge order (later wins), documented in `docs/rules.md`: directory defaults from the rules root
/// inwards, the file's `defaults:`, the `extends` base (itself fully merged), then the rule.
/// Scalars and each `match`/`triggers` field are replaced by the later fragment; `labels` merge
/// key by key; `actions` concatenate, earlier fragments first; preconditions are ANDed.
struct RuleFragment: Sendable {
    var name: String?
    var description: String?
    var labels: [String: String] = [:]
    var extends: String?
    var isAbstract: Bool?
    var match = MatchFragment()
    var preconditions: [(String, RuleLocation)] = []
    var triggers = TriggersFragment()
    var actions: [Action] = []
    var location: RuleLocation

    init(location: RuleLocation) { self.location = location }

    /// `self` overlaid by `later`.
    func merged(with later: RuleFragment) -> RuleFragment {
        var out = self
        out.name = later.name ?? name
        out.description = later.description ?? description
        out.labels.merge(later.labels) { _, new in new }
        out.extends = later.extends ?? extends
        out.isAbstract = later.isAbstract ?? isAbstract
        out.match = match.merged(with: later.match)
        out.preconditions = preconditions + later.preconditions
        out.triggers = triggers.merged(with: later.triggers)
        out.actions = actions + later.actions
        out.location = later.location
        return out
    }
}

struct MatchFragment: Sendable {
    var manufacturer: [String]?
    var oui: [String]?
    var productClass: [String]?
    var serialNumber: [String]?
    var tagsAll: [String]?
    var tagsAny: [String]?
    var tagsNone: [String]?
    var softwareVersion: [VersionCondition]?
    var parameters: [ParameterCondition]?
    /// Where each pattern is written, by field (see ``Match/patternLocations``).
    var patternLocations: [String: [RuleLocation]] = [:]

    func merged(with later: MatchFragment) -> MatchFragment {
        MatchFragment(
            manufacturer: later.manufacturer ?? manufacturer,
            oui: later.oui ?? oui,
            productClass: later.productClass ?? productClass,
            serialNumber: later.serialNumber ?? serialNumber,
            tagsAll: later.tagsAll ?? tagsAll,
            tagsAny: later.tagsAny ?? tagsAny,
            tagsNone: later.tagsNone ?? tagsNone,
            softwareVersion: later.softwareVersion ?? softwareVersion,
            parameters: later.parameters ?? parameters,
            patternLocations: patternLocations.merging(later.patternLocations) { $1 }
        )
    }

    var resolved: Match {
        var m = Match()
        m.manufacturer = manufacturer ?? []
        m.oui = oui ?? []
        m.productClass = productClass ?? []
        m.serialNumber = serialNumber ?? []
        m.tagsAll = tagsAll ?? []
        m.tagsAny = tagsAny ?? []
        m.tagsNone = tagsNone ?? []
        m.softwareVersion = softwareVersion ?? []
        m.parameters = parameters ?? []
        m.patternLocations = patternLocations
        return m
    }
}

struct TriggersFragment: Sendable {
    var events: [(code: String, required: Bool)]?
    var scheduleDuration: Int?
    var scheduleCron: String?
    var scheduleLocation: RuleLocation?
    var channel: String?
    var weight: Int?

    func merged(with later: TriggersFragment) -> TriggersFragment {
        var out = self
        if let e = later.events { out.events = e }
        if later.scheduleCron != nil || later.scheduleDuration != nil {
            out.scheduleDuration = later.scheduleDuration
            out.scheduleCron = later.scheduleCron
            out.scheduleLocation = later.scheduleLocation
        }
        out.channel = later.channel ?? channel
        out.weight = later.weight ?? weight
        return out
    }

    var resolved: Triggers {
        var t = Triggers()
        t.events = events ?? []
        t.scheduleDuration = scheduleDuration
        t.scheduleCron = scheduleCron
        t.scheduleLocation = scheduleLocation
        t.channel = channel
        t.weight = weight
        return t
    }
}
