/// The two path manipulations the daemon needs on plain `String` paths, with the results
/// `NSString`'s `deletingLastPathComponent` and `lastPathComponent` gave (which are not in
/// FoundationEssentials).
///
/// Contracts (trailing slashes are ignored, except that `/` stays `/`):
/// - ``directory(of:)``: `/a/b` → `/a`, `/a` → `/`, `/` → `/`, `a` → ``, `a/b/` → `a`, `` → ``.
/// - ``lastComponent(of:)``: `/a/b` → `b`, `/a/b/` → `b`, `/` → `/`, `a` → `a`, `` → ``.
package enum PathText {
    /// The path without its last component.
    package static func directory(of path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        guard trimmed != "/" else { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let parent = withoutTrailingSlashes(String(trimmed[..<slash]))
        return parent.isEmpty ? "/" : parent
    }

    /// The last component of the path.
    package static func lastComponent(of path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        guard trimmed != "/" else { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `path` without trailing slashes; a path of slashes alone becomes `/`.
    private static func withoutTrailingSlashes(_ path: String) -> String {
        guard path.hasSuffix("/") else { return path }
        let kept = path.reversed().drop(while: { $0 == "/" })
        return kept.isEmpty ? "/" : String(kept.reversed())
    }
}
