import ControlModels
import Hummingbird

extension API {
    func addUserRoutes(_ g: RouterGroup<APIContext>) {
        g.get("users") { _, context in
            try context.admin()
            return try API.json(try await self.run { try $0.listUsers() })
        }
        g.post("users") { request, context in
            try context.admin()
            let body = try await API.body(request, context, as: UserCreate.self)
            return try API.json(try await self.run { try $0.createUser(body) }, status: .created)
        }
        g.get("users/me") { _, context in
            let me = try context.user()
            return try API.json(try await self.run { try $0.user(me.username) })
        }
        g.post("users/me/password") { request, context in
            let me = try context.user()
            let body = try await API.body(request, context, as: PasswordChange.self)
            try await self.run { try $0.changePassword(me.username, body) }
            return API.noContent()
        }
        g.get("users/:name") { _, context in
            try context.admin()
            let name = try context.param("name")
            return try API.json(try await self.run { try $0.user(name) })
        }
        g.patch("users/:name") { request, context in
            try context.admin()
            let name = try context.param("name")
            let body = try await API.body(request, context, as: UserUpdate.self)
            return try API.json(try await self.run { try $0.updateUser(name, body) })
        }
        g.delete("users/:name") { _, context in
            let me = try context.admin()
            let name = try context.param("name")
            try await self.run { try $0.deleteUser(name, by: me.username) }
            return API.noContent()
        }
    }

    func addGroupRoutes(_ g: RouterGroup<APIContext>) {
        g.get("groups") { _, context in
            try context.admin()
            return try API.json(try await self.run { try $0.listGroups() })
        }
        g.post("groups") { request, context in
            try context.admin()
            let body = try await API.body(request, context, as: GroupCreate.self)
            return try API.json(try await self.run { try $0.createGroup(body) }, status: .created)
        }
        g.get("groups/:name") { _, context in
            try context.admin()
            let name = try context.param("name")
            return try API.json(try await self.run { try $0.group(name) })
        }
        g.patch("groups/:name") { request, context in
            try context.admin()
            let name = try context.param("name")
            let body = try await API.body(request, context, as: GroupUpdate.self)
            return try API.json(try await self.run { try $0.updateGroup(name, body) })
        }
        g.delete("groups/:name") { _, context in
            try context.admin()
            let name = try context.param("name")
            try await self.run { try $0.deleteGroup(name) }
            return API.noContent()
        }
        g.put("groups/:name/members/:user") { _, context in
            try context.admin()
            let name = try context.param("name"), user = try context.param("user")
            return try API.json(try await self.run { try $0.addMember(group: name, user: user) })
        }
        g.delete("groups/:name/members/:user") { _, context in
            try context.admin()
            let name = try context.param("name"), user = try context.param("user")
            return try API.json(try await self.run { try $0.removeMember(group: name, user: user) })
        }
    }
}
