/// Where a line of configuration came from, for error messages (`file:line`).
public struct INILocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    /// 1-based; for a continued line, the line where the assignment started.
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One `Key=Value` line. The value is trimmed and otherwise raw: quoting and escapes are for
/// the setting that reads it (e.g. `ArgvSplitter` for `OnJobEnd=`).
public struct INIAssignment: Sendable, Hashable {
    public let key: String
    public let value: String
    public let location: INILocation

    public init(key: String, value: String, location: INILocation) {
        self.key = key
        self.value = value
        self.location = location
    }
}

/// One `[Name]` header and the assignments under it, up to the next header.
///
/// Every header starts a new occurrence, so repeated sections (`[Account]` once per account)
/// stay apart; `INIDocument.assignments(inSection:)` merges occurrences of singleton sections.
public struct INISection: Sendable, Hashable {
    public let name: String
    public let location: INILocation
    public internal(set) var assignments: [INIAssignment]

    public init(name: String, location: INILocation, assignments: [INIAssignment] = []) {
        self.name = name
        self.location = location
        self.assignments = assignments
    }

    /// The effective value of a single-valued key: the last assignment (nil if none). An empty
    /// value is returned as such; callers treat it as "reset to the default".
    public func last(_ key: String) -> INIAssignment? {
        assignments.last { $0.key == key }
    }

    /// The effective list of a repeatable key: assignments in order, where an empty assignment
    /// clears what came before (systemd's convention).
    public func list(_ key: String) -> [INIAssignment] {
        var result: [INIAssignment] = []
        for assignment in assignments where assignment.key == key {
            if assignment.value.isEmpty { result.removeAll() } else { result.append(assignment) }
        }
        return result
    }
}

/// A parsed configuration: sections from the main file then from each drop-in, in load order.
public struct INIDocument: Sendable, Hashable {
    public internal(set) var sections: [INISection]
    /// The files read, in order (missing optional files are not listed).
    public internal(set) var files: [String]

    public init(sections: [INISection] = [], files: [String] = []) {
        self.sections = sections
        self.files = files
    }

    /// Every occurrence of a section, in load order.
    public func sections(named name: String) -> [INISection] {
        sections.filter { $0.name == name }
    }

    /// A singleton section's occurrences merged into one (assignments in load order), so later
    /// files override earlier ones. Nil when the section never appears.
    public func merged(_ name: String) -> INISection? {
        let all = sections(named: name)
        guard let first = all.first else { return nil }
        return INISection(name: name, location: first.location, assignments: all.flatMap(\.assignments))
    }

    /// Rejects sections and keys not in `schema` (section name → allowed keys), naming the file,
    /// line and key of the first offender.
    public func validate(schema: [String: Set<String>]) throws(INIError) {
        for section in sections {
            guard let allowed = schema[section.name] else {
                throw INIError(
                    location: section.location, key: nil,
                    message: "unknown section [\(section.name)]")
            }
            for assignment in section.assignments where !allowed.contains(assignment.key) {
                throw INIError(
                    location: assignment.location, key: assignment.key,
                    message: "unknown key in [\(section.name)]")
            }
        }
    }
}
