extension ControlRequest.Service {
    public struct Status: ControlRequestValue, Equatable {
        public static let method = ControlMethod.Service.status
        public init() {}
    }
}

extension ControlRequest.SystemdService {
    public struct Ping: ControlRequestValue, Equatable {
        public static let method = ControlMethod.SystemdService.ping
        public init() {}
    }

    public struct Reload: ControlRequestValue, Equatable {
        public static let method = ControlMethod.SystemdService.reload
        public init() {}
    }

    /// `SetLogLevel`: a syslog priority, 0 (emerg) to 7 (debug).
    public struct SetLogLevel: ControlRequestValue, Equatable {
        public static let method = ControlMethod.SystemdService.setLogLevel
        public var level: Int
        public init(level: Int) { self.level = level }
    }

    /// Declared, never answered (the environment may hold an API key).
    public struct GetEnvironment: ControlRequestValue, Equatable {
        public static let method = ControlMethod.SystemdService.getEnvironment
        public init() {}
    }
}
