#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Finds the files a module ships (SwiftPM resources) without `Bundle.module`, which stops the
/// process when its bundle is not where the build put it. An installed binary looks for them
/// beside itself (as `scripts/install` puts them) or under `share/finetuned`; a binary run from
/// the source tree finds them in the tree. When nothing is found the caller gets an error that
/// names every place looked at, never a crash.
public enum ResourceDirectory {
    public struct NotFound: Error, CustomStringConvertible {
        public var bundle: String
        public var searched: [String]
        public var description: String {
            "cannot find the resources \(bundle) (looked in \(searched.joined(separator: ", "))); "
                + "install the \(bundle) directory beside the binary, as scripts/install does"
        }
    }

    /// The directory holding `subdirectory` of the resource bundle `bundle`
    /// (`PACKAGE_TARGET.resources`), or of `sourceDirectory` in the source tree.
    public static func locate(bundle: String, subdirectory: String, sourceDirectory: String) throws(NotFound) -> URL {
        var candidates: [URL] = []
        if let executable = executableURL() {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundle))
        }
        for prefix in ["/usr/local/share/finetuned", "/usr/share/finetuned"] {
            candidates.append(URL(fileURLWithPath: prefix).appendingPathComponent(bundle))
        }
        var searched: [String] = []
        for candidate in candidates {
            let directory = candidate.appendingPathComponent(subdirectory)
            searched.append(directory.path)
            if FileManager.default.fileExists(atPath: directory.path) { return directory }
        }
        let source = URL(fileURLWithPath: sourceDirectory).appendingPathComponent(subdirectory)
        searched.append(source.path)
        if FileManager.default.fileExists(atPath: source.path) { return source }
        throw NotFound(bundle: bundle, searched: searched)
    }

    /// The running executable, symbolic links resolved (`/proc/self/exe`, which is what
    /// `Bundle.main` reads on Linux for both its executable and its bundle directory).
    static func executableURL() -> URL? {
        #if canImport(FoundationEssentials)
            guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
                return nil
            }
            return URL(fileURLWithPath: path)
        #else
            return Bundle.main.executableURL?.resolvingSymlinksInPath()
        #endif
    }
}
