import FerruleCore

/// A rule's actions lowered to what its provision does on a device, once: the JavaScript renderer
/// (``ProvisionBuilder``) writes it as `declare()` calls and the evaluator (``ActionInterpreter``)
/// interprets it against a parameter tree. Action semantics (which paths, values, types, instances,
/// per data-model root) are decided in ``ActionLowering`` and nowhere else.
struct LoweredProvision: Sendable {
    /// Version conditions checked first, version-aware; the provision returns early when one fails.
    var versionGate: [VersionCondition]
    /// Whether the script decides the data-model root (`Device` or `InternetGatewayDevice`).
    var usesRoot: Bool
    var steps: [ProvisionStep]
}

/// One step of a provision, in the order it runs.
indirect enum ProvisionStep: Sendable {
    /// `declare(path, timestamps, {value: …})`.
    case declare(LoweredDeclaration)
    /// Re-read a parameter, or every level below an object (path ending in `.`), at most once per
    /// interval, spread per device.
    case refresh(path: String, everySeconds: Int)
    /// One instance of a table whose keys have these values exists (AddObject when none has, extra
    /// matches deleted); `body` declares below it through ``LoweredPath/under(_:_:)`` with
    /// ``Binding/instance``.
    case ensureInstance(EnsureInstance)
    /// Every instance whose keys have these values is deleted.
    case deleteInstances(table: String, keys: [(String, LoweredValue)])
    /// Different steps for TR-181 (`Device`) and TR-098 (`InternetGatewayDevice`) devices.
    case byRoot(tr181: [ProvisionStep], tr098: [ProvisionStep])
    /// `then` on a device that has the object (`Device.Time.Client.`, a table ending in `.`),
    /// `otherwise` on one that has not: a setting whose object a newer model version added.
    case ifObjectExists(String, then: [ProvisionStep], otherwise: [ProvisionStep])
    /// Steps whose paths belong to one data-model root, run only on devices with that root.
    case forRoot(DataModelRoot, [ProvisionStep])
    /// The first instance of a table whose key has a value; `body` runs only when there is one.
    case lookup(Lookup, body: [ProvisionStep])
    /// Steps chosen by a value's text; `otherwise` when no case matches.
    case choose(LoweredValue, cases: [(String, [ProvisionStep])], otherwise: [ProvisionStep])
    /// A `log()` line (the access log); parts are concatenated.
    case log([LoweredValue])
    /// Raw JavaScript written in the rule, inserted as its own block; not interpreted.
    case script(String)
    /// Another provision the preset runs (a separate configuration); not interpreted.
    case provisionCall(name: String)
}

/// A named thing a step's paths can be relative to.
enum Binding: String, Sendable, Hashable {
    /// The instance an ``ProvisionStep/ensureInstance(_:)`` keeps or adds.
    case instance
    case radio
    case ssidObject
    case accessPoint
    /// The value a ``ProvisionStep/choose(_:cases:otherwise:)`` switches on.
    case mode
}

/// Where a declaration points.
enum LoweredPath: Sendable, Hashable {
    /// A fixed path (`Device.X.Y`, `Tags.x`, `Reboot`).
    case absolute(String)
    /// Below the data-model root the script decided (`<root>.ManagementServer.X`).
    case underRoot(String)
    /// Below a bound object (`<instance>.Enable`, `<radio>.Channel`); the leaf has no leading dot.
    case under(Binding, String)
}

/// A declared value.
enum LoweredValue: Sendable {
    /// A rule value: literals, variables already resolved, secrets (`args[n]`), device fields,
    /// other parameters, functions.
    case template(RuleValue)
    /// Rule values joined by a separator (`a,b`: the TR-181 NTP client's server list).
    case list([RuleValue], separator: String)
    case text(String)
    case boolean(Bool)
    /// A fixed time in milliseconds since the epoch (a `reboot`'s `since`).
    case fixedTime(milliseconds: Int)
    /// The start of the current interval, spread per device (`Date.now(ms)`).
    case spreadTime(milliseconds: Int)
    /// The value of the enclosing ``ProvisionStep/choose(_:cases:otherwise:)``.
    case chosen
}

/// How a declared value is typed.
enum LoweredType: Sendable, Hashable {
    /// `[value, "xsd:type"]`.
    case xsd(String)
    /// `[value]`: the device's own type is kept.
    case device
    /// The bare value (`Tags.x`, `Reboot`, `Downloads.n.Download`).
    case bare

    var name: String? {
        if case .xsd(let name) = self { return name }
        return nil
    }
}

/// `declare(path, {value: 1} | null, {value: …})`.
struct LoweredDeclaration: Sendable {
    var path: LoweredPath
    var value: LoweredValue
    var type: LoweredType
    /// `null` timestamps (a trigger such as `Reboot`) instead of `{value: 1}`.
    var fetchesValue = true
}

/// An instance found or added by alias keys.
struct EnsureInstance: Sendable {
    /// The table, ending in `.` (`Device.Time.Client.`).
    var table: String
    var keys: [(String, LoweredValue)]
    /// Declarations below the instance.
    var body: [LoweredDeclaration]
    /// The alias path is written out in every declaration (fixed keys) rather than bound once.
    var spelledOut: Bool
}

/// `declare(table.[key:value], {path: 1})`: the first instance whose key equals a value.
struct Lookup: Sendable {
    var binding: Binding
    var table: String
    var key: String
    var equals: Target
    /// Also fetch the matched object's values (`{path: 1, value: 1}`).
    var fetchesValue: Bool

    enum Target: Sendable {
        case text(String)
        /// The path of another bound object (`LowerLayers` = the radio's path).
        case pathOf(Binding)
    }
}

// MARK: - Parameters read on the device

extension TemplatePart {
    /// The `${param:…}` paths this part reads on the device, in order.
    var parameterPaths: [String] {
        switch self {
        case .parameter(let path): [path]
        case .function(_, let args): args.flatMap(\.parameterPaths)
        default: []
        }
    }
}

extension LoweredValue {
    /// The `${param:…}` paths the value reads on the device, each once, in order. A step that
    /// reads one the device has no value for is not made (``ProvisionStep``): the provision checks
    /// them with `hasValue()` and the evaluator reports it skipped.
    var parameterPaths: [String] {
        let all: [String] =
            switch self {
            case .template(let value): value.parts.flatMap(\.parameterPaths)
            case .list(let values, _): values.flatMap { $0.parts.flatMap(\.parameterPaths) }
            default: []
            }
        var seen: Set<String> = []
        return all.filter { seen.insert($0).inserted }
    }

    /// The paths several values read, each once, in order.
    static func parameterPaths(_ values: [LoweredValue]) -> [String] {
        var seen: Set<String> = []
        return values.flatMap(\.parameterPaths).filter { seen.insert($0).inserted }
    }
}
