import DaemonMetrics
import Testing

/// `MetricsListen=`: loopback or a Unix socket, or a non-loopback address written out.
@Suite struct MetricsListenAddressTests {
    @Test func acceptsUnixSocketsLoopbackAndExplicitAddresses() throws {
        #expect(
            try MetricsListenAddress.parse("/run/finetuned/metrics.sock").get()
                == .unixSocket(path: "/run/finetuned/metrics.sock"))
        #expect(try MetricsListenAddress.parse("127.0.0.1:9479").get() == .tcp(host: "127.0.0.1", port: 9479))
        #expect(try MetricsListenAddress.parse("[::1]:9479").get() == .tcp(host: "::1", port: 9479))
        #expect(try MetricsListenAddress.parse("0.0.0.0:9479").get() == .tcp(host: "0.0.0.0", port: 9479))
        #expect(try MetricsListenAddress.parse("[::]:9479").get() == .tcp(host: "::", port: 9479))
        #expect(try MetricsListenAddress.parse("127.0.0.1:0").get() == .tcp(host: "127.0.0.1", port: 0))
    }

    @Test func loopbackIsOnlyUnixSockets127And1() throws {
        #expect(try MetricsListenAddress.parse("/tmp/m.sock").get().isLoopback)
        #expect(try MetricsListenAddress.parse("127.0.0.1:1").get().isLoopback)
        #expect(try MetricsListenAddress.parse("[::1]:1").get().isLoopback)
        #expect(try !MetricsListenAddress.parse("0.0.0.0:1").get().isLoopback)
        #expect(try !MetricsListenAddress.parse("[::]:1").get().isLoopback)
        #expect(try !MetricsListenAddress.parse("192.0.2.7:1").get().isLoopback)
    }

    @Test func refusesHostnamesBarePortsAndOtherForms() {
        for text in [
            "localhost:9479", "9479", ":9479", "*:9479", "example.com:9479", "127.0.0.1", "[::1]",
            "::1:9479", "relative.sock", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80", "[::1]9479",
            "/" + String(repeating: "x", count: 120),
        ] {
            guard case .failure(let error) = MetricsListenAddress.parse(text) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(error.description.contains(text.count > 100 ? "107 bytes" : text), "\(error)")
        }
    }

    @Test func describesItselfAsWritten() throws {
        for text in ["/run/m.sock", "127.0.0.1:9479", "[::1]:9479", "0.0.0.0:80"] {
            #expect(try MetricsListenAddress.parse(text).get().description == text)
        }
    }
}
