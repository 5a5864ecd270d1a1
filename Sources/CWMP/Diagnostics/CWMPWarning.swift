/// Something in a message broke the CWMP schema but was accepted, as a real ACS must.
///
/// Each warning has a stable ``code`` that tests, tools and CI filters can match on.
public struct CWMPWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable warning codes; the catalogue in `docs/cwmp.md` lists the quirks behind each.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The Envelope has no SOAP Header (no `ID`).
        public static let missingHeader = Code(rawValue: "missing-header")
        /// A SOAP array's declared count differs from the number of items.
        public static let arrayCountMismatch = Code(rawValue: "array-count-mismatch")
        /// A SOAP array's count has leading zeros (`[0008]`).
        public static let arrayCountPadded = Code(rawValue: "array-count-padded")
        /// A SOAP array's declared item type is not the one the schema fixes.
        public static let arrayTypeMismatch = Code(rawValue: "array-type-mismatch")
        /// A SOAP array has no usable `arrayType` attribute.
        public static let arrayTypeMissing = Code(rawValue: "array-type-missing")
        /// A `Value` has no `xsi:type`; it is read as `xsd:string`.
        public static let missingXSIType = Code(rawValue: "missing-xsi-type")
        /// A type name in the wrong case (`xsd:unsignedint`).
        public static let typeCase = Code(rawValue: "type-case")
        /// A boolean, int, unsignedInt or dateTime `xsi:type` not spelled `xsd:<type>` (`xs:boolean`,
        /// `unsignedInt`): GenieACS 1.2.16 keeps such a value as text (lib/soap.ts:171-201).
        public static let typeSpelling = Code(rawValue: "type-spelling")
        /// A ParameterValueStruct without its `Value` element.
        public static let missingValue = Code(rawValue: "missing-value")
        /// `mustUnderstand` given as `true`/`false` instead of `1`/`0`.
        public static let mustUnderstandNonstandard = Code(rawValue: "must-understand-nonstandard")
        /// C0 control characters were removed so the document could be read.
        public static let strippedControlCharacters = Code(rawValue: "stripped-control-characters")
        /// White space before the XML declaration or root element was skipped.
        public static let leadingWhitespace = Code(rawValue: "leading-whitespace")
        /// A bare `&` or an undefined entity was kept as literal text.
        public static let escapedAmpersand = Code(rawValue: "escaped-ampersand")
        /// A `&#…;` libxml2 refuses, read as GenieACS decodes it.
        public static let characterReferenceRewritten = Code(rawValue: "character-reference-rewritten")
        /// A `<` inside an attribute value was accepted.
        public static let escapedLessThanInAttribute = Code(rawValue: "escaped-less-than-in-attribute")
        /// A body declared US-ASCII holds bytes over 0x7F: it was read as ISO-8859-1. (A UTF-8 body
        /// is not: see ``invalidUTF8Replaced``.)
        public static let invalidUTF8AsLatin1 = Code(rawValue: "invalid-utf8-as-latin1")
        /// A UTF-8 body (named or assumed) holds invalid byte sequences: each became U+FFFD, as
        /// GenieACS 1.2.16 decodes it (Node's `Buffer.toString`, lib/cwmp.ts:1312-1314).
        public static let invalidUTF8Replaced = Code(rawValue: "invalid-utf8-replaced")
        /// A CWMP namespace URN no Broadband Forum schema defines (`cwmp-1-3`, `cwmp-1-4`).
        public static let nonstandardCWMPNamespace = Code(rawValue: "nonstandard-cwmp-namespace")
        /// No CWMP namespace could be found, or an unknown one.
        public static let unknownCWMPNamespace = Code(rawValue: "unknown-cwmp-namespace")
        /// Envelope, Header or Body not in the SOAP 1.1 envelope namespace.
        public static let envelopeNamespace = Code(rawValue: "envelope-namespace")
        /// A TransferComplete `FaultStruct` given as text (`<FaultStruct>0</FaultStruct>`).
        public static let faultStructAsText = Code(rawValue: "fault-struct-as-text")
        /// A required element is missing; a default was used.
        public static let missingElement = Code(rawValue: "missing-element")
        /// A number or boolean field could not be read; a default was used.
        public static let invalidNumber = Code(rawValue: "invalid-number")
        /// A parameter name with a leading dot: GenieACS 1.2.16 drops the parameter
        /// (lib/soap.ts:202-210), and a tree leaves it out.
        public static let leadingDotInName = Code(rawValue: "leading-dot-in-name")
        /// `]]>` in character data, which XML forbids; read as text, as GenieACS 1.2.16 reads it.
        public static let cdataEndInText = Code(rawValue: "cdata-end-in-text")
        /// CR in a value, read as LF by XML end-of-line handling; GenieACS 1.2.16 keeps it.
        public static let carriageReturnInText = Code(rawValue: "carriage-return-in-text")
        /// U+FFFE or U+FFFF, which XML forbids, read as U+FFFD; GenieACS 1.2.16 keeps them.
        public static let nonCharacterReplaced = Code(rawValue: "non-character-replaced")
        /// An attribute repeated in one start tag (a namespace declared twice, two `xsi:type`s),
        /// which XML forbids: the first is read, as GenieACS 1.2.16 reads it (lib/soap.ts:131-136,
        /// 873-888).
        public static let duplicateAttribute = Code(rawValue: "duplicate-attribute")
        /// An attribute without quotes (`mustUnderstand=1`) or without a value, which XML forbids:
        /// read as if quoted, as GenieACS 1.2.16's parser steps over it (lib/xml-parser.ts:150-330).
        public static let unquotedAttribute = Code(rawValue: "unquoted-attribute")
        /// A comment inside an element's text: kept in the text as written, as GenieACS 1.2.16
        /// keeps it (lib/xml-parser.ts:262, 272-277), where XML drops it.
        public static let commentInText = Code(rawValue: "comment-in-text")
        /// A parameter name with an empty segment or a character outside `[A-Za-z0-9_-]`:
        /// GenieACS 1.2.16 drops the parameter (lib/common/path.ts:22-30, 176-182), and a tree leaves it out.
        public static let invalidParameterName = Code(rawValue: "invalid-parameter-name")
        /// The RPC is not one TR-069 defines; it was read generically.
        public static let unknownMethod = Code(rawValue: "unknown-method")
        /// A child of an RPC element is namespace-qualified (the schema says unqualified).
        public static let qualifiedChild = Code(rawValue: "qualified-child")
        /// A second element (a second SOAP Envelope) follows the first in the body; only the first
        /// was read, as GenieACS 1.2.16 reads it (lib/soap.ts:839-843).
        public static let trailingElement = Code(rawValue: "trailing-element")
        /// A DeviceId OUI that is not six upper-case hex digits.
        public static let invalidOUI = Code(rawValue: "invalid-oui")
        /// A protocol dateTime field that is not a valid xsd:dateTime.
        public static let invalidDateTime = Code(rawValue: "invalid-date-time")
        /// The Body holds more than one element; the first is the RPC.
        public static let extraBodyElements = Code(rawValue: "extra-body-elements")
        /// The Envelope holds two Headers or two Bodies, or the Header two IDs: the last was read,
        /// as GenieACS reads it (1.2.16 lib/soap.ts:847-863).
        public static let repeatedElement = Code(rawValue: "repeated-element")
        /// A ParameterValueStruct repeats the Name of an earlier one in the same list (Inform,
        /// GetParameterValuesResponse); the message says which copy GenieACS 1.2.16 stores.
        public static let repeatedParameter = Code(rawValue: "repeated-parameter")
        /// The Header follows the Body (SOAP 1.1 §4.1 puts it first); it was read anyway, as GenieACS reads it.
        public static let headerAfterBody = Code(rawValue: "header-after-body")
        /// An element where the schema allows none (a non-item child of an array) was ignored.
        public static let unexpectedElement = Code(rawValue: "unexpected-element")
        /// Repeated structs sent as items inside one element (`<Operations><InstallOpStruct>…`,
        /// `<Results><OpResultStruct>…`, `<Fault><FaultStruct>…`); each item was read.
        public static let wrappedItems = Code(rawValue: "wrapped-items")
        /// An EventStruct with more than one EventCode; each became an event with its CommandKey.
        /// GenieACS 1.2.16 records only the first (lib/soap.ts:88), so presets on the others never fire.
        public static let multipleEventCodes = Code(rawValue: "multiple-event-codes")
        /// A non-fatal libxml2 report (undeclared namespace prefix and the like).
        public static let xml = Code(rawValue: "xml")
        /// The character set was chosen by a fallback (declaration and content disagree).
        public static let charset = Code(rawValue: "charset")
        /// GenieACS 1.2.16 refuses this message (throws while reading it); Ferrule read it.
        public static let genieACSRefuses = Code(rawValue: "genieacs-refuses")
        /// A TransferComplete whose FaultCode is not exactly `0` (`" 0 "`, `"00"`, missing) but reads
        /// as 0: GenieACS 1.2.16 records the transfer as failed, fault `cwmp.<text>` (lib/session.ts:284-290).
        public static let genieACSTransferFault = Code(rawValue: "genieacs-transfer-fault")
        /// GenieACS 1.2.16 records another CWMP version for this Inform than the schemas give.
        public static let genieACSVersion = Code(rawValue: "genieacs-version")
        /// A name, event code or ID had white space around it: trimmed, where GenieACS keeps it.
        public static let surroundingWhitespace = Code(rawValue: "surrounding-whitespace")
    }

    public var code: Code
    public var message: String
    /// 1-based line in the document, when known.
    public var line: Int?
    /// 1-based byte column of the element's `<`, when known.
    public var column: Int?
    /// Slash-separated element path (`/Envelope/Body/Inform/DeviceId/OUI`), when known.
    public var path: String?

    public init(_ code: Code, _ message: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.path = path
    }

    public var description: String {
        var location = ""
        if let line { location += "line \(line)" + (column.map { ":\($0)" } ?? "") + ": " }
        return "\(location)warning[\(code)]: \(message)" + (path.map { " (at \($0))" } ?? "")
    }

    /// `:line:column`, `:line` or nothing: what follows a file name in `file:line:col: warning[…]`.
    public var locationSuffix: String {
        guard let line else { return "" }
        return ":\(line)" + (column.flatMap { $0 > 0 ? ":\($0)" : nil } ?? "")
    }
}
