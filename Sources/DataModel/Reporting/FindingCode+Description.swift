extension FindingCode {
    /// One sentence on what the rule checks (SARIF `shortDescription`, JUnit and docs).
    public var summary: String {
        switch self {
        case .unknownParameter: "The path is not defined by the data model (vendor X_ names are reported as info)."
        case .typeMismatch: "The reported xsi:type is not the data model's type for the parameter."
        case .invalidLexicalValue: "The value is not a valid lexical form of the parameter's type."
        case .outOfRange: "The number is outside every range the data model allows (or off its step)."
        case .notInEnumeration: "The value is not one of the parameter's enumerated values."
        case .patternMismatch: "The value matches none of the parameter's patterns."
        case .sizeViolation: "The value's length is outside the parameter's size limits."
        case .listViolation: "The comma-separated list has too few or too many items, or is too long."
        case .writableMismatch: "The reported writability disagrees with the data model's access."
        case .instanceCount: "The table has fewer instances than minEntries or more than maxEntries."
        case .entriesCount: "A …NumberOfEntries parameter disagrees with the table instances present."
        case .missingInformParameter: "The Inform lacks a parameter the data model marks forcedInform."
        case .deprecated: "The item is deprecated in the data model."
        case .obsolete: "The item is obsoleted or deleted in the data model."
        case .objectMismatch: "The entry is an object where the data model has a parameter, or the reverse."
        case .deprecatedValue: "The value is an enumeration value or pattern the data model marks deprecated."
        case .obsoleteValue: "The value is an enumeration value or pattern the data model marks obsoleted or deleted."
        case .invalidIPAddress:
            "The value breaks the text rules of its IP data type (dotted-decimal IPv4, RFC 4291 IPv6, no zone, CIDR prefix)."
        case .invalidInstanceNumber: "An instance number in the path is outside 1..4294967295."
        case .notInEnumerationRef:
            "The value is not among the current values of the parameter its enumerationRef names."
        case .invalidReference:
            "The value is not the path of an item of the kind (a table row …) and place its pathRef allows."
        case .hiddenValue:
            "A hidden, secured or command parameter reads back something other than its type's null value (a leak)."
        case .serviceNotLoaded:
            "The entries are under a service object (Services.StorageService …) whose model is not loaded, so not checked."
        case .modelNotLoaded:
            "The device implements another major version of its root model (DeviceSummary Device:1) than the loaded one, so the tree is not checked."
        case .duplicateKey: "Two rows of a table have the same values of one of its unique keys."
        case .duplicateParameter:
            "The source reports the parameter more than once; each copy is checked, and GenieACS stores only one."
        default: "Finding \(rawValue)."
        }
    }

    /// The severity the validator gives the code by default (``FindingCode/all``); error when unknown.
    public var defaultSeverity: Severity {
        Self.all.first { $0.0 == self }?.1 ?? .error
    }
}
