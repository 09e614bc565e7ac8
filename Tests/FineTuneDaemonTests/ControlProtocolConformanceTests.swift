import ControlProtocol
import Foundation
import Testing
import Varlink

/// The Swift side of the control protocol (module ControlProtocol) against the `.varlink` files,
/// the source of truth: method names, every error's fields, every method's request type and the
/// reply types, so that a field
/// added, renamed, retyped or made optional on one side only fails here.
///
/// A type is checked by example: a value with every declared field (optional ones included,
/// lists with one element) must decode into the Swift type and encode back to the same JSON
/// (a field the type lacks or types differently fails); the same without the optional fields
/// must decode (the type does not require what the description leaves optional); without any
/// one required field it must not (the type does not take as optional what is required); and
/// the type's stored properties must be exactly the declared fields.
@Suite struct ControlProtocolConformanceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/FineTuneDaemonResources/Interfaces").standardized

    static func definition(_ name: String) throws -> VarlinkInterfaceDefinition {
        try VarlinkInterfaceDefinition(
            parsing: String(contentsOf: directory.appendingPathComponent(name + ".varlink"), encoding: .utf8))
    }

    static let interfaces: [(name: String, methods: [String])] = [
        (ControlMethod.Jobs.interface, ControlMethod.Jobs.all),
        (ControlMethod.Models.interface, ControlMethod.Models.all),
        (ControlMethod.Service.interface, ControlMethod.Service.all),
        (ControlMethod.SystemdService.interface, ControlMethod.SystemdService.all),
    ]

    @Test func methodNamesAreThoseOfTheDescriptions() throws {
        for (name, methods) in Self.interfaces {
            let definition = try Self.definition(name)
            #expect(Set(methods) == Set(definition.methods.keys.map { "\(name).\($0)" }), "\(name)")
        }
    }

    @Test func everyErrorHasItsTypeWithTheDeclaredFields() throws {
        var declared = Set<String>()
        for (name, _) in Self.interfaces {
            let definition = try Self.definition(name)
            for (error, fields) in definition.errors {
                declared.insert(error)
                let type = try #require(
                    ControlError.all.first { $0.errorName == error }, "\(name).\(error) has no ControlError type")
                try Self.check(type, fields: fields, in: definition, label: "\(name).\(error)")
            }
        }
        #expect(Set(ControlError.all.map { $0.errorName }) == declared, "a ControlError type no interface declares")
    }

    @Test func typedErrorsComeBackFromVarlinkErrors() throws {
        let sent = ControlError.NoSuchJob(id: "ftjob-1").varlinkError(interface: ControlMethod.Jobs.interface)
        #expect(sent.name == "io.finetuned.Jobs.NoSuchJob")
        #expect(ControlError.decode(sent) as? ControlError.NoSuchJob == ControlError.NoSuchJob(id: "ftjob-1"))
        #expect(ControlError.decode(VarlinkError(name: "org.varlink.service.InvalidParameter", parameters: [:])) == nil)
    }

    /// Reply types of methods whose Swift type lives in ControlProtocol.
    @Test func replyTypesMatchTheirMethodsOutput() throws {
        let replies: [(method: String, type: any Codable.Type)] = [
            (ControlMethod.Jobs.get, Wire.JobReply.self),
            (ControlMethod.Jobs.track, Wire.JobReply.self),
            (ControlMethod.Jobs.list, Wire.JobList.self),
            (ControlMethod.Jobs.events, Wire.EventsReply.self),
            (ControlMethod.Jobs.checkpoints, Wire.CheckpointList.self),
            (ControlMethod.Jobs.metrics, Wire.MetricList.self),
            (ControlMethod.Jobs.planMigration, Wire.MigrationPlan.self),
            (ControlMethod.Models.list, Wire.ModelList.self),
            (ControlMethod.Models.chat, Wire.ChatReply.self),
            (ControlMethod.Service.status, Wire.ServiceStatus.self),
        ]
        for (method, type) in replies {
            let dot = try #require(method.lastIndex(of: "."))
            let definition = try Self.definition(String(method[..<dot]))
            let signature = try #require(definition.methods[String(method[method.index(after: dot)...])])
            try Self.check(type, fields: signature.output, in: definition, label: method)
        }
    }

    /// Every method has one request type, named by it, whose properties are the method's input.
    @Test func requestTypesMatchTheirMethodsInput() throws {
        for type in ControlRequest.all {
            let method = type.method
            let dot = try #require(method.lastIndex(of: "."))
            let definition = try Self.definition(String(method[..<dot]))
            let signature = try #require(
                definition.methods[String(method[method.index(after: dot)...])], "\(method) is not declared")
            try Self.check(type, fields: signature.input, in: definition, label: "\(method) request")
        }
        let methods = Self.interfaces.flatMap(\.methods)
        #expect(ControlRequest.all.map { $0.method }.sorted() == methods.sorted(), "one request type per method")
    }

    // MARK: - Checking a type by example

    static func check(
        _ type: any Codable.Type, fields: [VarlinkField], in definition: VarlinkInterfaceDefinition, label: String
    ) throws {
        let full = JSONValue.object(example(fields, in: definition, withOptionals: true))
        let decoded: any Codable
        do {
            decoded = try full.decode(type)
        } catch {
            Issue.record("\(label): \(type) cannot read every declared field: \(error)")
            return
        }
        #expect(try JSONValue(encoding: decoded) == full, "\(label): \(type) does not carry every field as declared")
        let labels = Set(Mirror(reflecting: decoded).children.compactMap(\.label))
        #expect(labels == Set(fields.map(\.name)), "\(label): \(type)'s properties are not the declared fields")
        let required = example(fields, in: definition, withOptionals: false)
        #expect(throws: Never.self, "\(label): \(type) requires a field declared optional") {
            _ = try JSONValue.object(required).decode(type)
        }
        for field in fields where !field.type.isOptional {
            var missing = required
            missing[field.name] = nil
            #expect(throws: (any Error).self, "\(label): \(type) takes '\(field.name)' as optional") {
                _ = try JSONValue.object(missing).decode(type)
            }
        }
    }

    static func example(
        _ fields: [VarlinkField], in definition: VarlinkInterfaceDefinition, withOptionals: Bool
    )
        -> [String: JSONValue]
    {
        var members: [String: JSONValue] = [:]
        for field in fields where withOptionals || !field.type.isOptional {
            members[field.name] = example(field.type, in: definition, withOptionals: withOptionals)
        }
        return members
    }

    static func example(
        _ type: VarlinkType, in definition: VarlinkInterfaceDefinition, withOptionals: Bool
    )
        -> JSONValue
    {
        switch type {
        case .bool: return true
        case .int: return 7
        case .float: return 1.5
        case .string: return "text"
        case .object: return ["key": "value"]
        case .enum(let cases): return .string(cases.first ?? "")
        case .optional(let inner): return example(inner, in: definition, withOptionals: withOptionals)
        case .array(let element): return [example(element, in: definition, withOptionals: withOptionals)]
        case .map(let element): return ["key": example(element, in: definition, withOptionals: withOptionals)]
        case .struct(let fields): return .object(example(fields, in: definition, withOptionals: withOptionals))
        case .named(let name):
            return definition.types[name].map { example($0, in: definition, withOptionals: withOptionals) } ?? .null
        }
    }
}

extension VarlinkType {
    var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }
}
