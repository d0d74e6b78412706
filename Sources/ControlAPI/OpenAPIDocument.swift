/// The OpenAPI 3.0 document served at GET /api/v1/openapi.json.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "DittoFS control-plane API",
        "version": "1",
        "description": "Manage a DittoFS server: users and groups, shares and their permissions, stores, protocol adapters, plugins and live settings. JSON in and out (application/json).\n\nAuthentication: POST /api/v1/auth/login returns an access token and a refresh token. Send `Authorization: Bearer <accessToken>` on every other request under /api/v1 (all but login, refresh and this document). When a request answers 401, trade the refresh token for a new pair at POST /api/v1/auth/refresh; when that answers 401 too, log in again. Admin routes answer 403 to users.\n\nErrors are RFC 7807 problem documents (application/problem+json). Every response carries an X-Request-Id header (the client's own X-Request-Id when it sends a sane one: 1-128 of letters, digits, - and _).\n\nNames in paths are percent-encoded as one segment: the share /export is /api/v1/shares/%2Fexport. Unknown JSON properties in request bodies are ignored; absent optional properties take their defaults (create) or are left unchanged (update); the server omits absent optional properties from replies."
      },
      "servers": [
        {
          "url": "/"
        }
      ],
      "tags": [
        {
          "name": "auth",
          "description": "Log in and refresh tokens."
        },
        {
          "name": "users",
          "description": "Users (admin, except /users/me)."
        },
        {
          "name": "groups",
          "description": "Groups and memberships."
        },
        {
          "name": "shares",
          "description": "Shares (exports)."
        },
        {
          "name": "permissions",
          "description": "Grants of users and groups on shares."
        },
        {
          "name": "stores",
          "description": "Metadata and payload stores."
        },
        {
          "name": "adapters",
          "description": "Protocol adapters (NFS, ...)."
        },
        {
          "name": "plugins",
          "description": "Loaded plugins."
        },
        {
          "name": "settings",
          "description": "Live server settings."
        },
        {
          "name": "system",
          "description": "Status, health checks and this document."
        }
      ],
      "paths": {
        "/api/v1/auth/login": {
          "post": {
            "tags": [
              "auth"
            ],
            "summary": "Log in: trade a user name and password for tokens",
            "operationId": "login",
            "description": "Rate-limited: after auth.login_attempts_per_minute failed logins within a minute from one client address, logins from it are refused with 429 and Retry-After.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/LoginRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Access and refresh tokens.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/TokenPair"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": []
          }
        },
        "/api/v1/auth/refresh": {
          "post": {
            "tags": [
              "auth"
            ],
            "summary": "Trade a refresh token for a new token pair",
            "operationId": "refreshTokens",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/RefreshRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "New access and refresh tokens.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/TokenPair"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              }
            },
            "security": []
          }
        },
        "/api/v1/auth/logout": {
          "post": {
            "tags": [
              "auth"
            ],
            "summary": "End every session of the caller",
            "operationId": "logout",
            "description": "Any authenticated user. Every access and refresh token of the caller issued so far, on every client, is refused from now on (a password change does the same).",
            "responses": {
              "204": {
                "description": "Logged out everywhere."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/users": {
          "get": {
            "tags": [
              "users"
            ],
            "summary": "List users",
            "operationId": "listUsers",
            "responses": {
              "200": {
                "description": "Every user.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/User"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "post": {
            "tags": [
              "users"
            ],
            "summary": "Create a user",
            "operationId": "createUser",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UserCreate"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new user.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/User"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/users/me": {
          "get": {
            "tags": [
              "users"
            ],
            "summary": "The caller's own user record",
            "operationId": "getCurrentUser",
            "description": "Any authenticated user.",
            "responses": {
              "200": {
                "description": "The caller.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/User"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/users/me/password": {
          "post": {
            "tags": [
              "users"
            ],
            "summary": "Change one's own password",
            "operationId": "changeOwnPassword",
            "description": "Any authenticated user. 403 when currentPassword is wrong. Ends every session of the user, this one included: log in again with the new password.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/PasswordChange"
                  }
                }
              }
            },
            "responses": {
              "204": {
                "description": "Changed."
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/users/{name}": {
          "get": {
            "tags": [
              "users"
            ],
            "summary": "Get a user",
            "operationId": "getUser",
            "description": "Note: /api/v1/users/me is always the caller.",
            "parameters": [
              {
                "$ref": "#/components/parameters/UserName"
              }
            ],
            "responses": {
              "200": {
                "description": "The user.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/User"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "patch": {
            "tags": [
              "users"
            ],
            "summary": "Change a user (admin password reset included)",
            "operationId": "updateUser",
            "description": "Demoting the last admin is refused (409).",
            "parameters": [
              {
                "$ref": "#/components/parameters/UserName"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UserUpdate"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The changed user.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/User"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "delete": {
            "tags": [
              "users"
            ],
            "summary": "Delete a user",
            "operationId": "deleteUser",
            "description": "Deleting one's own account or the last admin is refused (409).",
            "parameters": [
              {
                "$ref": "#/components/parameters/UserName"
              }
            ],
            "responses": {
              "204": {
                "description": "Deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/groups": {
          "get": {
            "tags": [
              "groups"
            ],
            "summary": "List groups",
            "operationId": "listGroups",
            "responses": {
              "200": {
                "description": "Every group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Group"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "post": {
            "tags": [
              "groups"
            ],
            "summary": "Create a group",
            "operationId": "createGroup",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/GroupCreate"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Group"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/groups/{name}": {
          "get": {
            "tags": [
              "groups"
            ],
            "summary": "Get a group",
            "operationId": "getGroup",
            "parameters": [
              {
                "$ref": "#/components/parameters/GroupName"
              }
            ],
            "responses": {
              "200": {
                "description": "The group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Group"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "patch": {
            "tags": [
              "groups"
            ],
            "summary": "Change a group",
            "operationId": "updateGroup",
            "parameters": [
              {
                "$ref": "#/components/parameters/GroupName"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/GroupUpdate"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The changed group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Group"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "delete": {
            "tags": [
              "groups"
            ],
            "summary": "Delete a group",
            "operationId": "deleteGroup",
            "parameters": [
              {
                "$ref": "#/components/parameters/GroupName"
              }
            ],
            "responses": {
              "204": {
                "description": "Deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/groups/{name}/members/{user}": {
          "put": {
            "tags": [
              "groups"
            ],
            "summary": "Add a user to a group",
            "operationId": "addGroupMember",
            "parameters": [
              {
                "$ref": "#/components/parameters/GroupName"
              },
              {
                "$ref": "#/components/parameters/MemberName"
              }
            ],
            "responses": {
              "200": {
                "description": "The group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Group"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "delete": {
            "tags": [
              "groups"
            ],
            "summary": "Remove a user from a group",
            "operationId": "removeGroupMember",
            "description": "404 when the user is not a member.",
            "parameters": [
              {
                "$ref": "#/components/parameters/GroupName"
              },
              {
                "$ref": "#/components/parameters/MemberName"
              }
            ],
            "responses": {
              "200": {
                "description": "The group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Group"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/shares": {
          "get": {
            "tags": [
              "shares"
            ],
            "summary": "List shares",
            "operationId": "listShares",
            "responses": {
              "200": {
                "description": "Every share.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Share"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "post": {
            "tags": [
              "shares"
            ],
            "summary": "Create a share and serve it at once",
            "operationId": "createShare",
            "description": "Its stores must exist (404) and be open (409).",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ShareCreate"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new share.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Share"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/shares/{name}": {
          "get": {
            "tags": [
              "shares"
            ],
            "summary": "Get a share",
            "operationId": "getShare",
            "parameters": [
              {
                "$ref": "#/components/parameters/ShareName"
              }
            ],
            "responses": {
              "200": {
                "description": "The share.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Share"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "patch": {
            "tags": [
              "shares"
            ],
            "summary": "Change a share's options (applied to the next operation)",
            "operationId": "updateShare",
            "parameters": [
              {
                "$ref": "#/components/parameters/ShareName"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ShareUpdate"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The changed share.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Share"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "delete": {
            "tags": [
              "shares"
            ],
            "summary": "Stop serving a share and delete it with its grants",
            "description": "A share with a cache first uploads what its cache holds (up to 10 s); when the payload store cannot take it, nothing is deleted and the reply is 409. The cache directory is removed with the share.",
            "operationId": "deleteShare",
            "parameters": [
              {
                "$ref": "#/components/parameters/ShareName"
              }
            ],
            "responses": {
              "204": {
                "description": "Deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/shares/{name}/permissions": {
          "get": {
            "tags": [
              "permissions"
            ],
            "summary": "List the grants on a share",
            "operationId": "listSharePermissions",
            "parameters": [
              {
                "$ref": "#/components/parameters/ShareName"
              }
            ],
            "responses": {
              "200": {
                "description": "The grants.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Permission"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "put": {
            "tags": [
              "permissions"
            ],
            "summary": "Grant a user or group a level on a share",
            "operationId": "grantSharePermission",
            "description": "Replaces an earlier grant of the same principal; applied to the served share at once.",
            "parameters": [
              {
                "$ref": "#/components/parameters/ShareName"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/Permission"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Every grant on the share after the change.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Permission"
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/shares/{name}/permissions/{kind}/{principal}": {
          "delete": {
            "tags": [
              "permissions"
            ],
            "summary": "Revoke a grant",
            "operationId": "revokeSharePermission",
            "description": "404 when the principal has no grant on the share.",
            "parameters": [
              {
                "$ref": "#/components/parameters/ShareName"
              },
              {
                "$ref": "#/components/parameters/PrincipalKind"
              },
              {
                "$ref": "#/components/parameters/Principal"
              }
            ],
            "responses": {
              "204": {
                "description": "Revoked."
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/stores/{kind}": {
          "get": {
            "tags": [
              "stores"
            ],
            "summary": "List the stores of a kind",
            "operationId": "listStores",
            "parameters": [
              {
                "$ref": "#/components/parameters/StoreKind"
              }
            ],
            "responses": {
              "200": {
                "description": "The stores.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Store"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "post": {
            "tags": [
              "stores"
            ],
            "summary": "Add a store (validated by opening it)",
            "operationId": "createStore",
            "description": "A configuration the plugin rejects is refused (422) with the plugin's message and leaves nothing behind.",
            "parameters": [
              {
                "$ref": "#/components/parameters/StoreKind"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/StoreCreate"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new store.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Store"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/stores/{kind}/{name}": {
          "get": {
            "tags": [
              "stores"
            ],
            "summary": "Get a store",
            "operationId": "getStore",
            "parameters": [
              {
                "$ref": "#/components/parameters/StoreKind"
              },
              {
                "$ref": "#/components/parameters/StoreName"
              }
            ],
            "responses": {
              "200": {
                "description": "The store.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Store"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "delete": {
            "tags": [
              "stores"
            ],
            "summary": "Close and remove a store",
            "operationId": "deleteStore",
            "description": "Refused (409) while a share uses it.",
            "parameters": [
              {
                "$ref": "#/components/parameters/StoreKind"
              },
              {
                "$ref": "#/components/parameters/StoreName"
              }
            ],
            "responses": {
              "204": {
                "description": "Removed."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/adapters": {
          "get": {
            "tags": [
              "adapters"
            ],
            "summary": "List protocol adapters",
            "operationId": "listAdapters",
            "responses": {
              "200": {
                "description": "Every configured adapter, and loaded adapter plugins never configured (disabled).",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Adapter"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/adapters/{type}": {
          "get": {
            "tags": [
              "adapters"
            ],
            "summary": "Get an adapter",
            "operationId": "getAdapter",
            "parameters": [
              {
                "$ref": "#/components/parameters/AdapterType"
              }
            ],
            "responses": {
              "200": {
                "description": "The adapter.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Adapter"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "patch": {
            "tags": [
              "adapters"
            ],
            "summary": "Change an adapter's settings (a running adapter restarts with them)",
            "operationId": "updateAdapter",
            "parameters": [
              {
                "$ref": "#/components/parameters/AdapterType"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AdapterConfig"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The adapter.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Adapter"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/adapters/{type}/enable": {
          "post": {
            "tags": [
              "adapters"
            ],
            "summary": "Enable (start) an adapter, optionally with new settings",
            "operationId": "enableAdapter",
            "description": "Persisted only once the adapter runs.",
            "parameters": [
              {
                "$ref": "#/components/parameters/AdapterType"
              }
            ],
            "requestBody": {
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AdapterConfig"
                  }
                }
              },
              "description": "Optional: without a body the stored settings are used."
            },
            "responses": {
              "200": {
                "description": "The adapter.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Adapter"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/Unprocessable"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/adapters/{type}/disable": {
          "post": {
            "tags": [
              "adapters"
            ],
            "summary": "Disable (stop) an adapter gracefully",
            "operationId": "disableAdapter",
            "parameters": [
              {
                "$ref": "#/components/parameters/AdapterType"
              }
            ],
            "responses": {
              "200": {
                "description": "The adapter.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Adapter"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/plugins": {
          "get": {
            "tags": [
              "plugins"
            ],
            "summary": "List loaded plugins",
            "operationId": "listPlugins",
            "responses": {
              "200": {
                "description": "The plugins.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Plugin"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/plugins/rescan": {
          "post": {
            "tags": [
              "plugins"
            ],
            "summary": "Load new plugin files from the plugin directory",
            "operationId": "rescanPlugins",
            "responses": {
              "200": {
                "description": "What was found and what was refused.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/PluginRescan"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/settings": {
          "get": {
            "tags": [
              "settings"
            ],
            "summary": "List live settings",
            "operationId": "listSettings",
            "responses": {
              "200": {
                "description": "Every setting.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Setting"
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/settings/{key}": {
          "get": {
            "tags": [
              "settings"
            ],
            "summary": "Get a setting",
            "operationId": "getSetting",
            "parameters": [
              {
                "$ref": "#/components/parameters/SettingKey"
              }
            ],
            "responses": {
              "200": {
                "description": "The setting.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Setting"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          },
          "put": {
            "tags": [
              "settings"
            ],
            "summary": "Change a setting (validated, persisted, applied)",
            "operationId": "putSetting",
            "parameters": [
              {
                "$ref": "#/components/parameters/SettingKey"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SettingValue"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The setting.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Setting"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/status": {
          "get": {
            "tags": [
              "system"
            ],
            "summary": "Server status (what dfs status shows)",
            "operationId": "getStatus",
            "responses": {
              "200": {
                "description": "The status.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ServerStatus"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            },
            "security": [
              {
                "bearerAuth": []
              }
            ]
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "tags": [
              "system"
            ],
            "summary": "This OpenAPI document",
            "operationId": "getOpenAPIDocument",
            "responses": {
              "200": {
                "description": "The OpenAPI 3.0 document.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              }
            },
            "security": []
          }
        },
        "/health": {
          "get": {
            "tags": [
              "system"
            ],
            "summary": "Liveness: the process answers",
            "operationId": "getHealth",
            "responses": {
              "200": {
                "description": "Alive.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              }
            },
            "security": []
          }
        },
        "/health/ready": {
          "get": {
            "tags": [
              "system"
            ],
            "summary": "Readiness: the control database answers",
            "operationId": "getReadiness",
            "responses": {
              "200": {
                "description": "Ready.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "503": {
                "description": "Not ready (status degraded; checks say why).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              }
            },
            "security": []
          }
        }
      },
      "components": {
        "securitySchemes": {
          "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The accessToken of POST /api/v1/auth/login or /api/v1/auth/refresh."
          }
        },
        "parameters": {
          "UserName": {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "User name. Percent-encode it as one path segment.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "GroupName": {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Group name. Percent-encode it as one path segment.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "MemberName": {
            "name": "user",
            "in": "path",
            "required": true,
            "description": "User name. Percent-encode it as one path segment.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "ShareName": {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Share name, an export path: /export is %2Fexport.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "PrincipalKind": {
            "name": "kind",
            "in": "path",
            "required": true,
            "description": "Whether principal names a user or a group.",
            "schema": {
              "$ref": "#/components/schemas/PrincipalKind"
            }
          },
          "Principal": {
            "name": "principal",
            "in": "path",
            "required": true,
            "description": "User or group name. Percent-encode it as one path segment.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "StoreKind": {
            "name": "kind",
            "in": "path",
            "required": true,
            "description": "Store kind.",
            "schema": {
              "$ref": "#/components/schemas/StoreKind"
            }
          },
          "StoreName": {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "Store name. Percent-encode it as one path segment.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "AdapterType": {
            "name": "type",
            "in": "path",
            "required": true,
            "description": "Adapter plugin name, e.g. nfs.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "SettingKey": {
            "name": "key",
            "in": "path",
            "required": true,
            "description": "Setting key, e.g. log.level.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "Malformed request: a missing or empty JSON body, a missing or mistyped field, or a value the server refuses (the detail names it).",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Unauthorized": {
            "description": "No valid access token: the Authorization header is missing, not \"Bearer <token>\", or the token is invalid or expired (refresh it, or log in again), or its user no longer exists. Any request carrying a bad Authorization header gets this, even on routes that need no token.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Forbidden": {
            "description": "The caller is not an admin.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "NotFound": {
            "description": "A resource named in the path or the body does not exist.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Conflict": {
            "description": "The change clashes with the current state: a name or id already taken, a store in use, a store not open, the last admin, one's own account, an address already in use, or a concurrent change (retrying may help).",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "ContentTooLarge": {
            "description": "The request body is larger than 1 MiB.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Unprocessable": {
            "description": "A plugin refused the configuration or settings (its message is the detail).",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "TooManyRequests": {
            "description": "Too many failed logins from this client address.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            },
            "headers": {
              "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {
                  "type": "integer"
                }
              }
            }
          },
          "ServiceUnavailable": {
            "description": "The control database failed.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        },
        "schemas": {
          "Problem": {
            "type": "object",
            "description": "An RFC 7807 problem document: the body of every error (content type application/problem+json).",
            "required": [
              "type",
              "title",
              "status"
            ],
            "properties": {
              "type": {
                "type": "string",
                "description": "A URI naming the kind of problem: \"about:blank\" or \"https://dittofs.dev/problems/<slug>\"."
              },
              "title": {
                "type": "string",
                "description": "The HTTP reason phrase of `status`."
              },
              "status": {
                "type": "integer",
                "format": "int64",
                "description": "The HTTP status code."
              },
              "detail": {
                "type": "string",
                "description": "What went wrong, for a person."
              },
              "instance": {
                "type": "string",
                "description": "The request path."
              }
            }
          },
          "Role": {
            "type": "string",
            "enum": [
              "admin",
              "user"
            ],
            "description": "admin: manages everything; user: may only read its own record and change its own password."
          },
          "LoginRequest": {
            "type": "object",
            "description": "Body of POST /api/v1/auth/login.",
            "required": [
              "username",
              "password"
            ],
            "properties": {
              "username": {
                "type": "string"
              },
              "password": {
                "type": "string",
                "format": "password"
              }
            }
          },
          "RefreshRequest": {
            "type": "object",
            "description": "Body of POST /api/v1/auth/refresh.",
            "required": [
              "refreshToken"
            ],
            "properties": {
              "refreshToken": {
                "type": "string"
              }
            }
          },
          "TokenPair": {
            "type": "object",
            "description": "Reply of login and refresh.",
            "required": [
              "accessToken",
              "refreshToken",
              "tokenType",
              "expiresIn",
              "username",
              "role"
            ],
            "properties": {
              "accessToken": {
                "type": "string",
                "description": "Send as `Authorization: Bearer <accessToken>`."
              },
              "refreshToken": {
                "type": "string",
                "description": "Trade for a new pair at POST /api/v1/auth/refresh."
              },
              "tokenType": {
                "type": "string",
                "enum": [
                  "Bearer"
                ]
              },
              "expiresIn": {
                "type": "integer",
                "format": "int64",
                "description": "Seconds until accessToken expires."
              },
              "username": {
                "type": "string"
              },
              "role": {
                "$ref": "#/components/schemas/Role"
              }
            }
          },
          "User": {
            "type": "object",
            "description": "A user (never a password or a hash).",
            "required": [
              "name",
              "uid",
              "gid",
              "groups",
              "role"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "uid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "POSIX uid: NFS AUTH_SYS callers with this uid are this user."
              },
              "gid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Primary POSIX gid."
              },
              "groups": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Names of the groups the user is a member of."
              },
              "email": {
                "type": "string"
              },
              "role": {
                "$ref": "#/components/schemas/Role"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time",
                "description": "When the user was created (UTC, e.g. 2026-11-21T05:00:00Z)."
              }
            }
          },
          "UserCreate": {
            "type": "object",
            "description": "Body of POST /api/v1/users. Absent options take their defaults (role: user).",
            "required": [
              "name",
              "password"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^[a-z_][a-z0-9_.-]{0,31}$",
                "description": "1-32 of a-z, 0-9, _ . -, starting with a letter or _."
              },
              "password": {
                "type": "string",
                "minLength": 8,
                "maxLength": 72,
                "description": "8 characters at least, at most 72 bytes of UTF-8, no NUL."
              },
              "uid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Default: the next free uid from 1000."
              },
              "gid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Default: the uid."
              },
              "groups": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Existing groups to join."
              },
              "email": {
                "type": "string",
                "maxLength": 254,
                "pattern": "^[^@\\s]+@[^@\\s]+$",
                "description": "An email address (one @, no spaces)."
              },
              "role": {
                "$ref": "#/components/schemas/Role"
              }
            }
          },
          "UserUpdate": {
            "type": "object",
            "description": "Body of PATCH /api/v1/users/{name}: absent properties are left unchanged.",
            "properties": {
              "uid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "gid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "groups": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Replaces the user's group memberships."
              },
              "email": {
                "type": "string",
                "maxLength": 254,
                "pattern": "^[^@\\s]+@[^@\\s]+$",
                "description": "An email address (one @, no spaces)."
              },
              "role": {
                "$ref": "#/components/schemas/Role"
              },
              "password": {
                "type": "string",
                "minLength": 8,
                "maxLength": 72,
                "description": "An admin password reset. 8 characters at least, at most 72 bytes of UTF-8, no NUL."
              }
            }
          },
          "PasswordChange": {
            "type": "object",
            "description": "Body of POST /api/v1/users/me/password.",
            "required": [
              "currentPassword",
              "newPassword"
            ],
            "properties": {
              "currentPassword": {
                "type": "string",
                "format": "password"
              },
              "newPassword": {
                "type": "string",
                "minLength": 8,
                "maxLength": 72,
                "description": "8 characters at least, at most 72 bytes of UTF-8, no NUL."
              }
            }
          },
          "Group": {
            "type": "object",
            "description": "A group.",
            "required": [
              "name",
              "gid",
              "members"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "gid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "members": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "User names."
              }
            }
          },
          "GroupCreate": {
            "type": "object",
            "description": "Body of POST /api/v1/groups.",
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^[a-z_][a-z0-9_.-]{0,31}$",
                "description": "1-32 of a-z, 0-9, _ . -, starting with a letter or _."
              },
              "gid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Default: the next free gid from 1000."
              }
            }
          },
          "GroupUpdate": {
            "type": "object",
            "description": "Body of PATCH /api/v1/groups/{name}: absent properties are left unchanged.",
            "properties": {
              "gid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              }
            }
          },
          "AccessLevel": {
            "type": "string",
            "enum": [
              "none",
              "read",
              "read-write",
              "admin"
            ],
            "description": "What a principal may do on a share; ordered none < read < read-write < admin."
          },
          "SquashMode": {
            "type": "string",
            "enum": [
              "none",
              "root",
              "all"
            ],
            "description": "Identity squashing: none, root (uid 0 becomes anonUid/anonGid) or all callers."
          },
          "PrincipalKind": {
            "type": "string",
            "enum": [
              "user",
              "group"
            ]
          },
          "Share": {
            "type": "object",
            "description": "A share: an export path served by the adapters, its stores and its policy.",
            "required": [
              "name",
              "metadataStore",
              "payloadStore",
              "readOnly",
              "squash",
              "anonUid",
              "anonGid",
              "allowedClients",
              "requirePrivilegedPort",
              "defaultPermission",
              "rootUid",
              "rootGid",
              "rootMode"
            ],
            "properties": {
              "name": {
                "type": "string",
                "description": "The export path, e.g. /export."
              },
              "metadataStore": {
                "type": "string",
                "description": "Name of a metadata store."
              },
              "payloadStore": {
                "type": "string",
                "description": "Name of a payload store."
              },
              "readOnly": {
                "type": "boolean"
              },
              "squash": {
                "$ref": "#/components/schemas/SquashMode"
              },
              "anonUid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "anonGid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "allowedClients": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Each an IPv4 or IPv6 address, a CIDR block (10.0.0.0/8) or *; empty: every client."
              },
              "requirePrivilegedPort": {
                "type": "boolean"
              },
              "defaultPermission": {
                "$ref": "#/components/schemas/AccessLevel"
              },
              "cache": {
                "$ref": "#/components/schemas/ShareCache"
              },
              "rootUid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Owner of the share's root directory when it was created."
              },
              "rootGid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "rootMode": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4095,
                "description": "Permission bits the root directory was created with (493 = 0755)."
              }
            }
          },
          "ShareCreate": {
            "type": "object",
            "description": "Body of POST /api/v1/shares. Absent options take their defaults (squash root, defaultPermission read-write).",
            "required": [
              "name",
              "metadataStore",
              "payloadStore"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^/([^/\\u0000-\\u001f\\u007f]+(/[^/\\u0000-\\u001f\\u007f]+)*)?$",
                "maxLength": 255,
                "description": "An export path: starts with /, no // or trailing /, no control characters, at most 255 bytes."
              },
              "metadataStore": {
                "type": "string",
                "description": "An existing, open metadata store."
              },
              "payloadStore": {
                "type": "string",
                "description": "An existing, open payload store."
              },
              "readOnly": {
                "type": "boolean",
                "description": "Default false."
              },
              "squash": {
                "$ref": "#/components/schemas/SquashMode"
              },
              "anonUid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Default 65534."
              },
              "anonGid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Default 65534."
              },
              "allowedClients": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Each an IPv4 or IPv6 address, a CIDR block (10.0.0.0/8) or *. Default: every client."
              },
              "requirePrivilegedPort": {
                "type": "boolean",
                "description": "Default false."
              },
              "defaultPermission": {
                "$ref": "#/components/schemas/AccessLevel"
              },
              "cache": {
                "$ref": "#/components/schemas/ShareCache"
              },
              "rootUid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Owner of the root directory when the share's root is created in the metadata store (a root that already exists is kept). Default 0."
              },
              "rootGid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Default 0."
              },
              "rootMode": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4095,
                "description": "Permission bits of the root directory when created, at most 4095 (07777); e.g. 1023 = 01777 (sticky, everyone may create). Default 493 (0755)."
              }
            }
          },
          "ShareCache": {
            "type": "object",
            "description": "A write-back cache in front of the share's payload store (absent: none; added at creation, resized with PATCH). Writes land in a journal on the server's disk under <cache_dir>/<share id> (config.yaml; default <data dir>/cache) and are uploaded in the background; when the payload store is slow or down, writes slow down (NFS3ERR_JUKEBOX) instead of failing.",
            "required": [
              "sizeBytes",
              "remoteDurable"
            ],
            "properties": {
              "sizeBytes": {
                "type": "integer",
                "format": "int64",
                "minimum": 16777216,
                "maximum": 4611686018427387904,
                "description": "Local disk for dirty plus clean blocks, in bytes (at least 16 MiB). Writes are throttled when 75 % of it is dirty."
              },
              "remoteDurable": {
                "type": "boolean",
                "description": "COMMIT and FILE_SYNC return once the data is in the payload store, not only in the local journal."
              }
            }
          },
          "ShareUpdate": {
            "type": "object",
            "description": "Body of PATCH /api/v1/shares/{name}: absent properties are left unchanged (the stores of a share cannot change; its cache can be resized, not added or removed).",
            "properties": {
              "readOnly": {
                "type": "boolean"
              },
              "squash": {
                "$ref": "#/components/schemas/SquashMode"
              },
              "anonUid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "anonGid": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295
              },
              "allowedClients": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Each an IPv4 or IPv6 address, a CIDR block (10.0.0.0/8) or *; empty: every client."
              },
              "requirePrivilegedPort": {
                "type": "boolean"
              },
              "defaultPermission": {
                "$ref": "#/components/schemas/AccessLevel"
              },
              "cache": {
                "$ref": "#/components/schemas/ShareCacheUpdate"
              }
            }
          },
          "ShareCacheUpdate": {
            "type": "object",
            "description": "A change to the cache of a share that has one (409 for a share without): applied at once. A smaller size evicts clean blocks and throttles writes until the dirty bytes fall below the new watermarks; nothing is dropped.",
            "properties": {
              "sizeBytes": {
                "type": "integer",
                "format": "int64",
                "minimum": 16777216,
                "maximum": 4611686018427387904
              },
              "remoteDurable": {
                "type": "boolean"
              }
            }
          },
          "Permission": {
            "type": "object",
            "description": "One grant on a share. PUT replaces an earlier grant of the same principal.",
            "required": [
              "kind",
              "principal",
              "level"
            ],
            "properties": {
              "kind": {
                "$ref": "#/components/schemas/PrincipalKind"
              },
              "principal": {
                "type": "string",
                "description": "A user or group name."
              },
              "level": {
                "$ref": "#/components/schemas/AccessLevel"
              }
            }
          },
          "StoreKind": {
            "type": "string",
            "enum": [
              "metadata",
              "payload"
            ]
          },
          "Store": {
            "type": "object",
            "description": "A named, configured store.",
            "required": [
              "name",
              "kind",
              "type",
              "config",
              "status",
              "usedBy"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "kind": {
                "$ref": "#/components/schemas/StoreKind"
              },
              "type": {
                "type": "string",
                "description": "The store plugin, e.g. badgerlike, postgres, fs, s3."
              },
              "config": {
                "type": "object",
                "additionalProperties": true,
                "description": "The plugin configuration with secrets replaced by \"********\"."
              },
              "status": {
                "type": "string",
                "description": "\"open\", \"closed\", or \"error: <message>\"."
              },
              "usedBy": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Names of the shares using this store."
              }
            }
          },
          "StoreCreate": {
            "type": "object",
            "description": "Body of POST /api/v1/stores/{kind}.",
            "required": [
              "name",
              "type"
            ],
            "properties": {
              "name": {
                "type": "string",
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                "description": "1-64 of A-Z, a-z, 0-9, . _ -, starting with a letter or digit."
              },
              "type": {
                "type": "string",
                "description": "A loaded store plugin of this kind."
              },
              "config": {
                "type": "object",
                "additionalProperties": true,
                "description": "The plugin configuration (default {}); the store is opened with it before it is kept."
              }
            }
          },
          "Plugin": {
            "type": "object",
            "description": "A loaded plugin.",
            "required": [
              "kind",
              "name",
              "version",
              "abi",
              "capabilities",
              "file"
            ],
            "properties": {
              "kind": {
                "type": "string",
                "description": "adapter, metadata or payload."
              },
              "name": {
                "type": "string"
              },
              "version": {
                "type": "string"
              },
              "abi": {
                "type": "string",
                "description": "ABI version major.minor."
              },
              "capabilities": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "file": {
                "type": "string",
                "description": "Path of the .so file."
              }
            }
          },
          "PluginRescan": {
            "type": "object",
            "description": "Reply of POST /api/v1/plugins/rescan.",
            "required": [
              "plugins",
              "added",
              "rejected"
            ],
            "properties": {
              "plugins": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Plugin"
                }
              },
              "added": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Plugins loaded by this rescan."
              },
              "rejected": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Files refused, with the reason."
              }
            }
          },
          "Adapter": {
            "type": "object",
            "description": "A protocol adapter.",
            "required": [
              "type",
              "enabled",
              "port",
              "bind",
              "settings",
              "status"
            ],
            "properties": {
              "type": {
                "type": "string",
                "description": "The adapter plugin's name, e.g. nfs."
              },
              "enabled": {
                "type": "boolean"
              },
              "port": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "maximum": 65535,
                "description": "TCP port (the port actually bound when 0 was asked and it runs)."
              },
              "bind": {
                "type": "string",
                "description": "Listen address."
              },
              "settings": {
                "type": "object",
                "additionalProperties": true,
                "description": "Extra plugin settings (besides port and bind)."
              },
              "status": {
                "type": "string",
                "description": "\"running\", \"stopped\", or \"error: <message>\"."
              },
              "runtime": {
                "description": "The adapter's own status document while it runs (any JSON value)."
              }
            }
          },
          "AdapterConfig": {
            "type": "object",
            "description": "Body of PATCH /api/v1/adapters/{type} and POST /api/v1/adapters/{type}/enable: absent properties are left unchanged. Applied live (the adapter is restarted) and persisted.",
            "properties": {
              "port": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "maximum": 65535
              },
              "bind": {
                "type": "string",
                "minLength": 1,
                "description": "Listen address."
              },
              "settings": {
                "type": "object",
                "additionalProperties": true,
                "description": "Extra plugin settings; replaces the stored ones; must not hold port or bind."
              }
            }
          },
          "Setting": {
            "type": "object",
            "description": "A live server setting.",
            "required": [
              "key",
              "value"
            ],
            "properties": {
              "key": {
                "type": "string"
              },
              "value": {
                "type": "string"
              },
              "description": {
                "type": "string"
              }
            }
          },
          "SettingValue": {
            "type": "object",
            "description": "Body of PUT /api/v1/settings/{key}.",
            "required": [
              "value"
            ],
            "properties": {
              "value": {
                "type": "string"
              }
            }
          },
          "Health": {
            "type": "object",
            "description": "Reply of the health checks.",
            "required": [
              "status",
              "version"
            ],
            "properties": {
              "status": {
                "type": "string",
                "description": "\"ok\", or \"starting\"/\"degraded\" (with 503 on /health/ready)."
              },
              "version": {
                "type": "string"
              },
              "checks": {
                "type": "object",
                "additionalProperties": {
                  "type": "string"
                },
                "description": "Per-check results (readiness only), e.g. database: ok."
              }
            }
          },
          "ServerStatus": {
            "type": "object",
            "description": "Reply of GET /api/v1/status.",
            "required": [
              "version",
              "pid",
              "uptimeSeconds",
              "dataDirectory",
              "database",
              "shares",
              "adapters"
            ],
            "properties": {
              "version": {
                "type": "string"
              },
              "pid": {
                "type": "integer",
                "format": "int32"
              },
              "uptimeSeconds": {
                "type": "number",
                "format": "double"
              },
              "dataDirectory": {
                "type": "string"
              },
              "database": {
                "type": "string",
                "description": "The control database (secrets hidden)."
              },
              "shares": {
                "type": "integer",
                "format": "int64",
                "description": "Shares served."
              },
              "adapters": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Adapter"
                }
              }
            }
          }
        }
      }
    }
    """#
}
