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
    /// by TR-106 A.2.3.4 (see ``ReferencePath/absolute(_:scope:objectPath:)``).
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
        guard let target = ReferencePath.absolute(targetParam, scope: scope, objectPath: objectPath) else {
            return nil
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
