import FoundationEssentials
import Glibc
import OpenAIFineTuning

/// Finds an account's API key: the systemd credential first (`$CREDENTIALS_DIRECTORY/NAME`), then
/// `APIKeyFile=`, then `OPENAI_API_KEY`. A key file readable by group or others is refused, so a
/// misconfigured permission is noticed rather than a key leaked.
public enum APIKeySource {
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case credential(String)
        case file(String)
        case environment

        public var description: String {
            switch self {
            case .credential(let name): "systemd credential \(name)"
            case .file(let path): "file \(path)"
            case .environment: "$OPENAI_API_KEY"
            }
        }
    }

    /// - Returns: the key and where it came from, or nil when none is configured anywhere.
    /// - Throws: `ConfigurationError` when a configured file is unreadable, empty or too open.
    public static func resolve(
        _ account: AccountConfiguration, environment: [String: String]
    )
        throws(ConfigurationError) -> (key: APIKey, origin: Origin)?
    {
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = directory + "/" + account.apiKeyCredential
            if FileManager.default.fileExists(atPath: path) {
                return (try read(path, checkPermissions: false), .credential(account.apiKeyCredential))
            }
        }
        if let path = account.apiKeyFile {
            return (try read(path, checkPermissions: true), .file(path))
        }
        if let value = environment["OPENAI_API_KEY"], !value.isEmpty {
            return (APIKey(value), .environment)
        }
        return nil
    }

    private static func read(_ path: String, checkPermissions: Bool) throws(ConfigurationError) -> APIKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigurationError("\(path): cannot read the API key: \(String(cString: strerror(errno)))")
        }
        if checkPermissions && info.st_mode & 0o077 != 0 {
            throw ConfigurationError(
                "\(path): the API key file is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it"
            )
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("\(path): cannot read the API key")
        }
        let key = APIKey(text)
        guard !key.isEmpty else { throw ConfigurationError("\(path): the API key file is empty") }
        return key
    }
}
