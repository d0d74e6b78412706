import ControlModels
import Hummingbird

extension API {
    func addShareRoutes(_ g: RouterGroup<APIContext>) {
        g.get("shares") { _, context in
            try context.admin()
            return try API.json(try await self.run { try $0.listShares() })
        }
        g.post("shares") { request, context in
            try context.admin()
            let body = try await API.body(request, context, as: ShareCreate.self)
            return try API.json(try await self.run { try $0.createShare(body) }, status: .created)
        }
        g.get("shares/:name") { _, context in
            try context.admin()
            let name = try context.param("name")
            return try API.json(try await self.run { try $0.share(name) })
        }
        g.patch("shares/:name") { request, context in
            try context.admin()
            let name = try context.param("name")
            let body = try await API.body(request, context, as: ShareUpdate.self)
            return try API.json(try await self.run { try $0.updateShare(name, body) })
        }
        g.delete("shares/:name") { _, context in
            try context.admin()
            let name = try context.param("name")
            try await self.run { try $0.deleteShare(name) }
            return API.noContent()
        }
        g.get("shares/:name/permissions") { _, context in
            try context.admin()
            let name = try context.param("name")
            return try API.json(try await self.run { try $0.permissions(share: name) })
        }
        g.put("shares/:name/permissions") { request, context in
            try context.admin()
            let name = try context.param("name")
            let body = try await API.body(request, context, as: Permission.self)
            return try API.json(try await self.run { try $0.grant(share: name, body) })
        }
        g.delete("shares/:name/permissions/:kind/:principal") { _, context in
            try context.admin()
            let name = try context.param("name"), principal = try context.param("principal")
            guard let kind = PrincipalKind(rawValue: try context.param("kind")) else {
                throw ControlError(.invalid, "the principal kind is user or group")
            }
            try await self.run { try $0.revoke(share: name, kind: kind, principal: principal) }
            return API.noContent()
        }
    }
}
