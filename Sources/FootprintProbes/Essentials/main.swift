// footprint-probe-essentials: FoundationEssentials only (no ICU, no Foundation), doing the same
// work as every other probe: encodes and decodes 100 small records as JSON, says "ready", then
// waits until its standard input closes so that `Benchmarks idle-footprint` can read its memory.
import FoundationEssentials

struct Job: Codable { var id: String; var status: String; var createdAt: Date }
let jobs = (0..<100).map {
    Job(id: "ftjob-\($0)", status: "running", createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double($0)))
}
let data = try JSONEncoder().encode(jobs)
let decoded = try JSONDecoder().decode([Job].self, from: data)
print("ready \(data.count) \(decoded.count)")
while readLine() != nil {}
