public import FerruleJSON

/// One service of a subscriber on a UNI: an entry of SADIS's `uniTagList`, in the field names the
/// ONOS olt app reads (`bbsim:internal/bbsim/responders/sadis/sadis.go` `SadisUniTag`,
/// `bbsim:examples/sadis-att.json`).
public struct SubscriberService: Sendable, Hashable {
    /// e.g. `hsia`.
    public var serviceName: String
    /// C-VLAN on the PON, 1-4094.
    public var cTag: Int
    /// S-VLAN on the PON, 1-4094.
    public var sTag: Int
    /// VLAN expected from the residential gateway; 0 = untagged (ONOS's `VlanId.NO_VID`, also what
    /// it reads for a service without the field), 4096 = any, -1 = `VlanId.NONE` (kept as read).
    public var uniTagMatch: Int
    /// Technology profile id, 64-255 (`voltha-lib-go:pkg/techprofile/config.go`); -1 for a service
    /// read from a file without `technologyProfileId`, as ONOS reads it.
    public var technologyProfileID: Int
    /// Bandwidth profile ids (must exist in SADIS's `bandwidthprofile` entries).
    public var upstreamBandwidthProfile: String
    public var downstreamBandwidthProfile: String
    public var isDhcpRequired: Bool

    /// A service from its parts.
    public init(
        serviceName: String = "hsia",
        cTag: Int,
        sTag: Int,
        uniTagMatch: Int = 0,
        technologyProfileID: Int = 64,
        upstreamBandwidthProfile: String,
        downstreamBandwidthProfile: String,
        isDhcpRequired: Bool = true
    ) {
        self.serviceName = serviceName
        self.cTag = cTag
        self.sTag = sTag
        self.uniTagMatch = uniTagMatch
        self.technologyProfileID = technologyProfileID
        self.upstreamBandwidthProfile = upstreamBandwidthProfile
        self.downstreamBandwidthProfile = downstreamBandwidthProfile
        self.isDhcpRequired = isDhcpRequired
    }

    /// The `uniTagList` entry.
    public var json: JSONValue {
        .object([
            ("serviceName", .string(serviceName)),
            ("ponCTag", .int(cTag)),
            ("ponSTag", .int(sTag)),
            ("uniTagMatch", .int(uniTagMatch)),
            ("technologyProfileId", .int(technologyProfileID)),
            ("upstreamBandwidthProfile", .string(upstreamBandwidthProfile)),
            ("downstreamBandwidthProfile", .string(downstreamBandwidthProfile)),
            ("isDhcpRequired", .bool(isDhcpRequired)),
        ])
    }

    /// Reads a `uniTagList` entry; nil when the tags are missing. A missing `technologyProfileId` is
    /// -1, as ONOS reads it (opencord/sadis `api/src/main/java/org/opencord/sadis/UniTagInformation.java:49-50`,
    /// `technologyProfileId = -1`): the olt app keys the programmed service by it, so deprovisioning
    /// has to name the same -1 (`OltUtils.getUniTagInformation` matches c-tag, s-tag and tp id).
    ///
    /// A missing `uniTagMatch` is 0, `VlanId.NO_VID`, as the sadis app reads an entry from a remote
    /// SADIS (Ferrule's `sadis-serve`) or netcfg (opencord/sadis
    /// `app/src/main/java/org/opencord/sadis/impl/SubscriberAndDeviceInformationConfig.java:168-169`,
    /// `UniTagInformationCodec.java:94-95`, `UniTagInformation.java:29`; sadis commit c1e7272 made it
    /// NO_VID where it was `VlanId.NONE`, -1). So the entry Ferrule writes back, with
    /// `"uniTagMatch": 0`, means to ONOS what the entry without it did, and provisioning the same
    /// service with the default `--uni-tag-match 0` finds it unchanged.
    public init?(json: JSONValue) {
        guard let cTag = json["ponCTag"]?.intValue, let sTag = json["ponSTag"]?.intValue else { return nil }
        self.init(
            serviceName: json["serviceName"]?.stringValue ?? "",
            cTag: cTag,
            sTag: sTag,
            uniTagMatch: json["uniTagMatch"]?.intValue ?? 0,
            technologyProfileID: json["technologyProfileId"]?.intValue ?? -1,
            upstreamBandwidthProfile: json["upstreamBandwidthProfile"]?.stringValue ?? "",
            downstreamBandwidthProfile: json["downstreamBandwidthProfile"]?.stringValue ?? "",
            isDhcpRequired: json["isDhcpRequired"]?.boolValue ?? false
        )
    }
}
