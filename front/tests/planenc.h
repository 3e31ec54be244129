/*
 * A test-only plan encoder: builds the wire format of docs/plan-protocol.md from plan.def codes, plus
 * raw helpers to build the malformed plans the decoder must reject.
 */
#ifndef JRUNC_TEST_PLANENC_H
#define JRUNC_TEST_PLANENC_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

struct penc {
    uint8_t *buf;
    size_t len, cap;
    size_t section_at; /* offset of the open SECTION record, or (size_t)-1 */
};

/* Starts with HELLO{magic, version}. */
void pe_init(struct penc *p);
void pe_init_raw(struct penc *p); /* no HELLO: the caller writes its own */

/* Open a section (closing the previous one). */
void pe_section(struct penc *p, int code);

/* An op: label, then one C argument per signature character:
 *   s: const char *   u: uint64_t   b: const void *, size_t   v: const char *const * (NULL-ended)
 * The signature is the caller's, so tests can send a wrong one on purpose. */
void pe_op(struct penc *p, uint32_t code, const char *label, const char *sig, ...);

/* Close the open section and write END. */
void pe_end(struct penc *p);

/* Low level: a record with arbitrary type and payload; begin/finish for nesting. */
void pe_record(struct penc *p, uint32_t type, const void *payload, size_t len);
size_t pe_begin(struct penc *p, uint32_t type);
void pe_finish(struct penc *p, size_t at);
void pe_u32(struct penc *p, uint32_t v);

void pe_free(struct penc *p);

#endif
