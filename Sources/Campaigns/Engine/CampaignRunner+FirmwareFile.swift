import GenieACS

extension CampaignRunner {
    /// Refuses to start a firmware campaign with devices left to push while GenieACS lacks its file: every
    /// Download would fail on the CPE (GenieACS 1.2.16's file server answers 404 for a name its `fs.files`
    /// collection lacks, lib/fs.ts:102-108), each counting as a failed attempt. `campaign create` only warns
    /// (``CampaignWarning/missingFirmwareFile(file:acs:at:)``): the file may be uploaded before the start.
    ///
    /// A file GenieACS records as being for one OUI or product class is held against every device left to
    /// push, as `campaign create` holds it against the targets (``FirmwareModelCheck``): the file may have
    /// been uploaded, or replaced by another image under the same name, since the create.
    ///
    /// Checked before the lease is taken and before any push (`campaign resume` checks before it clears the
    /// pause): a refusal changes nothing. A campaign whose devices are all in flight or finished pushes
    /// nothing more and is not held back. A transient GenieACS failure is waited out as the run's reads are
    /// (``backOff(after:failures:campaignID:)``).
    ///
    /// - Throws: ``CampaignError/missingFirmwareFile(_:campaignID:running:)``, or a ``CampaignError`` with the
    ///   ``FirmwareModelError`` of ``FirmwareModelError/Stage/start(campaignID:)``.
    public func checkFirmwareFile(_ campaign: CampaignRecord, spec: CampaignSpec) async throws {
        guard case .firmware = spec.change else { return }
        let pending = try await store.targets(campaign.id, states: [.pending]).map(\.deviceID)
        guard !pending.isEmpty else { return }
        var failures = ReadFailures()
        while true {
            do {
                if let refusal = try await firmwareRefusal(pending, spec: spec, stage: .start(campaignID: campaign.id))
                {
                    throw CampaignError(refusal)
                }
                return
            } catch let error as GenieACSError where error.isTransient {
                try await backOff(after: error, failures: &failures, campaignID: campaign.id)
            }
        }
    }

    /// Why the devices `deviceIDs` may not get the campaign's firmware now: GenieACS lacks its file, or the
    /// file is for another model (``FirmwareModelCheck/check(deviceIDs:file:oui:productClass:stage:)``); nil
    /// when they may, or for a configuration campaign. Read before each push of a run too, since a file
    /// replaced under the same name (`PUT /files/<name>`, GenieACS 1.2.16 lib/nbi.ts:493-524) changes the
    /// image every Download still to come fetches.
    ///
    /// - Throws: GenieACS errors (the caller backs off on a transient one).
    func firmwareRefusal(
        _ deviceIDs: [String],
        spec: CampaignSpec,
        stage: FirmwareModelError.Stage
    ) async throws -> String? {
        guard case .firmware(let firmware) = spec.change, !deviceIDs.isEmpty else { return nil }
        guard let model = try await FirmwareModelCheck.model(of: firmware.file, acs: acs) else {
            switch stage {
            case .create: return nil
            case .start(let id): return CampaignError.missingFirmwareFile(firmware.file, campaignID: id).description
            case .push(let id):
                return CampaignError.missingFirmwareFile(firmware.file, campaignID: id, running: true).description
            }
        }
        do {
            try FirmwareModelCheck.check(
                deviceIDs: deviceIDs,
                file: firmware.file,
                oui: model.oui,
                productClass: model.productClass,
                stage: stage
            )
            return nil
        } catch {
            return error.description
        }
    }
}
