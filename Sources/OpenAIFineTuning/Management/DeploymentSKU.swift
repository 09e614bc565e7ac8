/// The deployment types finetuned offers for a fine-tuned model, and how the management plane
/// spells them.
///
/// Per `../shared/reference/azure-openai-fine-tuning.md` §3: `Standard` [S6][S12], Global
/// Standard under the ARM SKU name `GlobalStandard` [S6], and the Developer tier, sent as
/// `DeveloperTier` with capacity 50 over REST and api-version `2025-07-01-preview` [S7]. Other
/// resource types use `2024-10-01` [S6][S12].
public enum DeploymentSKU: String, Sendable, CaseIterable, Hashable {
    case globalStandard = "GlobalStandard"
    case standard = "Standard"
    case developer = "Developer"

    /// Accepts the names in any case, and Azure's `DeveloperTier` for `Developer`.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "globalstandard": self = .globalStandard
        case "standard": self = .standard
        case "developer", "developertier": self = .developer
        default: return nil
        }
    }

    /// `sku.name` in the PUT body.
    public var armName: String {
        switch self {
        case .globalStandard: "GlobalStandard"
        case .standard: "Standard"
        case .developer: "DeveloperTier"
        }
    }

    /// The capacity used when none is given: 1 (1,000 tokens per minute, [S10]) for the paid
    /// types, 50 for Developer, as in the reference's examples.
    public var defaultCapacity: Int { self == .developer ? 50 : 1 }

    /// The management api-version the documentation uses for this type.
    public var apiVersion: String { self == .developer ? "2025-07-01-preview" : "2024-10-01" }
}
