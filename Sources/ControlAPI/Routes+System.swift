import ControlModels
import Foundation
import Hummingbird
import NIOCore

extension API {
    func addHealthRoutes(_ router: Router<APIContext>) {
        router.get("health") { _, _ in
            try API.json(Health(status: "ok", version: ControlAPIInfo.version))
        }
        router.get("health/ready") { _, _ in
            let plane = self.plane
            let dbOK = (try? await plane.run { try plane.db.listSettings() }) != nil
            let adapters = plane.runtime.runningAdapters
            let checks = ["database": dbOK ? "ok" : "unavailable",
                          "adapters": adapters.isEmpty ? "none running" : adapters.joined(separator: ",")]
            let health = Health(status: dbOK ? "ok" : "degraded", version: ControlAPIInfo.version, checks: checks)
            return try API.json(health, status: dbOK ? .ok : .serviceUnavailable)
        }
    }

    func addSystemRoutes(_ g: RouterGroup<APIContext>) {
        g.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        g.get("plugins") { _, context in
            try context.admin()
            return try API.json(self.plane.plugins())
        }
        g.post("plugins/rescan") { _, context in
            try context.admin()
            return try API.json(try await self.run { $0.rescanPlugins() })
        }
        g.get("settings") { _, context in
            try context.admin()
            return try API.json(self.plane.listSettings())
        }
        g.get("settings/:key") { _, context in
            try context.admin()
            let key = try context.param("key")
            return try API.json(try self.plane.setting(key))
        }
        g.put("settings/:key") { request, context in
            try context.admin()
            let key = try context.param("key")
            let body = try await API.body(request, context, as: SettingValue.self)
            return try API.json(try await self.run { try $0.setSetting(key, body.value) })
        }
        g.get("status") { _, context in
            try context.admin()
            return try API.json(try await self.run { try $0.status() })
        }
    }
}

extension API {
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let e as DecodingError {
            throw ControlError(.invalid, "malformed JSON body: \(ProblemMapping.describe(e))")
        }
    }
}
