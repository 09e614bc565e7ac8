import Glibc

/// Loads a main configuration file and its drop-ins the way systemd does for units:
/// `finetuned.conf`, then `finetuned.conf.d/*.conf` in lexical order of file name, so a later
/// drop-in overrides an earlier one and the main file.
public enum ConfigLoader {
    /// - Parameters:
    ///   - mainFile: e.g. `/etc/finetuned/finetuned.conf`.
    ///   - requireMainFile: true when the user named the file (`--config`); when false a missing
    ///     main file is the same as an empty one (all defaults).
    ///   - dropInDirectory: defaults to `mainFile + ".d"`; a missing directory is fine.
    /// - Throws: `ConfigFileError` when a file cannot be read, `INIError` for a syntax error.
    public static func load(
        mainFile: String, requireMainFile: Bool = false, dropInDirectory: String? = nil
    ) throws -> INIDocument {
        var document = INIDocument()
        if let text = try readFile(mainFile, required: requireMainFile) {
            document.sections += try INIParser.parse(text, file: mainFile)
            document.files.append(mainFile)
        }
        let directory = dropInDirectory ?? mainFile + ".d"
        for path in try dropInFiles(in: directory) {
            guard let text = try readFile(path, required: true) else { continue }
            document.sections += try INIParser.parse(text, file: path)
            document.files.append(path)
        }
        return document
    }

    /// `*.conf` regular files (or links to them) in `directory`, sorted by name (bytewise).
    public static func dropInFiles(in directory: String) throws -> [String] {
        guard let dir = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw ConfigFileError(path: directory, reason: String(cString: strerror(errno)))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard name.hasSuffix(".conf"), !name.hasPrefix(".") else { continue }
            var info = stat()
            guard stat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            names.append(name)
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { directory + "/" + $0 }
    }

    /// The file's text; nil if it does not exist and is not required.
    static func readFile(_ path: String, required: Bool) throws -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT && !required { return nil }
            throw ConfigFileError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ConfigFileError(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 1 << 20 { throw ConfigFileError(path: path, reason: "larger than 1 MiB") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigFileError(path: path, reason: "not valid UTF-8")
        }
        return text
    }
}
