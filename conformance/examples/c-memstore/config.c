/*
 * config.c — a small, defensive scanner for c-memstore's configuration: one
 * flat JSON object. Values may be strings, numbers, true/false/null (nested
 * objects and arrays are parsed and skipped, up to a fixed depth, so that a
 * bad key can still be named). Malformed input yields DFS_ERR_INVAL, never a
 * crash.
 *
 * Known keys:
 *   "max_inodes"  integer >= 0 (or null = unlimited): the inode capacity that
 *                 statfs() reports and inode_create() enforces.
 */
#define _POSIX_C_SOURCE 200809L
#include "memstore.h"

#include <stdio.h>
#include <string.h>

#define JS_MAX_DEPTH 32
#define JS_KEY_CAP   256

typedef struct js {
    const char *p;
    const char *end;
} js;

enum { J_STR, J_NUM, J_BOOL, J_NULL, J_OBJ, J_ARR };

typedef struct jval {
    int type;
    int is_int;      /* J_NUM: no fraction, no exponent */
    int neg;         /* J_NUM: leading '-' */
    int overflow;    /* J_NUM: magnitude does not fit in 64 bits */
    uint64_t mag;    /* J_NUM: magnitude of an integer */
} jval;

static void js_ws(js *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int js_hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int js_u4(js *j, uint32_t *out) {
    if (j->end - j->p < 4) return -1;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = js_hex(j->p[i]);
        if (h < 0) return -1;
        v = (v << 4) | (uint32_t)h;
    }
    j->p += 4;
    *out = v;
    return 0;
}

static void js_put(char *out, size_t cap, size_t *n, uint8_t b) {
    if (out != NULL && *n < cap) out[*n] = (char)b;
    (*n)++;
}

/* A string at j->p (which must be '"'): decoded into out[0..cap) when out is
 * non-NULL, full decoded length in *len. 0, or -1 when malformed. */
static int js_string(js *j, char *out, size_t cap, size_t *len) {
    size_t n = 0;
    if (j->p >= j->end || *j->p != '"') return -1;
    j->p++;
    for (;;) {
        if (j->p >= j->end) return -1;
        unsigned char c = (unsigned char)*j->p++;
        if (c == '"') break;
        if (c < 0x20) return -1;
        if (c != '\\') {
            js_put(out, cap, &n, c);
            continue;
        }
        if (j->p >= j->end) return -1;
        char e = *j->p++;
        uint32_t cp;
        switch (e) {
        case '"': js_put(out, cap, &n, '"'); continue;
        case '\\': js_put(out, cap, &n, '\\'); continue;
        case '/': js_put(out, cap, &n, '/'); continue;
        case 'b': js_put(out, cap, &n, '\b'); continue;
        case 'f': js_put(out, cap, &n, '\f'); continue;
        case 'n': js_put(out, cap, &n, '\n'); continue;
        case 'r': js_put(out, cap, &n, '\r'); continue;
        case 't': js_put(out, cap, &n, '\t'); continue;
        case 'u':
            if (js_u4(j, &cp) != 0) return -1;
            if (cp >= 0xD800 && cp <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
                js save = *j;
                uint32_t lo;
                j->p += 2;
                if (js_u4(j, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    *j = save;
            }
            if (cp < 0x80) {
                js_put(out, cap, &n, (uint8_t)cp);
            } else if (cp < 0x800) {
                js_put(out, cap, &n, (uint8_t)(0xC0 | (cp >> 6)));
                js_put(out, cap, &n, (uint8_t)(0x80 | (cp & 0x3F)));
            } else if (cp < 0x10000) {
                js_put(out, cap, &n, (uint8_t)(0xE0 | (cp >> 12)));
                js_put(out, cap, &n, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
                js_put(out, cap, &n, (uint8_t)(0x80 | (cp & 0x3F)));
            } else {
                js_put(out, cap, &n, (uint8_t)(0xF0 | (cp >> 18)));
                js_put(out, cap, &n, (uint8_t)(0x80 | ((cp >> 12) & 0x3F)));
                js_put(out, cap, &n, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
                js_put(out, cap, &n, (uint8_t)(0x80 | (cp & 0x3F)));
            }
            continue;
        default:
            return -1;
        }
    }
    *len = n;
    return 0;
}

static int js_digit(const js *j) { return j->p < j->end && *j->p >= '0' && *j->p <= '9'; }

static int js_number(js *j, jval *v) {
    v->type = J_NUM;
    v->is_int = 1;
    v->neg = 0;
    v->overflow = 0;
    v->mag = 0;
    if (j->p < j->end && *j->p == '-') {
        v->neg = 1;
        j->p++;
    }
    if (!js_digit(j)) return -1;
    if (*j->p == '0') {
        j->p++;
    } else {
        while (js_digit(j)) {
            uint64_t d = (uint64_t)(*j->p - '0');
            if (v->mag > (UINT64_MAX - d) / 10) v->overflow = 1;
            else v->mag = v->mag * 10 + d;
            j->p++;
        }
    }
    if (j->p < j->end && *j->p == '.') {
        v->is_int = 0;
        j->p++;
        if (!js_digit(j)) return -1;
        while (js_digit(j)) j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        v->is_int = 0;
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-')) j->p++;
        if (!js_digit(j)) return -1;
        while (js_digit(j)) j->p++;
    }
    return 0;
}

static int js_literal(js *j, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0) return -1;
    j->p += n;
    return 0;
}

static int js_value(js *j, int depth, jval *v);

/* An object or array at j->p, skipped. */
static int js_container(js *j, int depth) {
    char open = *j->p++;
    char close = open == '{' ? '}' : ']';
    js_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return 0;
    }
    for (;;) {
        jval tmp;
        if (open == '{') {
            size_t len;
            js_ws(j);
            if (js_string(j, NULL, 0, &len) != 0) return -1;
            js_ws(j);
            if (j->p >= j->end || *j->p != ':') return -1;
            j->p++;
        }
        if (js_value(j, depth, &tmp) != 0) return -1;
        js_ws(j);
        if (j->p >= j->end) return -1;
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == close) {
            j->p++;
            return 0;
        }
        return -1;
    }
}

static int js_value(js *j, int depth, jval *v) {
    size_t len;
    js_ws(j);
    if (j->p >= j->end) return -1;
    switch (*j->p) {
    case '"': v->type = J_STR; return js_string(j, NULL, 0, &len);
    case 't': v->type = J_BOOL; return js_literal(j, "true");
    case 'f': v->type = J_BOOL; return js_literal(j, "false");
    case 'n': v->type = J_NULL; return js_literal(j, "null");
    case '{':
    case '[':
        if (depth >= JS_MAX_DEPTH) return -1;
        v->type = *j->p == '{' ? J_OBJ : J_ARR;
        return js_container(j, depth + 1);
    default:
        if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) return js_number(j, v);
        return -1;
    }
}

static const char *js_type_name(const jval *v) {
    switch (v->type) {
    case J_STR: return "a string";
    case J_NUM: return v->is_int ? "an integer" : "a number";
    case J_BOOL: return "a boolean";
    case J_NULL: return "null";
    case J_OBJ: return "an object";
    default: return "an array";
    }
}

/* The key as printable text for a message (at most 64 bytes shown). */
static void key_for_message(const char *key, size_t klen, char *out, size_t cap) {
    size_t n = 0, shown = klen < 64 ? klen : 64;
    if (shown > JS_KEY_CAP) shown = JS_KEY_CAP;
    for (size_t i = 0; i < shown && n + 1 < cap; i++) {
        unsigned char c = (unsigned char)key[i];
        out[n++] = (c < 0x20 || c == 0x7F || c == '"' || c == '\\') ? '?' : (char)c;
    }
    if (klen > shown && n + 4 < cap) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

dfs_status ms_parse_config(const char *json, ms_config *cfg, dfs_error *err) {
    char keyerr[256] = "";
    int seen_max = 0;
    cfg->has_max_inodes = 0;
    cfg->max_inodes = 0;
    if (json == NULL) return DFS_OK;
    js j = {json, json + strlen(json)};
    js_ws(&j);
    if (j.p == j.end) return DFS_OK;
    if (*j.p != '{') {
        jval v;
        if (js_value(&j, 0, &v) == 0 && (js_ws(&j), j.p == j.end))
            return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": configuration must be a JSON object, got %s", js_type_name(&v));
        return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": configuration is not valid JSON");
    }
    j.p++;
    js_ws(&j);
    if (j.p < j.end && *j.p == '}') {
        j.p++;
    } else {
        for (;;) {
            char key[JS_KEY_CAP];
            size_t klen;
            jval v;
            js_ws(&j);
            if (js_string(&j, key, sizeof key, &klen) != 0) goto malformed;
            js_ws(&j);
            if (j.p >= j.end || *j.p != ':') goto malformed;
            j.p++;
            if (js_value(&j, 1, &v) != 0) goto malformed;
            if (keyerr[0] == '\0') {
                char shown[80];
                key_for_message(key, klen, shown, sizeof shown);
                if (klen == 10 && memcmp(key, "max_inodes", 10) == 0) {
                    if (seen_max) {
                        snprintf(keyerr, sizeof keyerr, MS_NAME ": key \"max_inodes\" appears twice");
                    } else if (v.type == J_NULL) {
                        /* null: default (unlimited) */
                    } else if (v.type != J_NUM || !v.is_int) {
                        snprintf(keyerr, sizeof keyerr, MS_NAME ": key \"max_inodes\" must be an integer >= 0, got %s",
                                 js_type_name(&v));
                    } else if ((v.neg && v.mag != 0) || v.overflow) {
                        snprintf(keyerr, sizeof keyerr, MS_NAME ": key \"max_inodes\" is out of range 0...%llu",
                                 (unsigned long long)UINT64_MAX);
                    } else {
                        cfg->has_max_inodes = 1;
                        cfg->max_inodes = v.mag;
                    }
                    seen_max = 1;
                } else {
                    snprintf(keyerr, sizeof keyerr, MS_NAME ": unknown configuration key \"%s\" (known: \"max_inodes\")",
                             shown);
                }
            }
            js_ws(&j);
            if (j.p >= j.end) goto malformed;
            if (*j.p == ',') {
                j.p++;
                continue;
            }
            if (*j.p == '}') {
                j.p++;
                break;
            }
            goto malformed;
        }
    }
    js_ws(&j);
    if (j.p != j.end) goto malformed;
    if (keyerr[0] != '\0') {
        cfg->has_max_inodes = 0;
        cfg->max_inodes = 0;
        return MS_ERR(err, DFS_ERR_INVAL, "%s", keyerr);
    }
    return DFS_OK;

malformed:
    cfg->has_max_inodes = 0;
    cfg->max_inodes = 0;
    return MS_ERR(err, DFS_ERR_INVAL, MS_NAME ": configuration is not valid JSON (near byte %ld)",
                  (long)(j.p - json));
}
