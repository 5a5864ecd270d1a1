/// An `enumerationRef` facet: a parameter's allowed values are the current items of another,
/// list-valued parameter (`Device.WiFi.Radio.{i}.OperatingStandards` takes its values from
/// `SupportedStandards`), or its `nullValue` (cwmp-datamodel-1-14.xsd, `EnumerationRefFacet`).
public struct EnumerationReference: Sendable, Hashable, Codable {
    /// `targetParam` as the model writes it (`#.HTTPAccessSupportedProtocols`).
    public var targetParam: String
    /// The value meaning "none of the referenced values apply" (`Disabled`, ``""``), when given.
    public var nullValue: String?
    /// The referenced parameter's generic path, resolved by TR-106 A.2.3.4.
    public var target: String
    /// How many leading segments of the referring parameter's generic path the target shares: the
    /// target's instance numbers are the referrer's in those segments.
    public var sharedSegments: Int
    /// The target's path after the shared segments (`HTTPAccessSupportedProtocols`).
    public var suffix: String

    public init(targetParam: String, nullValue: String?, target: String, sharedSegments: Int, suffix: String) {
        self.targetParam = targetParam
        self.nullValue = nullValue
        self.target = target
        self.sharedSegments = sharedSegments
        self.suffix = suffix
    }

    /// Resolves `targetParam` for a parameter of the object `objectPath` (`Device.IP.Interface.{i}.`)
    /// the way bbfreport's `Path.absolute_path` does (bbfreport/path.py:149-245, quoting TR-106
    /// A.2.3.4): with scope `normal`, a path starting `Device.`/`InternetGatewayDevice.` is absolute,
    /// one starting with `.` is relative to the root or service object, otherwise it is relative to
    /// the current object and each leading `#` goes up one object (a table and its `{i}` are one
    /// level); scope `model` is relative to the root object, `object` to the current object.
    ///
    /// Returns nil when the reference cannot name a single parameter (empty, or its path beyond
    /// the shared prefix crosses another table's `{i}`).
    public static func resolve(
        targetParam: String,
        scope: String?,
        nullValue: String?,
        objectPath: String,
        parameterPath: String
    ) -> EnumerationReference? {
        // Components as bbfreport splits them: on dots not followed by `{`.
        let components = Self.components(objectPath)
        var hashes = 0
        var rest = Substring(targetParam)
        while rest.first == "#" {
            hashes += 1
            rest = rest.dropFirst()
        }
        if hashes > 0, rest.first == "." { rest = rest.dropFirst() }
        guard !rest.isEmpty, !components.isEmpty else { return nil }
        let target: String
        switch scope ?? "normal" {
        case "model":
            target = components[0] + "." + (rest.first == "." ? rest.dropFirst() : rest)
        case "object":
            let kept = components.dropLast(min(hashes, components.count))
            target = kept.map { $0 + "." }.joined() + (rest.first == "." ? rest.dropFirst() : rest)
        default:
            if hashes == 0, rest.hasPrefix("Device.") || rest.hasPrefix("InternetGatewayDevice.") {
                target = String(rest)
            } else if hashes == 0, rest.first == "." {
                target = components[0] + rest
            } else {
                let kept = components.dropLast(min(hashes, components.count))
                target = kept.map { $0 + "." }.joined() + rest
            }
        }
        // The longest prefix of whole segments the target shares with the referrer.
        let targetSegments = target.split(separator: ".", omittingEmptySubsequences: false)
        let referrerSegments = parameterPath.split(separator: ".", omittingEmptySubsequences: false)
        var shared = 0
        while shared < targetSegments.count - 1, shared < referrerSegments.count - 1,
            targetSegments[shared] == referrerSegments[shared]
        {
            shared += 1
        }
        let suffix = targetSegments[shared...].joined(separator: ".")
        guard !suffix.contains("{i}") else { return nil }
        return EnumerationReference(
            targetParam: targetParam,
            nullValue: nullValue,
            target: target,
            sharedSegments: shared,
            suffix: suffix
        )
    }

    /// `Device.IP.Interface.{i}.` → `["Device", "IP", "Interface.{i}"]`.
    static func components(_ objectPath: String) -> [String] {
        var result: [String] = []
        for segment in objectPath.split(separator: ".") {
            if segment == "{i}", let last = result.popLast() {
                result.append(last + ".{i}")
            } else {
                result.append(String(segment))
            }
        }
        return result
    }

    /// The instance path of the referenced parameter for the referring parameter at `path`
    /// (`Device.WiFi.Radio.2.OperatingStandards` → `Device.WiFi.Radio.2.SupportedStandards`).
    /// `genericSegments` is the number of segments of the referrer's generic path: a mounted
    /// service's instance path has more (`Device.Services.` before `VoiceService.1.…`).
    func instancePath(for path: String, genericSegments: Int) -> String? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        let keep = segments.count - genericSegments + sharedSegments
        guard keep >= 0, keep <= segments.count else { return nil }
        return segments.prefix(keep).map { $0 + "." }.joined() + suffix
    }
}
