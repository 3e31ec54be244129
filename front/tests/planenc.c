#include "planenc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void put(struct penc *p, const void *d, size_t n)
{
    if (p->len + n > p->cap) {
        p->cap = (p->len + n) * 2 + 64;
        p->buf = realloc(p->buf, p->cap);
        if (!p->buf)
            abort();
    }
    memcpy(p->buf + p->len, d, n);
    p->len += n;
}

void pe_u32(struct penc *p, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(p, b, 4);
}

static void pe_u64(struct penc *p, uint64_t v)
{
    pe_u32(p, (uint32_t)v);
    pe_u32(p, (uint32_t)(v >> 32));
}

size_t pe_begin(struct penc *p, uint32_t type)
{
    size_t at = p->len;
    pe_u32(p, type);
    pe_u32(p, 0);
    return at;
}

void pe_finish(struct penc *p, size_t at)
{
    uint32_t len = (uint32_t)(p->len - at - 8);
    uint8_t *l = p->buf + at + 4;
    l[0] = (uint8_t)len, l[1] = (uint8_t)(len >> 8), l[2] = (uint8_t)(len >> 16), l[3] = (uint8_t)(len >> 24);
    static const uint8_t zero[8];
    put(p, zero, (8 - (p->len % 8)) % 8);
}

void pe_record(struct penc *p, uint32_t type, const void *payload, size_t len)
{
    size_t at = pe_begin(p, type);
    put(p, payload, len);
    pe_finish(p, at);
}

void pe_init_raw(struct penc *p)
{
    memset(p, 0, sizeof *p);
    p->section_at = (size_t)-1;
}

void pe_init(struct penc *p)
{
    pe_init_raw(p);
    size_t at = pe_begin(p, REC_HELLO);
    pe_u32(p, PLAN_MAGIC);
    pe_u32(p, PLAN_PROTOCOL_VERSION);
    pe_finish(p, at);
}

static void close_section(struct penc *p)
{
    if (p->section_at != (size_t)-1)
        pe_finish(p, p->section_at);
    p->section_at = (size_t)-1;
}

void pe_section(struct penc *p, int code)
{
    close_section(p);
    p->section_at = pe_begin(p, REC_SECTION);
    pe_u32(p, (uint32_t)code);
    pe_u32(p, 0);
}

void pe_op(struct penc *p, uint32_t code, const char *label, const char *sig, ...)
{
    va_list ap;
    va_start(ap, sig);
    size_t at = pe_begin(p, code);
    pe_record(p, REC_ARG_STR, label, strlen(label));
    for (const char *k = sig; *k; k++) {
        switch (*k) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            pe_record(p, REC_ARG_STR, s, strlen(s));
            break;
        }
        case 'u': {
            size_t a = pe_begin(p, REC_ARG_U64);
            pe_u64(p, va_arg(ap, uint64_t));
            pe_finish(p, a);
            break;
        }
        case 'b': {
            const void *d = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            pe_record(p, REC_ARG_BYTES, d, n);
            break;
        }
        case 'v': {
            const char *const *v = va_arg(ap, const char *const *);
            size_t a = pe_begin(p, REC_ARG_STRV);
            for (; v && *v; v++)
                pe_record(p, REC_ARG_STR, *v, strlen(*v));
            pe_finish(p, a);
            break;
        }
        }
    }
    pe_finish(p, at);
    va_end(ap);
}

void pe_end(struct penc *p)
{
    close_section(p);
    pe_begin(p, REC_END);
}

void pe_free(struct penc *p)
{
    free(p->buf);
    p->buf = NULL;
}
