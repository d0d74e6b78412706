/// The OpenAPI 3.0 document served at GET /api/v1/openapi.json.
enum OpenAPIDocument {
    static let json = #"""
    {"openapi": "3.0.3", "info": {"title": "DittoFS control plane", "version": "1"}, "paths": {}}
    """#
}
