/// The PON end-to-end tests' campaign: a configuration campaign over the GenieACS stand-in's
/// EX220s, no retries, a one-hour device deadline, plus the `rollout` keys a test is about
/// (`max_per_pon: 1`, `storm_hold: true`, …; each line indented two spaces).
public enum PONCampaignFixture {
    public static func text(rollout: [String]) -> String {
        """
        name: inform-900-pon
        configuration:
          - periodicInform: {enabled: true, interval: 900}
        devices:
          model: EX220
        rollout:
          retries: 0
          device_deadline: 1h

        """ + rollout.map { "  \($0)\n" }.joined()
    }
}
