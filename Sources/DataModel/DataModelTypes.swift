/// The base types of the BBF data-model language (cwmp-datamodel-1-14.xsd, `BuiltinTypeName`).
public enum BaseType: String, Sendable, Hashable, Codable, CaseIterable {
    case string, int, unsignedInt, long, unsignedLong, boolean, dateTime, base64, hexBinary, decimal
}

/// Whether an item is current or on its way out (cwmp-datamodel-1-14.xsd, `Status`), in increasing severity.
public enum ItemStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case current, deprecated, obsoleted, deleted

    /// `deleted` > `obsoleted` > `deprecated` > `current`, the order bbfreport's `StatusEnum` uses to
    /// pick the most severe status of an item and its ancestors (bbfreport/node.py:1377-1410).
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .current: 0
        case .deprecated: 1
        case .obsoleted: 2
        case .deleted: 3
        }
    }
}

/// Who may write a parameter.
public enum ParameterAccess: String, Sendable, Hashable, Codable, CaseIterable {
    case readOnly, readWrite, writeOnceReadOnly
}

/// A `size` facet: string length bounds (inclusive).
public struct SizeFacet: Sendable, Hashable, Codable {
    public var minLength: Int
    public var maxLength: Int?

    public init(minLength: Int = 0, maxLength: Int? = nil) {
        self.minLength = minLength
        self.maxLength = maxLength
    }

    public func contains(_ length: Int) -> Bool { length >= minLength && (maxLength.map { length <= $0 } ?? true) }

    public var description: String { "\(minLength)..\(maxLength.map(String.init) ?? "")" }
}

/// A `range` facet: numeric bounds (inclusive) and step. Decimal bounds are kept as text.
public struct RangeFacet: Sendable, Hashable, Codable {
    public var minInclusive: String?
    public var maxInclusive: String?
    public var step: String?

    public init(minInclusive: String? = nil, maxInclusive: String? = nil, step: String? = nil) {
        self.minInclusive = minInclusive
        self.maxInclusive = maxInclusive
        self.step = step
    }

    public var description: String {
        "\(minInclusive ?? "")..\(maxInclusive ?? "")" + (step.map { " step \($0)" } ?? "")
    }
}

/// A `list` element: the value is a comma-separated list of items of the syntax's type.
public struct ListFacet: Sendable, Hashable, Codable {
    public var minItems: Int
    public var maxItems: Int?
    /// Size facets on the whole list string.
    public var sizes: [SizeFacet]
    /// When each item is itself a list (the parameter's `list` over a list-valued dataType, as
    /// TR-181's `PSM` over `PSMBreakPointIndexAndLevel`, tr-181-2-17-0-cwmp-full.xml:31955, 1060):
    /// the inner list's bounds.
    public var inner: InnerList?
    /// How the inner lists are written (cwmp-datamodel-1-14.xsd:201-222, `ListNesting`).
    public var nesting: ListNesting

    public init(
        minItems: Int = 0,
        maxItems: Int? = nil,
        sizes: [SizeFacet] = [],
        inner: InnerList? = nil,
        nesting: ListNesting = .legacy
    ) {
        self.minItems = minItems
        self.maxItems = maxItems
        self.sizes = sizes
        self.inner = inner
        self.nesting = nesting
    }

    /// The bounds of each inner list of a list of lists.
    public struct InnerList: Sendable, Hashable, Codable {
        public var minItems: Int
        public var maxItems: Int?
        public var sizes: [SizeFacet]

        public init(minItems: Int = 0, maxItems: Int? = nil, sizes: [SizeFacet] = []) {
            self.minItems = minItems
            self.maxItems = maxItems
            self.sizes = sizes
        }
    }
}

/// A list's `nestedBrackets` attribute (cwmp-datamodel-1-14.xsd:201-222, default `legacy` at :1611):
/// how a list whose items are lists separates them.
public enum ListNesting: String, Sendable, Hashable, Codable, CaseIterable {
    /// Inner commas are escaped (`10%2C500,20%2C600`).
    case legacy
    /// Either the escaped form or the bracketed one.
    case permitted
    /// Only the bracketed form: `[10,500],[20,600]`.
    case required
}

/// A parameter's resolved syntax: base type plus every facet, with dataType chains merged in.
public struct Syntax: Sendable, Hashable, Codable {
    public var base: BaseType
    /// The named dataType the syntax refers to (`MACAddress`), if any.
    public var dataType: String? {
        didSet { ipForm = IPTextForm(dataType: dataType) }
    }
    /// The IP text rule of ``dataType`` (`IPAddress`, `IPv4Prefix` …), decided once.
    var ipForm: IPTextForm?
    public var list: ListFacet?
    public var sizes: [SizeFacet]
    public var ranges: [RangeFacet]
    public var enumerations: [String]
    /// XSD regular expressions as written in the model; OR-ed, implicitly anchored.
    public var patterns: [String]
    public var hidden: Bool
    public var secured: Bool
    public var command: Bool
    public var defaultValue: String?
    /// Enumeration values whose own `status` is not current (`DHCP`, deleted in TR-181 2.17), by value.
    /// They stay in ``enumerations``: reporting one is a status finding, not a wrong value.
    public var enumerationStatus: [String: ItemStatus] {
        get { rare?.facets.enumerationStatus ?? [:] }
        set { updateRare { $0.enumerationStatus = newValue } }
    }
    /// Patterns whose own `status` is not current (TR-098's `Count`, deprecated), by pattern source.
    public var patternStatus: [String: ItemStatus] {
        get { rare?.facets.patternStatus ?? [:] }
        set { updateRare { $0.patternStatus = newValue } }
    }
    /// Enumeration values the model marks `access="readOnly"` (cwmp-datamodel-1-14.xsd:771-781,
    /// BaseAccessFacet, default `readWrite`): the CPE may report them, an ACS may not set them —
    /// `DiagnosticsState` `None`, `Complete`, `Error` (tr-181-2-17-0-cwmp-full.xml:183-187).
    public var readOnlyEnumerations: Set<String> {
        get { rare?.facets.readOnlyEnumerations ?? [] }
        set { updateRare { $0.readOnlyEnumerations = newValue } }
    }
    /// The allowed values come from another, list-valued parameter (`enumerationRef`).
    public var enumerationRef: EnumerationReference? {
        get { rare?.facets.enumerationRef }
        set { updateRare { $0.enumerationRef = newValue } }
    }
    /// The value is the path of another item (`pathRef`).
    public var pathRef: PathReference? {
        get { rare?.facets.pathRef }
        set { updateRare { $0.pathRef = newValue } }
    }
    /// The four facets above, which few parameters have, behind one reference: every lookup of a
    /// parameter copies its syntax, and the validator looks up one per entry.
    private var rare: RareFacets.Box?

    private mutating func updateRare(_ change: (inout RareFacets) -> Void) {
        var facets = rare?.facets ?? RareFacets()
        change(&facets)
        rare = facets == RareFacets() ? nil : .init(facets)
    }

    public init(
        base: BaseType,
        dataType: String? = nil,
        list: ListFacet? = nil,
        sizes: [SizeFacet] = [],
        ranges: [RangeFacet] = [],
        enumerations: [String] = [],
        patterns: [String] = [],
        hidden: Bool = false,
        secured: Bool = false,
        command: Bool = false,
        defaultValue: String? = nil,
        enumerationStatus: [String: ItemStatus] = [:],
        patternStatus: [String: ItemStatus] = [:],
        enumerationRef: EnumerationReference? = nil,
        pathRef: PathReference? = nil
    ) {
        self.base = base
        self.dataType = dataType
        self.ipForm = IPTextForm(dataType: dataType)
        self.list = list
        self.sizes = sizes
        self.ranges = ranges
        self.enumerations = enumerations
        self.patterns = patterns
        self.hidden = hidden
        self.secured = secured
        self.command = command
        self.defaultValue = defaultValue
        let facets = RareFacets(
            enumerationStatus: enumerationStatus,
            patternStatus: patternStatus,
            enumerationRef: enumerationRef,
            pathRef: pathRef
        )
        self.rare = facets == RareFacets() ? nil : .init(facets)
    }

    /// The `xsi:type` a CPE should send: a list is a comma-separated `xsd:string`.
    public var wireType: BaseType { list == nil ? base : .string }

    /// The lexical forms of the null value of the type (TR-106 A.2.3.5): what hidden, secured and
    /// command parameters read back.
    public var nullValues: [String] {
        guard list == nil else { return [""] }
        switch base {
        case .string, .base64, .hexBinary: return [""]
        case .int, .unsignedInt, .long, .unsignedLong, .decimal: return ["0"]
        case .boolean: return ["false", "0"]
        case .dateTime: return ["0001-01-01T00:00:00Z"]
        }
    }
}

/// An object (or table, when its path ends in `{i}.`) of a data model.
public struct ObjectDefinition: Sendable, Hashable, Codable {
    /// Generic path, `Device.IP.Interface.{i}.`.
    public var path: String
    /// `readWrite` on a table: the ACS may add and delete instances.
    public var writable: Bool
    public var minEntries: Int
    /// nil means unbounded.
    public var maxEntries: Int?
    public var numEntriesParameter: String?
    /// The effective status: the object's own, or the most severe of its ancestors' (see
    /// ``statusInheritedFrom``).
    public var status: ItemStatus
    /// The ancestor object whose status ``status`` is, when it is more severe than the object's own.
    public var statusInheritedFrom: String?
    public var version: String?
    /// Line in the model file.
    public var line: Int
    /// The table's unique keys (cwmp-datamodel-1-14.xsd:861-867).
    public var uniqueKeys: [UniqueKey] = []
    /// The parameter that enables a row (`Enable`): a functional key binds only enabled rows.
    public var enableParameter: String? = nil

    public var isTable: Bool { path.hasSuffix("{i}.") }
}

/// A `uniqueKey` of a table: the values of its parameters together MUST differ between rows — all
/// rows for a non-functional key or a table without an enableParameter, enabled rows otherwise
/// (cwmp-datamodel-1-14.xsd:861-867).
public struct UniqueKey: Sendable, Hashable, Codable {
    /// Parameter names, relative to the row (`MACAddress`).
    public var parameters: [String]
    public var functional: Bool

    public init(parameters: [String], functional: Bool) {
        self.parameters = parameters
        self.functional = functional
    }
}

/// A parameter of a data model.
public struct ParameterDefinition: Sendable, Hashable, Codable {
    /// Generic path, `Device.IP.Interface.{i}.Enable`.
    public var path: String
    public var access: ParameterAccess
    public var syntax: Syntax
    /// The effective status: the parameter's own, or the most severe of its objects' (see
    /// ``statusInheritedFrom``).
    public var status: ItemStatus
    /// The ancestor object whose status ``status`` is, when it is more severe than the parameter's own.
    public var statusInheritedFrom: String?
    public var version: String?
    public var forcedInform: Bool
    /// Line in the model file.
    public var line: Int
}

/// One Broadband Forum data model (TR-181, TR-098 or the TR-104 service model), resolved.
public struct DataModel: Sendable, Hashable, Codable {
    /// `Device:2.17`, `InternetGatewayDevice:1.14`, `VoiceService:2.0`.
    public var name: String
    /// `urn:broadband-forum-org:tr-181-2-17-0-cwmp`.
    public var spec: String
    /// The file it was loaded from.
    public var file: String
    /// A service model (TR-104) is mounted under a root model's `Services.` object.
    public var isService: Bool
    public var objects: [String: ObjectDefinition]
    public var parameters: [String: ParameterDefinition]

    /// `Device.`, `InternetGatewayDevice.`, `VoiceService.`.
    public var rootPath: String { (name.split(separator: ":").first.map(String.init) ?? name) + "." }

    /// `2.17` from `Device:2.17`.
    public var version: String { name.split(separator: ":").dropFirst().first.map(String.init) ?? "" }

    /// A short label for messages: `TR-181 2.17`.
    public var label: String {
        // spec: urn:broadband-forum-org:tr-181-2-17-0-cwmp → "181"
        let parts = spec.split(separator: ":").last?.split(separator: "-") ?? []
        if parts.count >= 2, parts[0] == "tr" { return "TR-\(parts[1]) \(version)" }
        return name
    }
}
