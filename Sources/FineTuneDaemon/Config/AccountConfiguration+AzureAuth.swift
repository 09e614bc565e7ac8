import FoundationEssentials
import OpenAIFineTuning
import Systemd

extension AccountConfiguration {
    /// Reads `AuthStyle=` (`bearer`, `azure`, `entra`), `APIVersion=` and the Entra keys.
    ///
    /// `azure` and `entra` without `APIVersion=` speak Azure's v1 API, whose `BaseURL=` ends in
    /// `/openai/v1`; with one, the dated API (`BaseURL=…/openai`). A BaseURL that does not fit
    /// the chosen API is refused here, since Azure would answer every request 404 "Resource not
    /// found".
    mutating func readAzureAuth(_ section: INISection) throws(INIError) {
        guard let styleKey = section.last("AuthStyle") else { return }
        let style = try styleKey.oneOf(["bearer", "azure", "entra"])
        let version = section.last("APIVersion").flatMap { $0.value.isEmpty ? nil : $0.value }
        if style == "bearer" { return }
        var path = baseURL.path
        while path.hasSuffix("/") { path.removeLast() }
        if version == nil, !path.hasSuffix("/openai/v1") {
            throw INIError(
                section.last("BaseURL") ?? styleKey,
                "AuthStyle=\(style) without APIVersion= uses Azure's v1 API: BaseURL= must end in /openai/v1 "
                    + "(https://RESOURCE.openai.azure.com/openai/v1), or set APIVersion= for the dated API")
        }
        if let version, path.hasSuffix("/v1") {
            throw INIError(
                section.last("APIVersion")!,
                "APIVersion=\(version) is for Azure's dated API (BaseURL=…/openai); the v1 API (\(path)) takes none")
        }
        if style == "azure" {
            authStyle = .azure(apiVersion: version)
        } else {
            authStyle = .entra(apiVersion: version)
            entra = try EntraSettings(section: section, authStyle: styleKey)
        }
    }
}
