import ControlModels
import Hummingbird

extension API {
    func addStoreRoutes(_ g: RouterGroup<APIContext>) {
        g.get("stores/:kind") { _, context in
            try context.admin()
            let kind = try Self.storeKind(context)
            return try API.json(try await self.run { try $0.listStores(kind) })
        }
        g.post("stores/:kind") { request, context in
            try context.admin()
            let kind = try Self.storeKind(context)
            let body = try await API.body(request, context, as: StoreCreate.self)
            return try API.json(try await self.run { try $0.addStore(kind, body) }, status: .created)
        }
        g.get("stores/:kind/:name") { _, context in
            try context.admin()
            let kind = try Self.storeKind(context), name = try context.param("name")
            return try API.json(try await self.run { try $0.store(kind, name) })
        }
        g.delete("stores/:kind/:name") { _, context in
            try context.admin()
            let kind = try Self.storeKind(context), name = try context.param("name")
            try await self.run { try $0.removeStore(kind, name) }
            return API.noContent()
        }
    }

    static func storeKind(_ context: APIContext) throws -> StoreKind {
        let raw = try context.param("kind")
        guard let kind = StoreKind(rawValue: raw) else {
            throw ControlError(.notFound, "no store kind \"\(raw)\" (use metadata or payload)")
        }
        return kind
    }

    func addAdapterRoutes(_ g: RouterGroup<APIContext>) {
        g.get("adapters") { _, context in
            try context.admin()
            return try API.json(try await self.run { try $0.listAdapters() })
        }
        g.get("adapters/:type") { _, context in
            try context.admin()
            let type = try context.param("type")
            return try API.json(try await self.run { try $0.adapter(type) })
        }
        g.patch("adapters/:type") { request, context in
            try context.admin()
            let type = try context.param("type")
            let body = try await API.body(request, context, as: AdapterConfig.self)
            return try API.json(try await self.run { try $0.updateAdapter(type, body) })
        }
        g.post("adapters/:type/enable") { request, context in
            try context.admin()
            let type = try context.param("type")
            // the body is optional: enable with the stored settings
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let body = buffer.readableBytes == 0 ? AdapterConfig()
                : try API.decode(AdapterConfig.self, from: buffer)
            return try API.json(try await self.run { try $0.enableAdapter(type, body) })
        }
        g.post("adapters/:type/disable") { _, context in
            try context.admin()
            let type = try context.param("type")
            return try API.json(try await self.run { try $0.disableAdapter(type) })
        }
    }
}
