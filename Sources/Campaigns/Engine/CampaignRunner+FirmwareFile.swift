import GenieACS

extension CampaignRunner {
    /// Refuses to start a firmware campaign with devices left to push while GenieACS lacks its file: every
    /// Download would fail on the CPE (GenieACS 1.2.16's file server answers 404 for a name its `fs.files`
    /// collection lacks, lib/fs.ts:102-108), each counting as a failed attempt. `campaign create` only warns
    /// (``CampaignWarning/missingFirmwareFile(file:acs:at:)``): the file may be uploaded before the start.
    ///
    /// Checked before the lease is taken and before any push; a campaign whose devices are all in flight or
    /// finished pushes nothing more and is not held back. A transient GenieACS failure is waited out as the
    /// run's reads are (``backOff(after:failures:campaignID:)``).
    ///
    /// - Throws: ``CampaignError/missingFirmwareFile(_:campaignID:)``.
    func checkFirmwareFile(_ campaign: CampaignRecord, spec: CampaignSpec) async throws {
        guard case .firmware(let firmware) = spec.change else { return }
        guard try await store.counts(campaign.id)[.pending] ?? 0 > 0 else { return }
        var failures = ReadFailures()
        while true {
            do {
                guard try await FirmwareModelCheck.model(of: firmware.file, acs: acs) == nil else { return }
                throw CampaignError.missingFirmwareFile(firmware.file, campaignID: campaign.id)
            } catch let error as GenieACSError where error.isTransient {
                try await backOff(after: error, failures: &failures, campaignID: campaign.id)
            }
        }
    }
}
