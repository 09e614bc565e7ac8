import Testing
import Varlink

@Suite struct VarlinkIDLParserTests {
    @Test func parsesTheTestInterface() throws {
        let definition = try VarlinkInterfaceDefinition(parsing: TestInterface.descriptionText)
        #expect(definition.name == "io.finetuned.test")
        #expect(
            definition.types["Point"]
                == .struct([.init(name: "x", type: .int), .init(name: "y", type: .int)]))
        #expect(definition.types["Color"] == .enum(["red", "green", "blue"]))
        #expect(definition.errors["Failure"] == [.init(name: "reason", type: .string)])
        let describe = try #require(definition.methods["Describe"])
        #expect(describe.input.map(\.name) == ["point", "color", "tags", "labels", "nested", "extra"])
        #expect(describe.input[0].type == .named("Point"))
        #expect(describe.input[1].type == .optional(.named("Color")))
        #expect(describe.input[2].type == .optional(.array(.string)))
        #expect(describe.input[3].type == .optional(.map(.string)))
        #expect(
            describe.input[4].type
                == .optional(
                    .struct([.init(name: "name", type: .string), .init(name: "weight", type: .float)])))
        #expect(describe.input[5].type == .optional(.object))
        #expect(definition.methods["Recall"]?.input == [])
        #expect(definition.methods["Recall"]?.output == [.init(name: "values", type: .array(.string))])
    }

    @Test func parsesNestedAnonymousTypesAndComments() throws {
        let text = """
            interface org.example.more # trailing comment
            type T (
              # a comment inside
              list: [][string]?(a: bool, b: (one, two)),
              any: object
            )
            method M() -> ()
            """
        let definition = try VarlinkInterfaceDefinition(parsing: text)
        #expect(
            definition.types["T"]
                == .struct([
                    .init(
                        name: "list",
                        type: .array(
                            .map(
                                .optional(
                                    .struct([
                                        .init(name: "a", type: .bool), .init(name: "b", type: .enum(["one", "two"])),
                                    ]))))),
                    .init(name: "any", type: .object),
                ]))
    }

    @Test(arguments: [
        ("method M() -> ()", 1, "interface"),
        ("interface nodots\nmethod M() -> ()", 1, "interface name"),
        ("interface a.b\nmethod M(x: Missing) -> ()", 2, "'Missing' is used but not defined"),
        ("interface a.b\nmethod M(x: int) -> ()\nmethod M() -> ()", 3, "defined twice"),
        ("interface a.b\nmethod M(x int) -> ()", 2, "expected ':'"),
        ("interface a.b\nmethod M(x: int, x: int) -> ()", 2, "appears twice"),
        ("interface a.b\nmethod m() -> ()", 2, "capital"),
        ("interface a.b\nmethod M() ()", 2, "'->'"),
        ("interface a.b\nfunction M() -> ()", 2, "'type', 'method' or 'error'"),
        ("interface a.b\ntype T (a: ??int)", 2, "'??'"),
    ])
    func reportsTheLineOfTheFirstProblem(text: String, line: Int, fragment: String) {
        #expect {
            try VarlinkInterfaceDefinition(parsing: text)
        } throws: { error in
            guard let error = error as? VarlinkIDLError else { return false }
            return error.line == line && error.message.contains(fragment)
        }
    }
}
