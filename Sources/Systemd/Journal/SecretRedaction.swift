/// Keeps secrets out of logs: metadata whose key names a credential is never written.
///
/// A second line of defence only; code must not put secrets into metadata in the first place.
enum SecretRedaction {
    static let placeholder = "<redacted>"

    /// Keys such as `api_key`, `OPENAI_API_KEY`, `authorization`, `password`, `secret`.
    static func isSecret(key: String) -> Bool {
        let k = String(key.lowercased().map { $0 == "-" ? "_" : $0 })
        return k.hasSuffix("api_key") || k.hasSuffix("apikey") || k == "authorization"
            || k.contains("password") || k.contains("secret") || k == "bearer"
    }
}
