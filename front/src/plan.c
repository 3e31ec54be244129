/*
 * Plan decoder. Everything the front does comes from this buffer, so it is checked before any op
 * runs: magic and version, known record and op types, argument kinds equal to the op's signature,
 * lengths that stay inside their parent record, strings without NUL bytes.
 */
#include "plan.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct op_info {
    const char *name;
    const char *sig;
};

static const struct op_info op_table[OP_MAX_] = {
#define OP(name, code, sig) [code] = {#name, sig},
#include "plan.def"
#undef OP
};

static const char *const section_names[SEC_MAX_] = {
#define SECTION(name, code) [code] = #name,
#include "plan.def"
#undef SECTION
};

const char *op_name(uint32_t code) { return code < OP_MAX_ ? op_table[code].name : NULL; }
const char *op_signature(uint32_t code) { return code < OP_MAX_ ? op_table[code].sig : NULL; }
const char *section_name(int code)
{
    return code > 0 && code < SEC_MAX_ ? section_names[code] : NULL;
}

/* A bounded reader over one record's payload. */
struct cursor {
    const uint8_t *p;
    size_t len;
    size_t off;
};

struct record {
    uint32_t type;
    const uint8_t *payload;
    uint32_t len;
};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static int bad(struct error *e, const char *what, size_t off)
{
    return err_reason(e, "invalid plan", -EINVAL, "%s at offset %zu", what, off);
}

/* Next record: header, payload inside the cursor, padding to 8 bytes (the last pad may be cut). */
static int next_record(struct cursor *c, struct record *r, size_t base, struct error *e)
{
    if (c->len - c->off < 8)
        return bad(e, "truncated record header", base + c->off);
    r->type = le32(c->p + c->off);
    r->len = le32(c->p + c->off + 4);
    if (r->len > c->len - c->off - 8)
        return bad(e, "record overruns its parent", base + c->off);
    r->payload = c->p + c->off + 8;
    size_t padded = ((size_t)r->len + 7) & ~(size_t)7;
    size_t remaining = c->len - c->off - 8;
    c->off += 8 + (padded <= remaining ? padded : remaining);
    return 0;
}

static char *dup_bytes(const uint8_t *p, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

static int decode_str(const struct record *r, char **out, size_t base, struct error *e)
{
    if (r->type != REC_ARG_STR)
        return bad(e, "expected a string argument", base);
    if (memchr(r->payload, '\0', r->len))
        return bad(e, "NUL byte in a string argument", base);
    *out = dup_bytes(r->payload, r->len);
    return *out ? 0 : err_errno(e, "invalid plan", ENOMEM);
}

static int decode_arg(const struct record *r, char kind, struct arg *a, size_t base, struct error *e)
{
    a->kind = kind;
    switch (kind) {
    case 's':
        if (decode_str(r, &a->str, base, e) < 0)
            return -EINVAL;
        a->len = r->len;
        return 0;
    case 'u':
        if (r->type != REC_ARG_U64 || r->len != 8)
            return bad(e, "expected a u64 argument", base);
        a->u = le64(r->payload);
        return 0;
    case 'b':
        if (r->type != REC_ARG_BYTES)
            return bad(e, "expected a bytes argument", base);
        a->str = dup_bytes(r->payload, r->len);
        a->len = r->len;
        return a->str ? 0 : err_errno(e, "invalid plan", ENOMEM);
    case 'v': {
        if (r->type != REC_ARG_STRV)
            return bad(e, "expected a string list argument", base);
        struct cursor c = {r->payload, r->len, 0};
        size_t n = 0, cap = 4;
        char **v = calloc(cap + 1, sizeof *v);
        while (v && c.off < c.len) {
            struct record s;
            if (next_record(&c, &s, base + 8, e) < 0 ||
                decode_str(&s, &v[n], base + 8 + c.off, e) < 0)
                return -EINVAL;
            if (++n == cap) {
                char **nv = realloc(v, (2 * cap + 1) * sizeof *v);
                if (!nv)
                    return err_errno(e, "invalid plan", ENOMEM);
                v = nv;
                cap *= 2;
            }
            v[n] = NULL;
        }
        if (!v)
            return err_errno(e, "invalid plan", ENOMEM);
        a->strv = v;
        a->count = n;
        return 0;
    }
    }
    return bad(e, "bad signature character", base);
}

static int decode_op(const struct record *r, struct op *op, size_t base, struct error *e)
{
    const char *sig = op_signature(r->type);
    if (!sig)
        return err_reason(e, "invalid plan", -EINVAL, "unknown op type %u at offset %zu", r->type,
                          base);
    op->code = r->type;
    op->name = op_name(r->type);
    struct cursor c = {r->payload, r->len, 0};
    struct record a;
    if (c.off >= c.len)
        return bad(e, "op without a label", base);
    if (next_record(&c, &a, base + 8, e) < 0 || decode_str(&a, &op->label, base + 8, e) < 0)
        return -EINVAL;
    op->nargs = 0;
    for (const char *k = sig; *k; k++) {
        size_t at = base + 8 + c.off;
        if (c.off >= c.len)
            return err_reason(e, "invalid plan", -EINVAL,
                              "op %s has fewer arguments than its signature \"%s\" at offset %zu",
                              op->name, sig, base);
        if (next_record(&c, &a, at, e) < 0 || decode_arg(&a, *k, &op->args[op->nargs], at, e) < 0)
            return -EINVAL;
        op->nargs++;
    }
    if (c.off != c.len)
        return err_reason(e, "invalid plan", -EINVAL,
                          "op %s has more arguments than its signature \"%s\" at offset %zu",
                          op->name, sig, base);
    return 0;
}

static int decode_section(const struct record *r, struct plan *p, size_t base, struct error *e)
{
    if (r->len < 8)
        return bad(e, "truncated section header", base);
    uint32_t code = le32(r->payload);
    if (!section_name((int)code) || le32(r->payload + 4) != 0)
        return err_reason(e, "invalid plan", -EINVAL, "unknown section %u at offset %zu", code, base);
    struct section *s = &p->sections[code];
    if (s->present)
        return err_reason(e, "invalid plan", -EINVAL, "duplicate section %s at offset %zu",
                          section_name((int)code), base);
    s->present = 1;
    struct cursor c = {r->payload, r->len, 8};
    size_t cap = 0;
    while (c.off < c.len) {
        size_t at = base + 8 + c.off;
        struct record o;
        if (next_record(&c, &o, base + 8, e) < 0)
            return -EINVAL;
        if (s->count == cap) {
            cap = cap ? 2 * cap : 8;
            struct op *n = realloc(s->ops, cap * sizeof *n);
            if (!n)
                return err_errno(e, "invalid plan", ENOMEM);
            s->ops = n;
        }
        memset(&s->ops[s->count], 0, sizeof s->ops[0]);
        if (decode_op(&o, &s->ops[s->count], at, e) < 0)
            return -EINVAL;
        s->count++;
    }
    return 0;
}

/* Structural rules the executor relies on: CLONE only as the last op of NAMESPACES. */
static int check_shape(const struct plan *p, struct error *e)
{
    for (int s = 1; s < SEC_MAX_; s++) {
        const struct section *sec = &p->sections[s];
        for (size_t i = 0; i < sec->count; i++) {
            int last_ns = s == SEC_NAMESPACES && i + 1 == sec->count;
            if ((sec->ops[i].code == OP_CLONE) != last_ns)
                return err_reason(e, "invalid plan", -EINVAL,
                                  "CLONE must be the last op of NAMESPACES, and only there");
        }
    }
    if (p->sections[SEC_NAMESPACES].present && p->sections[SEC_NAMESPACES].count == 0)
        return err_reason(e, "invalid plan", -EINVAL, "NAMESPACES without CLONE");
    return 0;
}

int plan_decode(const uint8_t *buf, size_t len, struct plan *p, struct error *e)
{
    memset(p, 0, sizeof *p);
    struct cursor c = {buf, len, 0};
    struct record r;
    if (next_record(&c, &r, 0, e) < 0)
        return -EINVAL;
    if (r.type != REC_HELLO || r.len != 8)
        return bad(e, "missing HELLO", 0);
    if (le32(r.payload) != PLAN_MAGIC)
        return err_reason(e, "invalid plan", -EINVAL, "bad magic 0x%08x", le32(r.payload));
    p->version = le32(r.payload + 4);
    if (p->version != PLAN_PROTOCOL_VERSION)
        return err_reason(e, "invalid plan", -EINVAL, "protocol version %u, this front speaks %u",
                          p->version, PLAN_PROTOCOL_VERSION);
    for (;;) {
        size_t at = c.off;
        if (c.off >= c.len)
            return bad(e, "missing END", at);
        if (next_record(&c, &r, 0, e) < 0)
            return -EINVAL;
        if (r.type == REC_END) {
            if (r.len != 0 || c.off != c.len)
                return bad(e, "data after END", at);
            return check_shape(p, e);
        }
        if (r.type != REC_SECTION)
            return err_reason(e, "invalid plan", -EINVAL, "unexpected record type %u at offset %zu",
                              r.type, at);
        if (decode_section(&r, p, at, e) < 0)
            return -EINVAL;
    }
}

static void dump_quoted(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", out);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(out, "\\x%02x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

void plan_dump(const struct plan *p, FILE *out)
{
    fprintf(out, "plan version %u\n", p->version);
    for (int s = 1; s < SEC_MAX_; s++) {
        const struct section *sec = &p->sections[s];
        if (!sec->present)
            continue;
        fprintf(out, "%s\n", section_name(s));
        for (size_t i = 0; i < sec->count; i++) {
            const struct op *op = &sec->ops[i];
            fprintf(out, "  %s ", op->name);
            dump_quoted(out, op->label, strlen(op->label));
            for (unsigned a = 0; a < op->nargs; a++) {
                const struct arg *arg = &op->args[a];
                fputc(' ', out);
                switch (arg->kind) {
                case 's':
                case 'b':
                    dump_quoted(out, arg->str, arg->len);
                    break;
                case 'u':
                    fprintf(out, "%llu", (unsigned long long)arg->u);
                    break;
                case 'v':
                    fputc('[', out);
                    for (size_t j = 0; j < arg->count; j++) {
                        if (j)
                            fputc(' ', out);
                        dump_quoted(out, arg->strv[j], strlen(arg->strv[j]));
                    }
                    fputc(']', out);
                    break;
                }
            }
            fputc('\n', out);
        }
    }
}
