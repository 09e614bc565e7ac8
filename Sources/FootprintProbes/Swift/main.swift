// footprint-probe-swift: the baseline of `Benchmarks idle-footprint`. The Swift standard
// library and nothing else: builds and prints a small JSON text by hand, says "ready", then
// waits until its standard input closes so that its memory can be read from /proc.
struct Job { var id: String; var status: String; var createdAt: Int }
let jobs = (0..<100).map { Job(id: "ftjob-\($0)", status: "running", createdAt: 1_700_000_000 + $0) }
let text =
    "["
    + jobs.map { #"{"id":"\#($0.id)","status":"\#($0.status)","created_at":\#($0.createdAt)}"# }.joined(separator: ",")
    + "]"
print("ready \(text.utf8.count)")
while readLine() != nil {}
