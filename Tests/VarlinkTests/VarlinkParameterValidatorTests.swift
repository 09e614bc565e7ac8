import Testing
import Varlink

@Suite struct VarlinkParameterValidatorTests {
    let definition = try! VarlinkInterfaceDefinition(parsing: TestInterface.descriptionText)

    private func invalid(_ parameters: JSONValue, method: String = "Describe") -> String? {
        definition.invalidParameter(in: parameters.objectValue!, for: definition.methods[method]!)
    }

    @Test func acceptsWellTypedParameters() {
        #expect(invalid(["point": ["x": 1, "y": 2]]) == nil)
        #expect(
            invalid([
                "point": ["x": 1, "y": 2.0], "color": "green", "tags": ["a", "b"], "labels": ["k": "v"],
                "nested": ["name": "n", "weight": 3], "extra": ["anything": [1, "two"]],
            ]) == nil)
        #expect(invalid(["point": ["x": 1, "y": 2], "color": nil, "tags": nil]) == nil)
    }

    static let wrongCases: [(JSONValue, String)] = [
        (JSONValue.object([:]), "point"),
        (["point": nil], "point"),
        (["point": ["x": 1]], "point"),
        (["point": ["x": 1, "y": "2"]], "point"),
        (["point": ["x": 1, "y": 2.5]], "point"),
        (["point": ["x": 1, "y": 2, "z": 3]], "point"),
        (["point": ["x": 1, "y": 2], "color": "purple"], "color"),
        (["point": ["x": 1, "y": 2], "tags": "a"], "tags"),
        (["point": ["x": 1, "y": 2], "tags": ["a", 1]], "tags"),
        (["point": ["x": 1, "y": 2], "labels": ["k": 1]], "labels"),
        (["point": ["x": 1, "y": 2], "nested": ["name": "n", "weight": "heavy"]], "nested"),
        (["point": ["x": 1, "y": 2], "extra": [1]], "extra"),
        (["point": ["x": 1, "y": 2], "zzz": 1, "aaa": 2], "aaa"),
    ]

    @Test(arguments: wrongCases)
    func namesTheFirstInvalidParameter(parameters: JSONValue, expected: String) {
        #expect(invalid(parameters) == expected)
    }

    @Test func primitiveTypesAreStrict() {
        #expect(invalid(["a": 1, "b": true], method: "Add") == "b")
        #expect(invalid(["a": "1", "b": 2], method: "Add") == "a")
        #expect(invalid(["text": 5], method: "Echo") == "text")
        #expect(invalid(["a": 1, "b": 2], method: "Add") == nil)
    }
}
