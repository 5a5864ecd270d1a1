extension Diagnostic.Code {
    /// A file or directory could not be read (missing, a permission, not UTF-8 text).
    public static let unreadable = Self(rawValue: "unreadable")
    /// The text is not valid YAML.
    public static let yaml = Self(rawValue: "yaml")
    /// A mapping names the same key twice.
    public static let duplicateKey = Self(rawValue: "duplicate-key")
    /// A YAML alias (`*name`): Ferrule files do not use anchors and aliases (``YAMLComposer``).
    public static let yamlAlias = Self(rawValue: "yaml-alias")
    /// A single value longer than ``YAMLValueLimit/maxBytes``.
    public static let valueTooLarge = Self(rawValue: "value-too-large")
    /// A key the format does not have.
    public static let unknownKey = Self(rawValue: "unknown-key")
    /// A value of the wrong shape (a list where a single value belongs …).
    public static let wrongType = Self(rawValue: "wrong-type")
    /// A number outside its range.
    public static let outOfRange = Self(rawValue: "out-of-range")
    /// A value the field does not accept.
    public static let badValue = Self(rawValue: "bad-value")
    /// A required field is missing.
    public static let missingField = Self(rawValue: "missing-field")
    /// A `${…}` template that cannot be read.
    public static let badTemplate = Self(rawValue: "bad-template")
    /// A `${name}` no variables file defines.
    public static let unknownVariable = Self(rawValue: "unknown-variable")
    /// The file is empty where content is required.
    public static let empty = Self(rawValue: "empty")
    /// A rule or virtual parameter name that is not `a-z0-9-_` starting with a letter.
    public static let badName = Self(rawValue: "bad-name")
    /// An OUI that is not six hex digits.
    public static let badOUI = Self(rawValue: "bad-oui")
    /// A parameter path outside `Device.` and `InternetGatewayDevice.`, or not a path at all.
    public static let badPath = Self(rawValue: "bad-path")
}
