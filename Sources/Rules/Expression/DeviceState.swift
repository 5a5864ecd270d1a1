public import CWMP

/// A device as a precondition sees it in one session: its parameter tree, tags, the events of the
/// Inform, its DeviceID and the session time.
///
/// Values are converted as GenieACS 1.2.16 stores a value a CPE reported (lib/soap.ts:159-201,
/// stored as parsed by lib/session.ts:2535-2548): only the exact type spellings convert —
/// `xsd:boolean` → boolean (`true`/`1`, `false`/`0` only, lib/soap.ts:79-83), `xsd:int` and
/// `xsd:unsignedInt` → number (`parseInt`), `xsd:dateTime` → milliseconds since the epoch. Anything
/// else stays a string: `xsd:long` (GenieACS keeps it as text), a type spelled otherwise
/// (`xsd:Int`, `xs:int`, `xsd:unsignedint`, kept in ``ParameterEntry/typeSpelling``) and a value
/// that does not convert (`TRUE`). A string ranks above every number and boolean in comparisons
/// (lib/common/expression/util.ts:56-64). A GenieACS NBI document keeps `_type` as stored, so its
/// values (JSON booleans and numbers under the exact types) evaluate as GenieACS stored them.
/// Objects and parameters without a value are NULL.
///
/// Special roots:
/// - `Tags.<tag>` is TRUE for each tag, named as GenieACS's `encodeTag` writes it
///   (``tagPathName(_:)``: `fw 2024` is `Tags.fw0x202024`);
/// - `Events.<code>` is the session time for each event of the Inform (whitespace in the code
///   becomes `_`: `Events.1_BOOT`), and `Events.Inform` is always present. GenieACS keeps `1 BOOT`,
///   `0 BOOTSTRAP` and `Registered` across sessions (`_lastBoot`, `_lastBootstrap`, `_registered`), so
///   `Events.1_BOOT` is set on a device that booted in any earlier session: give those times in
///   ``persistedEvents``;
/// - `DeviceID.ID`, `.Manufacturer`, `.OUI`, `.ProductClass`, `.SerialNumber` come from the fields
///   below when set, else from the tree.
public struct DeviceState: ExpressionEnvironment, Sendable, Hashable {
    public var tree: ParameterTree
    /// Tag names as stored on the device (`beta`, `fw-2024`).
    public var tags: Set<String>
    /// Event codes of the Inform as sent (`1 BOOT`, `M Reboot`).
    public var events: Set<String>
    /// Times (ms since the epoch) of events GenieACS remembers from earlier sessions, by code
    /// (`1 BOOT`, `0 BOOTSTRAP`, `Registered`); an event of this Inform takes precedence.
    public var persistedEvents: [String: Double]
    /// The session time GenieACS stored in the device's `Reboot` and `FactoryReset` when the ACS last
    /// sent one (lib/session.ts:2786-2806 at v1.2.16), by that name, in ms since the epoch.
    public var storedTriggerTimes: [String: Double] = [:]
    public var id: String?
    public var manufacturer: String?
    public var oui: String?
    public var productClass: String?
    public var serialNumber: String?
    /// Session time, milliseconds since the epoch.
    public var now: Double
    /// The project's virtual parameters by name: `VirtualParameters.<name>` the tree does not hold
    /// is computed from the tree as GenieACS runs its script (DeviceState+VirtualParameters.swift).
    public var virtualParameters: [String: VirtualParameter] = [:]

    public init(
        tree: ParameterTree = ParameterTree(),
        tags: Set<String> = [],
        events: Set<String> = [],
        persistedEvents: [String: Double] = [:],
        id: String? = nil,
        manufacturer: String? = nil,
        oui: String? = nil,
        productClass: String? = nil,
        serialNumber: String? = nil,
        now: Double = 0
    ) {
        self.tree = tree
        self.tags = tags
        self.events = events
        self.persistedEvents = persistedEvents
        self.id = id
        self.manufacturer = manufacturer
        self.oui = oui
        self.productClass = productClass
        self.serialNumber = serialNumber
        self.now = now
    }

    public func value(of path: String) -> ExpressionValue {
        if path.hasPrefix("Tags.") {
            let tag = path.dropFirst(5)
            return tags.contains { Self.tagPathName($0) == tag } ? .bool(true) : .null
        }
        if path.hasPrefix("Events.") {
            let name = path.dropFirst(7)
            if informEventNames.contains(String(name)) { return .number(now) }
            let remembered = persistedEvents.filter { Self.eventPathName($0.key) == name }.values.max()
            return remembered.map { .number($0) } ?? .null
        }
        if path.hasPrefix("DeviceID.") {
            let field: String? =
                switch path.dropFirst(9) {
                case "ID": id
                case "Manufacturer": manufacturer
                case "OUI": oui
                case "ProductClass": productClass
                case "SerialNumber": serialNumber
                default: nil
                }
            if let field { return .string(field) }
        }
        if let computed = computedVirtualParameter(path) { return computed }
        guard let entry = tree[path] else { return .null }
        return Self.value(of: entry)
    }

    /// A tree entry's value as GenieACS stores it (see the type's discussion).
    public static func value(of entry: ParameterEntry) -> ExpressionValue {
        guard !entry.isObject, let raw = entry.value else { return .null }
        // Only the exact spelling converts (lib/soap.ts:171, 181, 191).
        guard entry.typeSpelling == nil else { return .string(raw) }
        switch entry.type {
        case .boolean?:
            switch raw {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return .string(raw)
            }
        case .int?, .unsignedInt?:
            let x = JavaScript.parseInt(raw)
            return x.isNaN ? .string(raw) : .number(x)
        case .dateTime?:
            let number = JavaScript.toNumber(raw)
            if !number.isNaN { return .number(number) }
            if let time = CWMPDateTime(raw) { return .number(time.millisecondsSince1970) }
            return .string(raw)
        default:
            return .string(raw)
        }
    }

    /// The `Events.*` names this session's Inform sets: `Inform` always (lib/session.ts:189-196 at
    /// v1.2.16), and each event code with whitespace runs folded to `_` and then encoded as
    /// GenieACS's `encodeTag` does (lib/session.ts:199-208): `X 00E0FC Config.Changed` is
    /// `X_00E0FC_Config0x2EChanged`.
    public var informEventNames: Set<String> {
        Set(events.map { Self.tagPathName(Self.eventPathName($0)) }).union(["Inform"])
    }

    /// `Events.*` name of an event code: whitespace runs become `_` (`1 BOOT` → `1_BOOT`).
    public static func eventPathName(_ code: String) -> String {
        var out = ""
        var inWhitespace = false
        for scalar in code.unicodeScalars {
            if JavaScript.isWhitespace(scalar) {
                if !inWhitespace { out += "_" }
                inWhitespace = true
            } else {
                out.unicodeScalars.append(scalar)
                inWhitespace = false
            }
        }
        return out
    }

    /// `Tags.*` name of a tag, as GenieACS's `encodeTag` writes it (lib/util.ts:34-42 at v1.2.16;
    /// lib/cwmp/db.ts:176): `encodeURIComponent`, then `!~*'().` percent-encoded too, `0x` before two
    /// of `[0-9A-Z]` written `0%78`, and every `%` written `0x` (`fw 2024` → `fw0x202024`).
    public static func tagPathName(_ tag: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in tag.utf8 {
            let plain =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            if plain {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        // `0x` that already stands in the name and looks like an escape becomes `0%78` first.
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count)
        var i = 0
        while i < encoded.count {
            let byte = encoded[i]
            if byte == UInt8(ascii: "0"), i + 3 < encoded.count, encoded[i + 1] == UInt8(ascii: "x"),
                Self.isEscapeDigit(encoded[i + 2]), Self.isEscapeDigit(encoded[i + 3])
            {
                out += Array("0%78".utf8)
                i += 2
                continue
            }
            out.append(byte)
            i += 1
        }
        var text = ""
        for byte in out {
            if byte == UInt8(ascii: "%") { text += "0x" } else { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        }
        return text
    }

    private static func isEscapeDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
    }
}
