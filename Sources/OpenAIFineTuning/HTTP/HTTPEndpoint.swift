import FoundationEssentials

/// Where a connection goes: scheme, host and port. Connections are pooled per endpoint.
///
/// Contract: only `http` and `https` URLs with a host are endpoints; the port defaults to 80 or
/// 443. `target` is the request line's origin form (path and query, never empty).
struct HTTPEndpoint: Hashable, Sendable, CustomStringConvertible {
    var isSecure: Bool
    var host: String
    var port: Int

    /// The endpoint of `url` and the request target (`/path?query`) to send to it.
    /// - Throws: `HTTPTransportError` `.invalidURL` for anything but an absolute http(s) URL.
    static func parse(_ url: String) throws(HTTPTransportError) -> (endpoint: HTTPEndpoint, target: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw HTTPTransportError(.invalidURL, "not an absolute http(s) URL") }
        let secure = scheme == "https"
        var target = components.percentEncodedPath
        if target.isEmpty { target = "/" }
        if let query = components.percentEncodedQuery { target += "?" + query }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (HTTPEndpoint(isSecure: secure, host: bareHost, port: components.port ?? (secure ? 443 : 80)), target)
    }

    /// The `Host` header's value: the port only when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    var description: String { "\(isSecure ? "https" : "http")://\(hostHeader)" }
}
