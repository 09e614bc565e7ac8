import Foundation
import Testing
import Varlink

@Suite struct JSONValueTests {
    @Test func integersAndFractionsStayApart() throws {
        let value = try JSONDecoder().decode(
            JSONValue.self, from: Data(#"{"i":3,"d":2.5,"b":true,"n":null}"#.utf8))
        #expect(value["i"] == .integer(3))
        #expect(value["d"] == .double(2.5))
        #expect(value["b"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(JSONValue.double(4).integerValue == 4)
        #expect(JSONValue.double(4.5).integerValue == nil)
    }

    @Test func roundTripsThroughCodableTypes() throws {
        struct Job: Codable, Equatable {
            var id: String
            var tokens: Int
            var tags: [String]
        }
        let job = Job(id: "ftjob-1", tokens: 12, tags: ["a"])
        let value = try JSONValue(encoding: job)
        #expect(value == ["id": "ftjob-1", "tokens": 12, "tags": ["a"]])
        #expect(try value.decode(Job.self) == job)
    }

    @Test func compactTextIsSortedAndStable() {
        let value: JSONValue = ["b": 1, "a": ["x", nil]]
        #expect(value.compactText == #"{"a":["x",null],"b":1}"#)
    }
}

@Suite struct VarlinkErrorTests {
    struct Details: Codable, Equatable {
        var job_id: String
        var retries: Int
    }

    @Test func parametersComeFromAndGoToCodableValues() throws {
        let error = try VarlinkError(
            name: "io.finetuned.Jobs.NoSuchJob", encoding: Details(job_id: "ftjob-9", retries: 2))
        #expect(error.parameters == ["job_id": "ftjob-9", "retries": 2])
        #expect(try error.decodeParameters(Details.self) == Details(job_id: "ftjob-9", retries: 2))
        #expect(error.description == #"io.finetuned.Jobs.NoSuchJob {"job_id":"ftjob-9","retries":2}"#)
        #expect(throws: VarlinkProtocolError.parametersNotAnObject) {
            try VarlinkError(name: "a.b.C", encoding: [1, 2])
        }
    }

    @Test func groupsAreLookedUpByName() {
        #expect(SystemGroup.id(named: "root") == 0)
        #expect(SystemGroup.id(named: "no-such-group-here") == nil)
    }
}
