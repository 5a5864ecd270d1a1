/// The GenieACS release whose NBI the stand-in reproduces (tag v1.2.16, the newest 1.2.x tag).
public enum GenieACSVersion {
    /// Sent in every response's `GenieACS-Version` header (GenieACS 1.2.16 lib/nbi.ts:51).
    public static let reproduced = "1.2.16"
}
