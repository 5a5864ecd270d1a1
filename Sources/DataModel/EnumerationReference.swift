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
        let utf8 = path.utf8
        let segments = utf8.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
        let keep = segments - genericSegments + sharedSegments
        guard keep > 0, keep <= segments else { return keep == 0 ? suffix : nil }
        // The end of the keep-th segment, dot included.
        var dots = 0
        for index in utf8.indices where utf8[index] == UInt8(ascii: ".") {
            dots += 1
            if dots == keep { return String(path[...index]) + suffix }
        }
        return nil
    }
}
