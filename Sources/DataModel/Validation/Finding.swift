public import CWMP

/// How much a finding matters. CI fails on errors (and on warnings under `--strict`).
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The stable code of a finding: what rule was broken.
public struct FindingCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The path is not in the model (info for vendor `X_` names, which are counted).
    public static let unknownParameter = FindingCode(rawValue: "unknown-parameter")
    /// The declared `xsi:type` is not the model's type.
    public static let typeMismatch = FindingCode(rawValue: "type-mismatch")
    /// The value is not a lexical form of the model's type.
    public static let invalidLexicalValue = FindingCode(rawValue: "invalid-lexical-value")
    /// A number outside every `range` facet (or off its `step`).
    public static let outOfRange = FindingCode(rawValue: "out-of-range")
    /// A value that is not one of the enumeration's values.
    public static let notInEnumeration = FindingCode(rawValue: "not-in-enumeration")
    /// A value that matches none of the `pattern` facets.
    public static let patternMismatch = FindingCode(rawValue: "pattern-mismatch")
    /// A string (or binary) length outside the `size` facets.
    public static let sizeViolation = FindingCode(rawValue: "size-violation")
    /// A list with too few or too many items, or too long as a whole.
    public static let listViolation = FindingCode(rawValue: "list-violation")
    /// Reported writability disagrees with the model's access.
    public static let writableMismatch = FindingCode(rawValue: "writable-mismatch")
    /// A table has fewer than minEntries or more than maxEntries instances.
    public static let instanceCount = FindingCode(rawValue: "instance-count")
    /// A `…NumberOfEntries` parameter disagrees with the instances present.
    public static let entriesCount = FindingCode(rawValue: "entries-count")
    /// An Inform lacks a parameter the model marks `forcedInform`.
    public static let missingInformParameter = FindingCode(rawValue: "missing-inform-parameter")
    /// The item is deprecated in the model.
    public static let deprecated = FindingCode(rawValue: "deprecated")
    /// The item is obsoleted (or deleted) in the model.
    public static let obsolete = FindingCode(rawValue: "obsolete")
    /// A tree entry is an object where the model has a parameter, or the reverse.
    public static let objectMismatch = FindingCode(rawValue: "object-mismatch")
    /// An enumeration value (or pattern) the model marks deprecated.
    public static let deprecatedValue = FindingCode(rawValue: "deprecated-value")
    /// An enumeration value (or pattern) the model marks obsoleted (info) or deleted (error).
    public static let obsoleteValue = FindingCode(rawValue: "obsolete-value")
    /// A value of an IP data type (`IPAddress`, `IPv4Prefix` …) that breaks the type's text rules.
    public static let invalidIPAddress = FindingCode(rawValue: "invalid-ip-address")
    /// An instance number outside 1…4294967295 (a table row is an unsignedInt, never 0).
    public static let invalidInstanceNumber = FindingCode(rawValue: "invalid-instance-number")
    /// A value missing from the list-valued parameter its `enumerationRef` names (and not its nullValue).
    public static let notInEnumerationRef = FindingCode(rawValue: "not-in-enumeration-ref")
    /// A `pathRef` value that names no item of the referenced kind (a table row …) where the model allows.
    public static let invalidReference = FindingCode(rawValue: "invalid-reference")
    /// A hidden, secured or command parameter that reads back something other than its null value.
    public static let hiddenValue = FindingCode(rawValue: "hidden-value")
    /// Two rows of a table with the same values of a `uniqueKey`.
    public static let duplicateKey = FindingCode(rawValue: "duplicate-key")
    /// A parameter reported twice in one source (two ParameterValueStructs with one Name, two CSV rows).
    public static let duplicateParameter = FindingCode(rawValue: "duplicate-parameter")
    /// Entries under a service object (`Device.Services.StorageService.`) whose model is not loaded.
    public static let serviceNotLoaded = FindingCode(rawValue: "service-not-loaded")
    /// A tree whose DeviceSummary names another major version of its root model than the loaded
    /// one (`Device:1.4` with TR-181 2.17 loaded): its entries are not checked.
    public static let modelNotLoaded = FindingCode(rawValue: "model-not-loaded")

    /// Every code, with its default severity.
    public static let all: [(FindingCode, Severity)] = [
        (.unknownParameter, .error), (.typeMismatch, .warning), (.invalidLexicalValue, .error), (.outOfRange, .error),
        (.notInEnumeration, .error), (.patternMismatch, .error), (.sizeViolation, .error), (.listViolation, .error),
        (.writableMismatch, .warning), (.instanceCount, .error), (.entriesCount, .warning),
        (.missingInformParameter, .error), (.deprecated, .info), (.obsolete, .info), (.objectMismatch, .error),
        (.deprecatedValue, .info), (.obsoleteValue, .info), (.invalidIPAddress, .error),
        (.invalidInstanceNumber, .error), (.notInEnumerationRef, .warning), (.invalidReference, .warning),
        (.hiddenValue, .warning), (.serviceNotLoaded, .warning), (.modelNotLoaded, .warning),
        (.duplicateKey, .error), (.duplicateParameter, .warning),
    ]
}

/// One problem the validator found in a parameter tree.
public struct Finding: Sendable, Hashable, Codable {
    public var code: FindingCode
    public var severity: Severity
    /// The instance path as the device reported it.
    public var path: String
    /// The reported value, when the finding is about it. Secrets are never stored here.
    public var value: String?
    /// What the model expects, in words (`1..165`, `one of Up, Down`).
    public var expected: String
    /// The model that was checked against (`TR-181 2.17`).
    public var model: String?
    /// Where the entry came from (file:line for XML, row for CSV).
    public var location: TreeLocation?

    public init(
        code: FindingCode,
        severity: Severity,
        path: String,
        value: String? = nil,
        expected: String,
        model: String? = nil,
        location: TreeLocation? = nil
    ) {
        self.code = code
        self.severity = severity
        self.path = path
        self.value = value
        self.expected = expected
        self.model = model
        self.location = location
    }
}
