import Foundation
import Hummingbird
import RClaudeServer
import RClaudeTestSupport
import Testing

/// docs/openapi.yaml and the router agree: every route in the spec exists, and every route the
/// server has is in the spec.
@Suite struct OpenAPISpecTests {
    /// `METHOD /path/{param}` for every operation in the spec.
    static func specRoutes() throws -> Set<String> {
        let text = try String(contentsOfFile: Fixtures.path("docs/openapi.yaml"), encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
            } else if let current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(String(key)) {
                    routes.insert("\(key.uppercased()) \(current)")
                }
            }
        }
        return routes
    }

    /// `METHOD /path/{param}` for every route of the router (`:id` written as `{id}`).
    static func serverRoutes() throws -> Set<String> {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let router = try buildRouter(fixture.configuration, version: "test")
        return Set(
            router.routes.map { route in
                let path = "\(route.path)".split(separator: "/").map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }
                return "\(route.method) /" + path.joined(separator: "/")
            })
    }

    @Test func everyRouteInTheSpecExistsAndEveryServerRouteIsInTheSpec() throws {
        let spec = try Self.specRoutes()
        let server = try Self.serverRoutes()
        #expect(spec.count >= 20, "the spec parser found \(spec.count) operations")
        #expect(spec.subtracting(server).sorted() == [], "in the spec but not served")
        #expect(server.subtracting(spec).sorted() == [], "served but not in the spec")
    }
}
