import Hummingbird
import Synchronization

/// The methods each route pattern answers, so a known path with another method gets
/// 405 Method Not Allowed (with `Allow`) instead of 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: String)]>([])

    /// Records the router's routes (after they are all added).
    func load(_ descriptions: [Router<ServerRequestContext>.RouteDescription]) {
        routes.withLock {
            $0 = descriptions.map { (String(describing: $0.path).split(separator: "/"), $0.method.rawValue) }
        }
    }

    /// The methods `path` answers (empty when no route matches it).
    func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == parts.count
                    && zip(route.segments, parts).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern == part }
            }.map(\.method)
        }.sorted()
    }
}
