/*
 * The decoded plan: sections of ops, each op a label plus typed arguments, all copied out of the wire
 * buffer into NUL-terminated strings so executors can hand them straight to syscalls.
 * Codes and signatures come from plan.def, the single definition Java is checked against too.
 */
#ifndef JRUNC_PLAN_H
#define JRUNC_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "errors.h"

enum record_type {
#define RECORD(name, code) REC_##name = code,
#include "plan.def"
#undef RECORD
};

enum section_code {
#define SECTION(name, code) SEC_##name = code,
#include "plan.def"
#undef SECTION
    SEC_MAX_ = 16
};

enum op_code {
#define OP(name, code, sig) OP_##name = code,
#include "plan.def"
#undef OP
    OP_MAX_ = 128
};

#define FLAG(name, bit) static const uint64_t F_##name = 1ULL << (bit);
#include "plan.def"
#undef FLAG

#define OP_MAX_ARGS 8

struct arg {
    char kind;        /* 's', 'u', 'b' or 'v' */
    char *str;        /* s: NUL-terminated; b: the bytes (plus a NUL for convenience) */
    size_t len;       /* s, b: length */
    uint64_t u;       /* u */
    char **strv;      /* v: NULL-terminated array, ready for execve */
    size_t count;     /* v: number of strings */
};

struct op {
    uint32_t code;
    const char *name; /* from plan.def, for dumps */
    char *label;
    unsigned nargs;
    struct arg args[OP_MAX_ARGS];
};

struct section {
    int present;
    size_t count;
    struct op *ops;
};

struct plan {
    uint32_t version;
    struct section sections[SEC_MAX_];
};

/* Decode and validate a whole plan; on failure fills e ("invalid plan: ...") and returns -EINVAL. */
int plan_decode(const uint8_t *buf, size_t len, struct plan *p, struct error *e);

/* Name and signature of an op code, or NULL if plan.def does not know it. */
const char *op_name(uint32_t code);
const char *op_signature(uint32_t code);
const char *section_name(int code);

/* The JRUNC_DUMP_PLAN text form: one line per op. */
void plan_dump(const struct plan *p, FILE *out);

#endif
