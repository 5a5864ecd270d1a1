/// The GenieACS release whose NBI the stand-in reproduces (genieacs-nbi.md, "Baseline").
public enum GenieACSVersion {
    /// Sent in every response's `GenieACS-Version` header (genieacs-nbi.md §1).
    public static let reproduced = "1.2.16"
}
